package dev.avline.testkit;

import java.time.Instant;

/**
 * One request {@link LiveHlsOrigin} answered, for assertions.
 *
 * @param at when the request arrived
 * @param path the path and query requested
 * @param sequence the media sequence number for a segment request, else -1
 * @param status the HTTP status sent (0: none, the connection was held or dropped)
 * @param bytesSent body bytes sent
 * @param fault the fault applied ("reset", "short", "status", "blackhole", …), or null
 */
public record OriginRequest(Instant at, String path, long sequence, int status, long bytesSent, String fault) {
    public boolean isSegment() {
        return sequence >= 0;
    }

    /** True when a whole segment body was sent with 200/206. */
    public boolean delivered() {
        return isSegment() && (status == 200 || status == 206) && fault == null;
    }
}
