package dev.avline.testkit;

import java.time.Instant;
import java.util.Map;

/**
 * One request an origin ({@link LiveHlsOrigin}, {@link StaticOrigin}) answered, for assertions.
 *
 * @param at when the request arrived
 * @param path the path and query requested
 * @param sequence the media sequence number for a segment request, else -1
 * @param status the HTTP status sent (0: none, the connection was held or dropped)
 * @param bytesSent body bytes sent
 * @param fault the fault applied ("reset", "short", "status", "blackhole", "redirect", "no_cookie", "stale_cookie", …), or null
 * @param headers the request's headers, names in lower case (the last value of a repeated name)
 *     ({@link #range()}, {@link #cookie()} and {@link #host()} read the ones tests ask about most)
 */
public record OriginRequest(Instant at, String path, long sequence, int status, long bytesSent, String fault,
                            Map<String, String> headers) {
    /**
     * Copies the headers, so the record stays immutable.
     *
     * @param at when the request arrived
     * @param path the path and query requested
     * @param sequence the media sequence number for a segment request, else -1
     * @param status the HTTP status sent (0: none, the connection was held or dropped)
     * @param bytesSent body bytes sent
     * @param fault the fault applied ("reset", "short", "status", "blackhole", "redirect", "no_cookie", "stale_cookie", …), or null
     * @param headers the request's headers, names in lower case (the last value of a repeated name) ({@link #range()}, {@link #cookie()} and {@link #host()} read the ones tests ask about most)
     */
    public OriginRequest {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    /**
     * A request whose headers were not recorded.
     *
     * @param at when the request arrived
     * @param path the path and query requested
     * @param sequence the media sequence number for a segment request, else -1
     * @param status the HTTP status sent (0: none, the connection was held or dropped)
     * @param bytesSent body bytes sent
     * @param fault the fault applied ("reset", "short", "status", "blackhole", "redirect", "no_cookie", "stale_cookie", …), or null
     */
    public OriginRequest(Instant at, String path, long sequence, int status, long bytesSent, String fault) {
        this(at, path, sequence, status, bytesSent, fault, Map.of());
    }

    /**
     * True for a segment request (one with a media sequence number).
     *
     * @return whether it asked for a segment
     */
    public boolean isSegment() {
        return sequence >= 0;
    }

    /**
     * True when a whole segment body was sent with 200/206.
     *
     * @return whether the segment was delivered
     */
    public boolean delivered() {
        return isSegment() && (status == 200 || status == 206) && fault == null;
    }

    /** {@return the {@code Range} header as sent ({@code bytes=0-1023}), or null} */
    public String range() {
        return header("range");
    }

    /** {@return the {@code Cookie} header as sent, or null when the request carried no cookie} */
    public String cookie() {
        return header("cookie");
    }

    /** {@return the {@code Host} header ({@code 127.0.0.1:PORT} or {@code localhost:PORT}), or null} */
    public String host() {
        return header("host");
    }

    /** {@return the path without its query} */
    public String pathOnly() {
        int q = path.indexOf('?');
        return q < 0 ? path : path.substring(0, q);
    }

    /**
     * A request header by name, in any case; null when the request did not carry it.
     *
     * @param name the name
     * @return its last value, or null
     */
    public String header(String name) {
        return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }
}
