package dev.avline.transcode;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which pass of an encode this is: the only one, or the first or second of x264's two-pass
 * encoding, whose statistics files live in {@code statsDir} (a temporary directory of the job).
 *
 * @param number 0 for a single pass, 1 or 2
 */
record EncodingPass(int number, Path statsDir) {
    static final EncodingPass SINGLE = new EncodingPass(0, null);

    /** The first of two: statistics written, nothing muxed, audio only measured (two-pass loudness) or skipped. */
    boolean first() {
        return number == 1;
    }

    /**
     * libx264's options for this pass: {@code flags=+pass1} writes the statistics file named by
     * {@code stats}, {@code +pass2} reads it (libx264 makes its first pass fast by itself).
     */
    Map<String, String> encoderOptions(String streamName) {
        if (number == 0) return Map.of();
        Map<String, String> m = new LinkedHashMap<>();
        m.put("flags", first() ? "+pass1" : "+pass2");
        m.put("stats", statsDir.resolve(streamName + ".x264.log").toString());
        return m;
    }
}
