package dev.avline.events;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A stage of a transcode could not use what was asked for and runs on something slower: a GPU
 * device that cannot be created, a decoder without acceleration for the codec, a hardware encoder
 * that does not open, or FFmpeg decoding in software although a device was attached.
 *
 * @param stage "device", "decode", "filter" or "encode"
 * @param from what was tried ("cuda", "h264_nvenc on cuda")
 * @param to what runs instead ("software", "libx264")
 * @param reason why, in FFmpeg's words where FFmpeg gave any
 * @param frames frames the stage had done when it fell back mid-stream (they are in the output);
 *               0 for a fallback before the first frame
 */
public record Fallback(Instant at, String stage, String from, String to, String reason, long frames) implements Event {
    /** A fallback before the first frame. */
    public Fallback(Instant at, String stage, String from, String to, String reason) {
        this(at, stage, from, to, reason, 0);
    }

    @Override
    public String kind() {
        return "fallback";
    }

    @Override
    public Map<String, Object> details() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("stage", stage);
        m.put("from", from);
        m.put("to", to);
        m.put("reason", reason);
        if (frames > 0) m.put("frames", frames);
        return m;
    }
}
