package dev.avline.ffi;

import org.bytedeco.ffmpeg.global.avutil;

/** Timestamp arithmetic with FFmpeg's rounding, without a JNI call on the common path. */
public final class Timestamps {
    /** FFmpeg's AV_NOPTS_VALUE: "no timestamp". */
    public static final long NOPTS = Long.MIN_VALUE;

    private Timestamps() {
    }

    /** a * b / c rounded to nearest (half away from zero), as av_rescale_rnd with AV_ROUND_NEAR_INF. */
    static long rescale(long a, long b, long c) {
        if (c <= 0 || b < 0) {
            return avutil.av_rescale_rnd(a, b, c, avutil.AV_ROUND_NEAR_INF | avutil.AV_ROUND_PASS_MINMAX);
        }
        long hi = Math.multiplyHigh(Math.abs(a), b);
        long lo = Math.abs(a) * b;
        if (hi != 0 || lo < 0 || a == Long.MIN_VALUE) {
            return avutil.av_rescale_rnd(a, b, c, avutil.AV_ROUND_NEAR_INF | avutil.AV_ROUND_PASS_MINMAX);
        }
        long q = (lo + c / 2) / c;
        if (lo > Long.MAX_VALUE - c / 2) {
            return avutil.av_rescale_rnd(a, b, c, avutil.AV_ROUND_NEAR_INF | avutil.AV_ROUND_PASS_MINMAX);
        }
        return a < 0 ? -q : q;
    }
}
