package dev.avline.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/**
 * Writes the origin's HTTP responses: bodies (whole, a requested range, or cut short for a fault)
 * and plain status answers. Bodies go out in chunks so that a blackhole starting mid-response
 * stalls it, as a dead network path would.
 */
final class HttpResponses {
    private static final int CHUNK = 16 * 1024;
    private static final long STALL_POLL_MS = 20;

    private final BooleanSupplier stalled;

    /** {@code stalled}: while true, no byte is written (a blackhole on an open origin). */
    HttpResponses(BooleanSupplier stalled) {
        this.stalled = stalled;
    }

    /** Sends a body (or the requested range of it); {@code cutAt} ≥ 0 stops after that many bytes. */
    long send(OutputStream out, int status, String type, byte[] body, HttpRequest r, boolean keepAlive, long cutAt)
            throws IOException {
        ByteRange range = ByteRange.parse(r.headers.get("range"), body.length);
        int from = 0;
        int to = body.length; // exclusive
        if (range != null) {
            if (range.from() >= body.length) {
                sendStatus(out, 416, keepAlive, r.head);
                return 0;
            }
            from = (int) range.from();
            to = (int) Math.min(body.length, range.to() + 1);
            status = 206;
        }
        StringBuilder h = new StringBuilder();
        h.append("HTTP/1.1 ").append(status).append(status == 206 ? " Partial Content" : " OK").append("\r\n");
        h.append("Content-Type: ").append(type).append("\r\n");
        h.append("Content-Length: ").append(to - from).append("\r\n");
        h.append("Accept-Ranges: bytes\r\n");
        if (status == 206) h.append("Content-Range: bytes ").append(from).append('-').append(to - 1).append('/').append(body.length).append("\r\n");
        h.append("Cache-Control: no-cache\r\n");
        h.append("Connection: ").append(keepAlive ? "keep-alive" : "close").append("\r\n\r\n");
        out.write(h.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (r.head) {
            out.flush();
            return 0;
        }
        int end = cutAt >= 0 ? (int) Math.min(to, from + cutAt) : to;
        long sent = 0;
        for (int p = from; p < end; ) {
            while (stalled.getAsBoolean()) sleep(STALL_POLL_MS); // a response in flight stalls too
            int n = Math.min(CHUNK, end - p);
            out.write(body, p, n);
            p += n;
            sent += n;
        }
        out.flush();
        return sent;
    }

    /** A status with a one-line text body (omitted for HEAD), for errors and injected failures. */
    static void sendStatus(OutputStream out, int status, boolean keepAlive, boolean head) throws IOException {
        byte[] body = ("status " + status + "\n").getBytes(StandardCharsets.ISO_8859_1);
        String h = "HTTP/1.1 " + status + " " + reason(status) + "\r\nContent-Type: text/plain\r\nContent-Length: "
                + body.length + "\r\nConnection: " + (keepAlive ? "keep-alive" : "close") + "\r\n\r\n";
        out.write(h.getBytes(StandardCharsets.ISO_8859_1));
        if (!head) out.write(body);
        out.flush();
    }

    private static String reason(int status) {
        switch (status) {
            case 404: return "Not Found";
            case 416: return "Range Not Satisfiable";
            case 500: return "Internal Server Error";
            case 502: return "Bad Gateway";
            case 503: return "Service Unavailable";
            case 504: return "Gateway Timeout";
            default: return "Status";
        }
    }

    /** Sleeps; an interrupt (the origin closing) ends the connection's thread through the exception. */
    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }
}
