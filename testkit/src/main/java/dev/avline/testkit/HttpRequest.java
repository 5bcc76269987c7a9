package dev.avline.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 request as the origin needs it: the target, whether it is a HEAD, and the headers
 * (names in lower case, the last value of a repeated name). Bodies are never read: the origin
 * answers GET and HEAD only, which carry none.
 */
final class HttpRequest {
    private static final int MAX_LINE = 16 * 1024;

    final String target;
    final boolean head;
    final Map<String, String> headers;

    private HttpRequest(String target, boolean head, Map<String, String> headers) {
        this.target = target;
        this.head = head;
        this.headers = headers;
    }

    /** The next request on a connection, or null when the client closed it. */
    static HttpRequest read(InputStream in) throws IOException {
        String line = readLine(in);
        // tolerate blank lines between keep-alive requests, as RFC 9112 asks servers to
        while (line != null && line.isEmpty()) line = readLine(in);
        if (line == null) return null;
        // METHOD SP target SP version; a target with raw spaces (as some clients send URIs taken
        // verbatim from a playlist) is kept whole, as lenient servers do
        int first = line.indexOf(' ');
        int last = line.lastIndexOf(' ');
        if (first <= 0) throw new IOException("bad request line");
        String target = last > first && line.substring(last + 1).startsWith("HTTP/")
                ? line.substring(first + 1, last) : line.substring(first + 1);
        Map<String, String> headers = new HashMap<>();
        for (String h; (h = readLine(in)) != null && !h.isEmpty(); ) {
            int c = h.indexOf(':');
            if (c > 0) headers.put(h.substring(0, c).trim().toLowerCase(Locale.ROOT), h.substring(c + 1).trim());
        }
        return new HttpRequest(target, line.substring(0, first).equals("HEAD"), headers);
    }

    /** Whether the client asked to keep the connection open (HTTP/1.1's default). */
    boolean keepAlive() {
        return !"close".equalsIgnoreCase(headers.getOrDefault("connection", ""));
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(128);
        int c;
        try {
            while ((c = in.read()) >= 0) {
                if (c == '\n') return b.toString(StandardCharsets.ISO_8859_1).stripTrailing();
                // a bounded line keeps a misbehaving client from growing the heap without end
                if (b.size() > MAX_LINE) throw new IOException("header line too long");
                b.write(c);
            }
        } catch (SocketException e) {
            // a reset connection is just a client that went away
            return null;
        }
        return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
    }
}
