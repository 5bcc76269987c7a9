package dev.avline.hls;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A plain static file server on 127.0.0.1, as many small origins are: the JDK's HttpServer, which
 * sends no {@code Accept-Ranges} and ignores {@code Range} (every answer is the whole file).
 * Redirects can be added per path.
 */
final class StaticFiles implements AutoCloseable {
    private final HttpServer server;
    private final Path root;
    private final Map<String, String> redirects = new ConcurrentHashMap<>();
    final List<String> requests = new CopyOnWriteArrayList<>();

    StaticFiles(Path root) throws IOException {
        this.root = root;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/", this::handle);
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** {@code path} answers 302 to {@code location}. */
    StaticFiles redirect(String path, String location) {
        redirects.put(path, location);
        return this;
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            String range = ex.getRequestHeaders().getFirst("Range");
            requests.add(path + (range == null ? "" : " " + range));
            String to = redirects.get(path);
            if (to != null) {
                ex.getResponseHeaders().set("Location", to);
                ex.sendResponseHeaders(302, -1);
                return;
            }
            Path file = root.resolve(path.substring(1)).normalize();
            if (!file.startsWith(root) || !Files.isRegularFile(file)) {
                ex.sendResponseHeaders(404, -1);
                return;
            }
            byte[] body = Files.readAllBytes(file);
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
