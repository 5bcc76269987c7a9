package dev.avline.events;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Media the source published that the recording does not contain: reported once per loss, when
 * the recording continues after it. The output timeline closes up over the gap (it stays
 * continuous); {@code outputSeconds} says where.
 *
 * @param firstSequence the first lost media sequence number
 * @param lastSequence the last lost media sequence number
 * @param lostSeconds the lost media duration (from the playlists; estimated for segments never seen)
 * @param estimated true when some lost segments were never listed in a playlist avline read
 * @param outputSeconds the output time where the recording continues
 * @param reason why it was lost ("HTTP 404 Not Found", "expired from the playlist during an outage", …)
 */
public record Gap(Instant at, long firstSequence, long lastSequence, double lostSeconds, boolean estimated,
                  double outputSeconds, String reason) implements Event {
    @Override
    public String kind() {
        return "gap";
    }

    /** {@return how many segments were lost} */
    public long segments() {
        return lastSequence - firstSequence + 1;
    }

    @Override
    public Map<String, Object> details() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("first_sequence", firstSequence);
        m.put("last_sequence", lastSequence);
        m.put("segments", segments());
        m.put("lost_seconds", lostSeconds);
        m.put("estimated", estimated);
        m.put("output_seconds", outputSeconds);
        m.put("reason", reason);
        return m;
    }
}
