package dev.avline.events;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A filter graph held this much input before its first output frame: the latency it adds to the
 * stream (dynamic {@code loudnorm} holds about 3 s of audio). Timestamps are not shifted by it;
 * a live consumer sees the stream that much later. Reported when above half a second.
 *
 * @param stream the output stream
 * @param seconds media time taken in before the first output, minus that output's timestamp
 * @param filter the graph's description
 */
public record FilterDelay(Instant at, int stream, double seconds, String filter) implements Event {
    @Override
    public String kind() {
        return "filter_delay";
    }

    @Override
    public Map<String, Object> details() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("stream", stream);
        m.put("seconds", seconds);
        m.put("filter", filter);
        return m;
    }
}
