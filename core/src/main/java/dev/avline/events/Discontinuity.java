package dev.avline.events;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The input's timestamps jumped (an HLS discontinuity, a restart, a wrap) and avline rebased
 * them: the output continues at {@code outputSeconds} without a jump.
 *
 * @param stream the input stream where the jump was seen
 * @param jumpSeconds how far the input's clock jumped (negative: backwards)
 * @param outputSeconds where the output timeline continues
 */
public record Discontinuity(Instant at, int stream, double jumpSeconds, double outputSeconds, String cause)
        implements Event {
    @Override
    public String kind() {
        return "discontinuity";
    }

    @Override
    public Map<String, Object> details() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("stream", stream);
        m.put("jump_seconds", jumpSeconds);
        m.put("output_seconds", outputSeconds);
        m.put("cause", cause);
        return m;
    }
}
