package dev.avline.transcode;

import java.time.Instant;

import dev.avline.JobContext;
import dev.avline.events.Discontinuity;
import dev.avline.ffi.AvError;
import dev.avline.ffi.FfmpegException;
import dev.avline.ffi.InputContainer;
import dev.avline.ffi.Packet;
import dev.avline.ffi.Rational;
import dev.avline.remux.Timeline;

/**
 * Reads packets, puts them on one continuous timeline that starts at zero ({@link Timeline}: the
 * same rebasing as a stream copy, one offset for all streams so A/V sync is kept), and hands each
 * to its decoder's queue, or straight to the muxer's for a copied stream. A stop request, or the
 * maximum duration, ends the input like its end: everything downstream drains and the output is
 * finalized.
 */
final class DemuxStage extends Stage {
    /** Where packets of one input stream go. */
    record Route(Link<Packet> link, int stream) {
    }

    private final InputContainer input;
    private final Route[] routes;        // by input stream index; null = dropped
    private final Rational[] timeBases;  // by input stream index
    private final Timeline timeline;
    private final JobContext context;
    private final double maxSeconds;
    private final Packet packet;
    private final long[] adjusted = new long[2];
    private double readRate;
    private long startNanos;
    private volatile long packetsRead;

    DemuxStage(Control control, InputContainer input, Route[] routes, Rational[] timeBases, JobContext context, Packet scratch) {
        super("demux", control);
        this.input = input;
        this.routes = routes;
        this.timeBases = timeBases;
        this.timeline = new Timeline(timeBases, 10_000_000, false);
        this.context = context;
        this.maxSeconds = context.maxDuration() == null ? Double.MAX_VALUE : context.maxDuration().toNanos() / 1e9;
        this.packet = scratch;
    }

    /**
     * Reads no faster than {@code rate} times real time (FFmpeg's {@code -readrate}; 1.0 is
     * {@code -re}): a file played out like a live source. Call before the stage starts.
     */
    DemuxStage readRate(double rate) {
        this.readRate = rate;
        return this;
    }

    @Override
    void work() {
        startNanos = System.nanoTime();
        while (!context.stopRequested()) {
            control.check();
            boolean got;
            try {
                got = input.read(packet);
            } catch (FfmpegException e) {
                if (e.error() == AvError.EXIT && context.stopRequested()) break;
                throw e;
            }
            if (!got) break;
            int index = packet.streamIndex();
            Route route = index < routes.length ? routes[index] : null;
            if (route == null) {
                packet.unref();
                continue;
            }
            long duration = packet.duration();
            Timeline.Adjustment a = timeline.adjust(index, packet.pts(), packet.dts(), duration, adjusted);
            if (a == Timeline.Adjustment.REBASED) {
                context.emit(new Discontinuity(Instant.now(), index, timeline.lastJumpSeconds(),
                        timeline.lastJumpOutputSeconds(), "timestamp jump in the input"));
            }
            packet.setTimestamps(adjusted[0], adjusted[1], duration);
            if (readRate > 0) pace(timeBases[index], adjusted[1] != dev.avline.ffi.Timestamps.NOPTS ? adjusted[1] : adjusted[0]);
            Slot<Packet> slot = route.link().acquire();
            packet.moveTo(slot.item);
            slot.stream = route.stream();
            slot.timeBase = timeBases[index];
            route.link().publish(slot);
            packetsRead++;
            if (timeline.endSeconds() >= maxSeconds) break;
        }
        for (Route r : routes) {
            if (r != null) r.link().publishEnd(r.stream());
        }
    }

    /** Waits until the wall clock has caught up with {@code ts} at the read rate (stops and aborts wake it). */
    private void pace(Rational tb, long ts) {
        if (ts == dev.avline.ffi.Timestamps.NOPTS) return;
        long due = startNanos + (long) (tb.seconds(ts) / readRate * 1e9);
        for (;;) {
            long wait = due - System.nanoTime();
            if (wait <= 0 || context.stopRequested()) return;
            control.check();
            java.util.concurrent.locks.LockSupport.parkNanos(Math.min(wait, 20_000_000L));
        }
    }

    long packetsRead() {
        return packetsRead;
    }
}
