package dev.avline.transcode;

import java.util.Locale;

/**
 * EBU R128 loudness normalisation with FFmpeg's {@code loudnorm}, followed by {@code aresample} back to
 * the output rate (loudnorm works at 192 kHz).
 *
 * <p><b>Dynamic mode</b> (one pass, the default) needs 3 s of audio before it outputs its first
 * frame: the audio of a live transcode leaves the filter about 3 s after the video (muxing waits for
 * it; the interleaving limit of 10 s is far above). Timestamps are not shifted: loudnorm stamps its
 * first output with its first input's time, so audio and video stay in sync in the output; only the
 * latency grows. {@code TranscodeLoudnormTest} measures both.
 *
 * <p><b>Two-pass linear mode</b> (files only): a first pass measures the input with {@code ebur128},
 * the second applies one constant gain ({@code loudnorm} with {@code linear=true} and the measured
 * values). No 3 s hold, no gain riding; loudnorm falls back to dynamic mode when a constant gain
 * would break the true-peak or range target.
 *
 * @param integrated target integrated loudness, LUFS (-70 to -5)
 * @param truePeak maximum true peak, dBTP (-9 to 0)
 * @param range target loudness range, LU (1 to 50)
 * @param twoPass measure first, then apply linearly
 */
public record Loudnorm(double integrated, double truePeak, double range, boolean twoPass) {
    public Loudnorm {
        if (!(integrated >= -70 && integrated <= -5)) {
            throw new IllegalArgumentException("audio.loudnorm.I must be between -70 and -5 LUFS, got " + integrated);
        }
        if (!(truePeak >= -9 && truePeak <= 0)) {
            throw new IllegalArgumentException("audio.loudnorm.TP must be between -9 and 0 dBTP, got " + truePeak);
        }
        if (!(range >= 1 && range <= 50)) {
            throw new IllegalArgumentException("audio.loudnorm.LRA must be between 1 and 50 LU, got " + range);
        }
    }

    /** The field's defaults: I=-16, TP=-1.5, LRA=11, dynamic (one pass). */
    public static Loudnorm ebuR128() {
        return new Loudnorm(-16, -1.5, 11, false);
    }

    /** The same targets, measured in a first pass and applied linearly in a second. */
    public Loudnorm withTwoPass(boolean on) {
        return new Loudnorm(integrated, truePeak, range, on);
    }

    /** The one-pass (dynamic) filter. */
    String dynamicFilter() {
        return String.format(Locale.ROOT, "loudnorm=I=%s:TP=%s:LRA=%s", num(integrated), num(truePeak), num(range));
    }

    /** The second-pass filter with the first pass's measurements. */
    String linearFilter(LoudnessMeasurement m) {
        return String.format(Locale.ROOT,
                "loudnorm=I=%s:TP=%s:LRA=%s:measured_I=%s:measured_TP=%s:measured_LRA=%s:measured_thresh=%s:linear=true",
                num(integrated), num(truePeak), num(range), num(m.integrated()), num(m.truePeak()),
                num(Math.max(m.range(), 0.01)), num(m.threshold()));
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
