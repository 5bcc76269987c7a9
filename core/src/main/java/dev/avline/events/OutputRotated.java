package dev.avline.events;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The recording finished one output file and continues in the next one.
 *
 * @param previous the finished file (finalized, playable)
 * @param next the file the recording continues in
 * @param reason "duration", "size", or "codec parameters changed: …"
 * @param previousSeconds media time in the finished file
 */
public record OutputRotated(Instant at, String previous, String next, String reason, double previousSeconds)
        implements Event {
    @Override
    public String kind() {
        return "rotation";
    }

    @Override
    public Map<String, Object> details() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("previous", previous);
        m.put("next", next);
        m.put("reason", reason);
        m.put("previous_seconds", previousSeconds);
        return m;
    }
}
