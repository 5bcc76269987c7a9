package dev.avline.remux;

import java.util.Arrays;

import dev.avline.ffi.Rational;
import dev.avline.ffi.Timestamps;

/**
 * Keeps an output timeline continuous and every stream's DTS strictly increasing, whatever the
 * input's timestamps do (HLS discontinuities, encoder restarts, 33-bit wraps, a re-opened input).
 *
 * <p>A jump is a DTS that goes backwards, or forwards by more than {@code maxForwardGapMicros},
 * compared with the end of the same stream's previous packet. Streams do not jump at the same
 * packet: around a discontinuity, a demuxer still hands out the old clock's last audio after the
 * new clock's first video. So each stream keeps its own offset (in microseconds) and moves to the
 * new clock only when its own timestamps jump: the first stream that jumps opens a new epoch whose
 * offset continues that stream right after its previous packet; the other streams, when they
 * jump, take that epoch's offset if it continues them plausibly too (then audio and video stay in
 * sync across the jump), or open their own.
 *
 * <p>No allocation per packet.
 */
@dev.avline.Internal
public final class Timeline {
    /** What happened to a packet. */
    public enum Adjustment { NONE, REBASED, NUDGED }

    /** Backwards movement tolerated before calling it a jump (nudged instead). */
    private static final long BACKWARD_SLACK_MICROS = 500_000;

    private final Rational[] timeBases;
    private final long[] lastDts;          // output side, in each stream's time base
    private final long[] lastEnd;          // output side dts + duration, microseconds
    private final long[] streamOffset;     // microseconds added to this stream's input clock
    private final int[] streamEpoch;
    private final long[] forwardGapMicros; // by stream: a forward jump larger than this is a discontinuity
    private final boolean keepInputTimestamps;
    private long epochOffset;              // the newest epoch's offset
    private int epoch;
    private int forcedEpoch = -1;          // streams older than this epoch must move to it
    private boolean forceRebase;
    private boolean started;
    private long startMicros;
    private long maxEndMicros = Long.MIN_VALUE;
    private long lastJumpMicros;
    private double lastJumpInputSeconds;

    /**
     * @param timeBases each stream's time base, by stream index
     * @param maxForwardGapMicros forward DTS jumps larger than this are treated as discontinuities
     * @param keepInputTimestamps true to keep the input's first timestamp (copyts), false to start at 0
     */
    public Timeline(Rational[] timeBases, long maxForwardGapMicros, boolean keepInputTimestamps) {
        this.timeBases = timeBases.clone();
        int n = timeBases.length;
        this.lastDts = new long[n];
        this.lastEnd = new long[n];
        this.streamOffset = new long[n];
        this.streamEpoch = new int[n];
        Arrays.fill(lastDts, Timestamps.NOPTS);
        Arrays.fill(lastEnd, Long.MIN_VALUE);
        this.forwardGapMicros = new long[n];
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
     * new HLS session): every stream continues right after the latest output end, whatever its value.
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
            dts = prev == Timestamps.NOPTS ? Rational.MICROS.rescale(Math.max(maxEndMicros, startMicros), tb)
                    : prev + Math.max(1, duration);
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
            epochOffset = keepInputTimestamps ? 0 : -dtsMicros;
            Arrays.fill(streamOffset, epochOffset);
            startMicros = dtsMicros + epochOffset;
        } else if (forceRebase) {
            long continueAt = Math.max(maxEndMicros, startMicros);
            openEpoch(stream, continueAt - dtsMicros, continueAt);
            forcedEpoch = epoch;
            forceRebase = false;
            result = Adjustment.REBASED;
        } else if (streamEpoch[stream] < forcedEpoch || lastEnd[stream] == Long.MIN_VALUE) {
            // After a forced rebase, or the first packet of a stream: it runs on the newest clock.
            follow(stream, dtsMicros);
        } else if (!continues(stream, dtsMicros + streamOffset[stream])) {
            if (streamEpoch[stream] < epoch && continues(stream, dtsMicros + epochOffset)) {
                // Another stream jumped first, to the clock this one has now reached: follow it.
                follow(stream, dtsMicros);
            } else {
                openEpoch(stream, lastEnd[stream] - dtsMicros, lastEnd[stream]);
                result = Adjustment.REBASED;
            }
        }
        long offsetInTb = Rational.MICROS.rescale(streamOffset[stream], tb);
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

    /** True when {@code candidateMicros} (output time) plausibly follows this stream's previous packet. */
    private boolean continues(int stream, long candidateMicros) {
        long end = lastEnd[stream];
        return candidateMicros >= end - BACKWARD_SLACK_MICROS && candidateMicros <= end + forwardGapMicros[stream];
    }

    /**
     * Moves {@code stream} to the newest clock. Where that would overlap the stream's own previous
     * packets (the old clock's audio ran a little past the new clock's start), the stream is
     * shifted by the overlap: a contiguous stream, at the cost of a desync as large as the
     * overlap (a fraction of a frame in practice), rather than packets squeezed into one instant.
     */
    private void follow(int stream, long dtsMicros) {
        long offset = epochOffset;
        long end = lastEnd[stream];
        if (end != Long.MIN_VALUE && dtsMicros + offset < end) offset += end - (dtsMicros + offset);
        streamOffset[stream] = offset;
        streamEpoch[stream] = epoch;
    }

    /** A new clock: {@code stream} continues at output time {@code continueAtMicros}. */
    private void openEpoch(int stream, long newOffset, long continueAtMicros) {
        lastJumpInputSeconds = (streamOffset[stream] - newOffset) / 1e6;
        lastJumpMicros = continueAtMicros;
        epoch++;
        epochOffset = newOffset;
        streamOffset[stream] = newOffset;
        streamEpoch[stream] = epoch;
    }

    private void trackEnd(int stream, long dts, long duration, Rational tb) {
        long end = tb.rescale(dts + Math.max(0, duration), Rational.MICROS);
        lastEnd[stream] = end;
        if (end > maxEndMicros) maxEndMicros = end;
    }

    /** {@return how far the input's clock jumped at the latest rebase (seconds; negative = backwards)} */
    public double lastJumpSeconds() {
        return lastJumpInputSeconds;
    }

    /** Output time (seconds) where the latest rebase continued. */
    public double lastJumpOutputSeconds() {
        return lastJumpMicros / 1e6;
    }

    /** Output time (seconds) of the first packet: 0, or the input's own start with copyts. */
    public double startSeconds() {
        return started ? startMicros / 1e6 : 0;
    }

    /** {@return the furthest output end time written so far, in seconds (0 before any packet)} */
    public double endSeconds() {
        return maxEndMicros == Long.MIN_VALUE ? 0 : maxEndMicros / 1e6;
    }

    /** {@return the newest clock's offset: output time minus input time, in microseconds} */
    public long offsetMicros() {
        return epochOffset;
    }
}
