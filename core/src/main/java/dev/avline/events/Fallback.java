package dev.avline.events;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A stage of a transcode could not use what was asked for and runs on something slower: a GPU
 * device that cannot be created, a decoder without acceleration for the codec, a hardware encoder
 * that does not open, or FFmpeg decoding in software although a device was attached.
 *
 * @param stage "device", "decode" or "encode"
 * @param from what was tried ("cuda", "h264_nvenc on cuda")
 * @param to what runs instead ("software", "libx264")
 * @param reason why, in FFmpeg's words where FFmpeg gave any
 */
public record Fallback(Instant at, String stage, String from, String to, String reason) implements Event {
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
        return m;
    }
}
