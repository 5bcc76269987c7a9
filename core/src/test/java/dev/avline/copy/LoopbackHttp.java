package dev.avline.copy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/** Serves a directory on 127.0.0.1 (an ephemeral port) and records every request with its headers. */
final class LoopbackHttp implements AutoCloseable {
    /** One request as the server saw it. */
    record Request(String path, Headers headers) {
        String header(String name) {
            return headers.getFirst(name);
        }
    }

    private final HttpServer server;
    private final Path root;
    final List<Request> requests = new CopyOnWriteArrayList<>();

    LoopbackHttp(Path root) throws IOException {
        this.root = root;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The URL of {@code relative} (a path under the served directory). */
    String url(String relative) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + relative;
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            requests.add(new Request(path, ex.getRequestHeaders()));
            Path file = root.resolve(path.substring(1)).normalize();
            if (!file.startsWith(root) || !Files.isRegularFile(file)) {
                ex.sendResponseHeaders(404, -1);
                return;
            }
            byte[] body = Files.readAllBytes(file);
            String name = file.getFileName().toString();
            ex.getResponseHeaders().set("Content-Type", name.endsWith(".m3u8") ? "application/vnd.apple.mpegurl"
                    : name.endsWith(".ts") ? "video/mp2t" : "application/octet-stream");
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** Requests whose path ends with {@code suffix}. */
    List<Request> requestsFor(String suffix) {
        return requests.stream().filter(r -> r.path().endsWith(suffix)).toList();
    }

    Map<String, Long> countByExtension() {
        return requests.stream().collect(java.util.stream.Collectors.groupingBy(
                r -> r.path().substring(r.path().lastIndexOf('.') + 1), java.util.stream.Collectors.counting()));
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
