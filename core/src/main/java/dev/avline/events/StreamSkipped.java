package dev.avline.events;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** An input stream that is not written, and why (for example a data stream the container cannot carry). */
public record StreamSkipped(Instant at, int stream, String type, String codec, String reason) implements Event {
    @Override
    public String kind() {
        return "stream_skipped";
    }

    @Override
    public Map<String, Object> details() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("stream", stream);
        m.put("type", type);
        m.put("codec", codec);
        m.put("reason", reason);
        return m;
    }
}
