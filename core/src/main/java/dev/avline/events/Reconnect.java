package dev.avline.events;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The live input was re-opened after its demuxer failed, ended without {@code #EXT-X-ENDLIST}, or
 * stalled; emitted when media flows again: at the first packet not written before (packets of a
 * segment re-delivered after the re-open do not count), so {@code at} is when the recording resumed.
 *
 * @param attempt re-opens so far in this recording (1 for the first)
 * @param reason why the previous input ended (no credentials)
 * @param outageSeconds wall time from the last new packet before the outage to the first new packet after it
 */
public record Reconnect(Instant at, int attempt, String reason, double outageSeconds) implements Event {
    @Override
    public String kind() {
        return "reconnect";
    }

    @Override
    public Map<String, Object> details() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("attempt", attempt);
        m.put("reason", reason);
        m.put("outage_seconds", outageSeconds);
        return m;
    }
}
