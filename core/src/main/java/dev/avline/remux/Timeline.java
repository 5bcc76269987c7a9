package dev.avline.remux;

import java.util.Arrays;

import dev.avline.ffi.Rational;
import dev.avline.ffi.Timestamps;

/**
 * Keeps an output timeline continuous and every stream's DTS strictly increasing, whatever the
 * input's timestamps do (HLS discontinuities, encoder restarts, 33-bit wraps, a re-opened input).
 *
 * <p>One offset (in microseconds) applies to all streams, so audio and video stay in sync across a
 * jump. A jump is a DTS that goes backwards, or forwards by more than {@code maxForwardGapMicros}, on
 * any stream; the offset is then moved so that stream continues right after its previous packet.
 * Packets of other streams that would still land at or before their own previous DTS are nudged
 * forward by one tick (this happens only in the instant around a jump).
 */
public final class Timeline {
    /** What happened to a packet. */
    public enum Adjustment { NONE, REBASED, NUDGED }

    private final Rational[] timeBases;
    private final long[] lastDts;          // output-side, in each stream's time base
    private final long[] lastEnd;          // output-side dts + duration, microseconds
    private final long[] forwardGapMicros;  // by stream: a forward jump larger than this is a discontinuity
    private final boolean keepInputTimestamps;
    private long offsetMicros;
    private boolean started;
    private long lastJumpMicros;
    private double lastJumpInputSeconds;
    private long maxEndMicros = Long.MIN_VALUE;
    private boolean forceRebase;

    /**
     * @param timeBases each input stream's time base, by stream index
     * @param maxForwardGapMicros forward DTS jumps larger than this are treated as discontinuities
     * @param keepInputTimestamps true to keep the input's first timestamp (copyts), false to start at 0
     */
    public Timeline(Rational[] timeBases, long maxForwardGapMicros, boolean keepInputTimestamps) {
        this.timeBases = timeBases.clone();
        this.lastDts = new long[timeBases.length];
        this.lastEnd = new long[timeBases.length];
        Arrays.fill(lastDts, Timestamps.NOPTS);
        Arrays.fill(lastEnd, Long.MIN_VALUE);
        this.forwardGapMicros = new long[timeBases.length];
        Arrays.fill(forwardGapMicros, maxForwardGapMicros);
        this.keepInputTimestamps = keepInputTimestamps;
    }

    /**
     * Sets the forward jump that counts as a discontinuity for one stream. Live recording closes up
     * lost media on audio and video (a short threshold) while sparse streams keep the default.
     */
    public void maxForwardGap(int stream, long micros) {
        forwardGapMicros[stream] = micros;
    }

    /**
     * Tells the timeline that the next packet starts a new, unrelated clock (a re-opened input, a
     * new HLS session): it will continue right after the latest output end, whatever its value.
     */
    public void expectDiscontinuity() {
        forceRebase = true;
    }

    /**
     * Computes output timestamps for one packet of {@code stream} (input time base), keeping the
     * result in the same time base.
     *
     * @param out receives {pts, dts} adjusted
     * @return what was done
     */
    public Adjustment adjust(int stream, long pts, long dts, long duration, long[] out) {
        Rational tb = timeBases[stream];
        if (dts == Timestamps.NOPTS) dts = pts;
        if (dts == Timestamps.NOPTS) {
            // No timestamp at all: continue right after this stream's previous packet.
            long prev = lastDts[stream];
            dts = prev == Timestamps.NOPTS ? 0 : prev + Math.max(1, duration);
            out[0] = dts;
            out[1] = dts;
            lastDts[stream] = dts;
            trackEnd(stream, dts, duration, tb);
            return Adjustment.NONE;
        }
        long dtsMicros = tb.rescale(dts, Rational.MICROS);
        Adjustment result = Adjustment.NONE;
        if (!started) {
            started = true;
            offsetMicros = keepInputTimestamps ? 0 : -dtsMicros;
        } else {
            long candidate = dtsMicros + offsetMicros;
            long prevEnd = lastEnd[stream] != Long.MIN_VALUE ? lastEnd[stream] : maxEndMicros;
            boolean jump = forceRebase
                    || (lastEnd[stream] != Long.MIN_VALUE
                        && (candidate < lastEnd[stream] - maxBackwardSlackMicros(stream) || candidate > prevEnd + forwardGapMicros[stream]));
            if (jump) {
                long continueAt = forceRebase ? Math.max(maxEndMicros, 0) : prevEnd;
                long newOffset = continueAt - dtsMicros;
                lastJumpInputSeconds = (newOffset - offsetMicros) / -1e6;
                offsetMicros = newOffset;
                lastJumpMicros = continueAt;
                forceRebase = false;
                result = Adjustment.REBASED;
            }
        }
        long offsetInTb = Rational.MICROS.rescale(offsetMicros, tb);
        long newDts = dts + offsetInTb;
        long newPts = pts == Timestamps.NOPTS ? Timestamps.NOPTS : pts + offsetInTb;
        long prev = lastDts[stream];
        if (prev != Timestamps.NOPTS && newDts <= prev) {
            long shift = prev + 1 - newDts;
            newDts += shift;
            if (newPts != Timestamps.NOPTS) newPts += shift;
            if (result == Adjustment.NONE) result = Adjustment.NUDGED;
        }
        if (newPts != Timestamps.NOPTS && newPts < newDts) newPts = newDts;
        out[0] = newPts;
        out[1] = newDts;
        lastDts[stream] = newDts;
        trackEnd(stream, newDts, duration, tb);
        return result;
    }

    /**
     * Backwards movement tolerated before calling it a jump: B-frame reordering never moves DTS
     * back, but muxed audio and video interleave loosely; half a second is far from any real jump.
     */
    private long maxBackwardSlackMicros(int stream) {
        return 500_000;
    }

    private void trackEnd(int stream, long dts, long duration, Rational tb) {
        long end = tb.rescale(dts + Math.max(0, duration), Rational.MICROS);
        lastEnd[stream] = end;
        if (end > maxEndMicros) maxEndMicros = end;
    }

    /** How far the input's clock jumped at the latest rebase (seconds; negative = backwards). */
    public double lastJumpSeconds() {
        return lastJumpInputSeconds;
    }

    /** Output time (seconds) where the latest rebase continued. */
    public double lastJumpOutputSeconds() {
        return lastJumpMicros / 1e6;
    }

    /** The furthest output end time written so far, in seconds (0 before any packet). */
    public double endSeconds() {
        return maxEndMicros == Long.MIN_VALUE ? 0 : maxEndMicros / 1e6;
    }

    /** Where the output timeline started, in seconds of the input clock (for copyts false: the first DTS). */
    public long offsetMicros() {
        return offsetMicros;
    }
}
