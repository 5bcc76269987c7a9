package dev.avline.hls;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback HTTP/1.1 server whose every answer is written by the test, byte by byte: resets in the
 * middle of a body, bodies shorter than their Content-Length, Range requests ignored or answered
 * wrong, redirects, cookies. One connection per request (the answer says {@code Connection: close}).
 */
final class ScriptedHttpServer implements AutoCloseable {
    /** A request as received. */
    record Request(String method, String path, Map<String, String> headers) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** Writes the answer to one request. */
    interface Handler {
        void answer(Request request, Socket socket, OutputStream out) throws IOException;
    }

    private final ServerSocket server;
    private final Handler handler;
    final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    ScriptedHttpServer(Handler handler) throws IOException {
        this.handler = handler;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::accept, "scripted-http");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getLocalPort() + path;
    }

    int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Thread t = new Thread(() -> serve(s), "scripted-http-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
            String line = in.readLine();
            if (line == null) return;
            String[] parts = line.split(" ");
            Map<String, String> headers = new LinkedHashMap<>();
            String h;
            while ((h = in.readLine()) != null && !h.isEmpty()) {
                int c = h.indexOf(':');
                if (c > 0) headers.put(h.substring(0, c).strip().toLowerCase(Locale.ROOT), h.substring(c + 1).strip());
            }
            Request r = new Request(parts[0], parts[1], headers);
            requests.add(r);
            handler.answer(r, s, s.getOutputStream());
        } catch (IOException e) {
            // the test's answer may have reset the connection on purpose
        }
    }

    /** Status line and headers (with Connection: close), then {@code body} bytes from {@code from} to {@code to}. */
    static void write(OutputStream out, int status, String reason, Map<String, String> headers, byte[] body, int from, int to)
            throws IOException {
        StringBuilder b = new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(reason).append("\r\n");
        headers.forEach((k, v) -> b.append(k).append(": ").append(v).append("\r\n"));
        b.append("Connection: close\r\n\r\n");
        out.write(b.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (body != null) out.write(body, from, to - from);
        out.flush();
    }

    /** Closes the connection with a TCP reset (SO_LINGER 0). */
    static void reset(Socket s) throws IOException {
        s.setSoLinger(true, 0);
        s.close();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
