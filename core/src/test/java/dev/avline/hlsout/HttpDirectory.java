package dev.avline.hlsout;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/** A tiny static file server for an HLS directory, on 127.0.0.1 only (an ephemeral port). */
final class HttpDirectory implements AutoCloseable {
    private final HttpServer server;
    private final Path root;

    HttpDirectory(Path root) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/", this::serve);
        server.start();
    }

    String url(String relative) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + relative;
    }

    private void serve(HttpExchange ex) throws IOException {
        try (ex) {
            Path file = root.resolve(ex.getRequestURI().getPath().substring(1)).normalize();
            byte[] body;
            try {
                if (!file.startsWith(root)) throw new NoSuchFileException(file.toString());
                body = Files.readAllBytes(file); // a segment deleted from a live window answers 404
            } catch (NoSuchFileException e) {
                ex.sendResponseHeaders(404, -1);
                return;
            }
            String name = file.getFileName().toString();
            ex.getResponseHeaders().set("Content-Type", name.endsWith(".m3u8") ? "application/vnd.apple.mpegurl"
                    : name.endsWith(".ts") ? "video/mp2t" : "video/mp4");
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
