package dev.avline.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/** One raw HTTP/1.1 GET with chosen headers, for tests of what an origin puts on the wire. */
final class RawHttp {
    private RawHttp() {
    }

    /** Status, headers as sent, and the body bytes as they arrived (chunk framing included). */
    record Response(int status, String head, byte[] body, IOException failure) {
        String header(String name) {
            for (String l : head.split("\r\n")) {
                int c = l.indexOf(':');
                if (c > 0 && l.substring(0, c).trim().equalsIgnoreCase(name)) return l.substring(c + 1).trim();
            }
            return null;
        }

        long contentLength() {
            String v = header("Content-Length");
            return v == null ? -1 : Long.parseLong(v);
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** The body of a chunked response, framing removed (what arrived of it). */
        byte[] unchunked() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int p = 0;
            while (p < body.length) {
                int eol = indexOf(body, p);
                if (eol < 0) break;
                int n = Integer.parseInt(new String(body, p, eol - p, StandardCharsets.ISO_8859_1).trim(), 16);
                if (n == 0) break;
                int start = eol + 2;
                out.write(body, start, Math.min(n, body.length - start));
                p = start + n + 2;
            }
            return out.toByteArray();
        }

        private static int indexOf(byte[] b, int from) {
            for (int i = from; i + 1 < b.length; i++) if (b[i] == '\r' && b[i + 1] == '\n') return i;
            return -1;
        }
    }

    /** GETs {@code url} with extra header lines ("Range: bytes=0-9"), Connection: close. */
    static Response get(String url, String... headerLines) throws IOException {
        URI u = URI.create(url);
        try (Socket s = new Socket("127.0.0.1", u.getPort())) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            StringBuilder req = new StringBuilder("GET ").append(u.getRawPath())
                    .append(u.getRawQuery() != null ? "?" + u.getRawQuery() : "").append(" HTTP/1.1\r\nHost: ")
                    .append(u.getHost()).append(':').append(u.getPort()).append("\r\n");
            for (String h : headerLines) req.append(h).append("\r\n");
            req.append("Connection: close\r\n\r\n");
            out.write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = s.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            IOException failure = null;
            try {
                in.transferTo(all);
            } catch (IOException e) {
                failure = e;
            }
            byte[] b = all.toByteArray();
            String text = new String(b, StandardCharsets.ISO_8859_1);
            int split = text.indexOf("\r\n\r\n");
            String head = text.substring(0, split);
            return new Response(Integer.parseInt(head.split(" ")[1]), head, Arrays.copyOfRange(b, split + 4, b.length), failure);
        }
    }

    static boolean contains(String haystack, String needle) {
        return haystack != null && haystack.toLowerCase(Locale.ROOT).contains(needle.toLowerCase(Locale.ROOT));
    }
}
