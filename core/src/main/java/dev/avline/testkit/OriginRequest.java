package dev.avline.testkit;

import java.time.Instant;
import java.util.Map;

/**
 * One request {@link LiveHlsOrigin} answered, for assertions.
 *
 * @param at when the request arrived
 * @param path the path and query requested
 * @param sequence the media sequence number for a segment request, else -1
 * @param status the HTTP status sent (0: none, the connection was held or dropped)
 * @param bytesSent body bytes sent
 * @param fault the fault applied ("reset", "short", "status", "blackhole", …), or null
 * @param headers the request's headers, names in lower case (the last value of a repeated name)
 */
public record OriginRequest(Instant at, String path, long sequence, int status, long bytesSent, String fault,
                            Map<String, String> headers) {
    public OriginRequest {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    /** A request whose headers were not recorded. */
    public OriginRequest(Instant at, String path, long sequence, int status, long bytesSent, String fault) {
        this(at, path, sequence, status, bytesSent, fault, Map.of());
    }

    public boolean isSegment() {
        return sequence >= 0;
    }

    /** True when a whole segment body was sent with 200/206. */
    public boolean delivered() {
        return isSegment() && (status == 200 || status == 206) && fault == null;
    }

    /** A request header by name, in any case; null when the request did not carry it. */
    public String header(String name) {
        return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }
}
