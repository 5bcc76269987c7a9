package dev.avline.events;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A live transcode changed how it encodes to keep up with real time (or stepped back up when there
 * was room): see {@code dev.avline.transcode.Adaptation} for the ladder of measures.
 *
 * @param direction "down" (cheaper) or "up" (back towards the configured quality)
 * @param measure "preset", "bitrate", "renditions" or "resolution"
 * @param from what it was ("veryfast", "1.00", "1080p,720p,480p", "1280x720")
 * @param to what it is from {@code fromSeconds} on
 * @param reason why, in words ("speed 0.82 &lt; 0.97 for 3.0 s")
 * @param speed media time / wall time over the window that triggered it
 * @param cpuLoad the machine's CPU load (0 to 1; -1 when the JVM cannot tell)
 * @param encoderBusy the busiest encoder's share of time spent encoding (0 to 1)
 * @param fromSeconds the output media time from which the change applies (a segment boundary)
 */
public record Adapt(Instant at, String direction, String measure, String from, String to, String reason, double speed,
                    double cpuLoad, double encoderBusy, double fromSeconds) implements Event {
    @Override
    public String kind() {
        return "adapt";
    }

    @Override
    public Map<String, Object> details() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("direction", direction);
        m.put("measure", measure);
        m.put("from", from);
        m.put("to", to);
        m.put("reason", reason);
        m.put("speed", speed);
        m.put("cpu_load", cpuLoad);
        m.put("encoder_busy", encoderBusy);
        m.put("from_seconds", fromSeconds);
        return m;
    }
}
