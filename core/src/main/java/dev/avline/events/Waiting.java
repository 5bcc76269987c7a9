package dev.avline.events;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A live recording is waiting for its first media: the playlist loaded but lists no segment yet
 * (a stream that has not started, an EVENT playlist before its first segment). Emitted once; the
 * recording starts by itself when segments appear, within the outage budget.
 *
 * @param url the playlist, credentials and tokens redacted
 * @param reason what it waits for
 */
public record Waiting(Instant at, String url, String reason) implements Event {
    @Override
    public String kind() {
        return "waiting";
    }

    @Override
    public Map<String, Object> details() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("url", url);
        m.put("reason", reason);
        return m;
    }
}
