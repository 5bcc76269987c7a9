package dev.avline.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Writes the origin's HTTP responses: bodies (whole, a requested range, or cut short for a fault)
 * and plain status answers, as the origin's {@link HttpSwitches} say (byte ranges advertised and
 * honoured or not, chunked transfer-encoding, a slow rate). Bodies go out in chunks so that a
 * blackhole starting mid-response stalls it, as a dead network path would.
 */
final class HttpResponses {
    private static final int CHUNK = 16 * 1024;
    private static final long STALL_POLL_MS = 20;
    /** {@code cutAt} for "half of what this response sends" (of the range, when one was asked for). */
    static final long CUT_HALF = -2;

    private final BooleanSupplier stalled;
    private final HttpSwitches switches;

    /** {@code stalled}: while true, no byte is written (a blackhole on an open origin). */
    HttpResponses(BooleanSupplier stalled, HttpSwitches switches) {
        this.stalled = stalled;
        this.switches = switches;
    }

    HttpResponses(BooleanSupplier stalled) {
        this(stalled, new HttpSwitches());
    }

    /**
     * Sends a body (or the requested range of it); {@code cutAt} ≥ 0 stops after that many bytes,
     * {@link #CUT_HALF} after half of it.
     */
    long send(OutputStream out, int status, String type, byte[] body, HttpRequest r, boolean keepAlive, long cutAt)
            throws IOException {
        return send(out, status, type, body, r, keepAlive, cutAt, Map.of());
    }

    /**
     * As {@link #send(OutputStream, int, String, byte[], HttpRequest, boolean, long)}, with extra
     * response headers ({@code Set-Cookie}, …). A range that starts past the end is answered 416.
     *
     * @return body bytes sent (the status actually sent is {@link #statusFor})
     */
    long send(OutputStream out, int status, String type, byte[] body, HttpRequest r, boolean keepAlive, long cutAt,
              Map<String, String> extraHeaders) throws IOException {
        ByteRange range = rangeOf(r, body.length);
        int from = 0;
        int to = body.length; // exclusive
        if (range != null) {
            if (range.from() >= body.length) {
                sendStatus(out, 416, keepAlive, r.head, Map.of("Content-Range", "bytes */" + body.length));
                return 0;
            }
            from = (int) range.from();
            to = (int) Math.min(body.length, range.to() + 1);
            status = 206;
        }
        String contentRange = status == 206 ? "bytes " + from + "-" + (to - 1) + "/" + body.length : null;
        return write(out, status, type, body, from, to, contentRange, r, keepAlive, cutAt, extraHeaders);
    }

    /**
     * Sends {@code part}, which is bytes {@code partOffset…} of a larger resource of {@code total}
     * bytes, as a 206 (a byte range of a file the origin does not hold whole).
     */
    long sendPart(OutputStream out, String type, byte[] part, long partOffset, long total, HttpRequest r, boolean keepAlive,
                  long cutAt, Map<String, String> extraHeaders) throws IOException {
        String contentRange = "bytes " + partOffset + "-" + (partOffset + part.length - 1) + "/" + total;
        return write(out, 206, type, part, 0, part.length, contentRange, r, keepAlive, cutAt, extraHeaders);
    }

    private long write(OutputStream out, int status, String type, byte[] body, int from, int to, String contentRange,
                       HttpRequest r, boolean keepAlive, long cutAt, Map<String, String> extraHeaders) throws IOException {
        boolean chunked = switches.chunked();
        StringBuilder h = new StringBuilder();
        h.append("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n");
        h.append("Content-Type: ").append(type).append("\r\n");
        if (chunked) h.append("Transfer-Encoding: chunked\r\n");
        else h.append("Content-Length: ").append(to - from).append("\r\n");
        if (switches.acceptRanges()) h.append("Accept-Ranges: bytes\r\n");
        if (contentRange != null) h.append("Content-Range: ").append(contentRange).append("\r\n");
        for (Map.Entry<String, String> e : extraHeaders.entrySet()) h.append(e.getKey()).append(": ").append(e.getValue()).append("\r\n");
        h.append("Cache-Control: no-cache\r\n");
        h.append("Connection: ").append(keepAlive ? "keep-alive" : "close").append("\r\n\r\n");
        out.write(h.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (r.head) {
            out.flush();
            return 0;
        }
        int end = cutAt == CUT_HALF ? from + (to - from) / 2 : cutAt >= 0 ? (int) Math.min(to, from + cutAt) : to;
        long rate = switches.bytesPerSecond();
        int chunk = rate > 0 ? (int) Math.max(512, Math.min(CHUNK, rate / 20)) : CHUNK;
        long started = System.nanoTime();
        long sent = 0;
        for (int p = from; p < end; ) {
            while (stalled.getAsBoolean()) sleep(STALL_POLL_MS); // a response in flight stalls too
            int n = Math.min(chunk, end - p);
            if (chunked) out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(body, p, n);
            if (chunked) out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            p += n;
            sent += n;
            if (rate > 0) {
                out.flush();
                long due = started + sent * 1_000_000_000L / rate;
                long wait = (due - System.nanoTime()) / 1_000_000;
                if (wait > 0) sleep(wait);
            }
        }
        // a cut chunked body never gets its last chunk: the client sees the connection end early
        if (chunked && end == to) out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return sent;
    }

    /** The status {@link #send} answers a request with for a body of {@code length} bytes (200, 206 or 416). */
    int statusFor(HttpRequest r, long length) {
        ByteRange range = rangeOf(r, length);
        if (range == null) return 200;
        return range.from() >= length ? 416 : 206;
    }

    /** The range a request asks for, unless ranges are ignored; null for none (or the whole body). */
    ByteRange rangeOf(HttpRequest r, long length) {
        return switches.ignoreRange() ? null : ByteRange.parse(r.headers.get("range"), length);
    }

    /** A status with a one-line text body (omitted for HEAD), for errors and injected failures. */
    static void sendStatus(OutputStream out, int status, boolean keepAlive, boolean head) throws IOException {
        sendStatus(out, status, keepAlive, head, Map.of());
    }

    static void sendStatus(OutputStream out, int status, boolean keepAlive, boolean head, Map<String, String> extraHeaders)
            throws IOException {
        byte[] body = ("status " + status + "\n").getBytes(StandardCharsets.ISO_8859_1);
        StringBuilder h = new StringBuilder();
        h.append("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\nContent-Type: text/plain\r\nContent-Length: ")
                .append(body.length).append("\r\n");
        for (Map.Entry<String, String> e : extraHeaders.entrySet()) h.append(e.getKey()).append(": ").append(e.getValue()).append("\r\n");
        h.append("Connection: ").append(keepAlive ? "keep-alive" : "close").append("\r\n\r\n");
        out.write(h.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (!head) out.write(body);
        out.flush();
    }

    /** A redirect to {@code location}, written as given (relative, root-relative or absolute). */
    static void sendRedirect(OutputStream out, int status, String location, boolean keepAlive, boolean head) throws IOException {
        sendStatus(out, status, keepAlive, head, Map.of("Location", location));
    }

    static String reason(int status) {
        switch (status) {
            case 200: return "OK";
            case 206: return "Partial Content";
            case 301: return "Moved Permanently";
            case 302: return "Found";
            case 303: return "See Other";
            case 307: return "Temporary Redirect";
            case 308: return "Permanent Redirect";
            case 403: return "Forbidden";
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
