package dev.avline.ffi;

/** A time base or frame rate: num/den, as FFmpeg's {@code AVRational}, but a plain Java value. */
public record Rational(int num, int den) {
    public static final Rational MICROS = new Rational(1, 1_000_000);
    public static final Rational MPEGTS = new Rational(1, 90_000);

    public double toDouble() {
        return den == 0 ? 0 : (double) num / den;
    }

    /** Seconds of {@code ts} in this time base. */
    public double seconds(long ts) {
        return ts * toDouble();
    }

    /**
     * Rescales {@code ts} from this time base to {@code to}, rounding to nearest, passing
     * {@code AV_NOPTS_VALUE} through untouched (FFmpeg's AV_ROUND_NEAR_INF|AV_ROUND_PASS_MINMAX).
     * Pure Java on the common path: no JNI, no allocation.
     */
    public long rescale(long ts, Rational to) {
        if (ts == Timestamps.NOPTS || ts == Long.MAX_VALUE) return ts;
        if (this.equals(to)) return ts;
        long b = (long) num * to.den;
        long c = (long) to.num * den;
        return Timestamps.rescale(ts, b, c);
    }

    @Override
    public String toString() {
        return num + "/" + den;
    }
}
