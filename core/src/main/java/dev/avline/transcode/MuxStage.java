package dev.avline.transcode;

import dev.avline.ffi.BitstreamFilter;
import dev.avline.ffi.CodecResult;
import dev.avline.ffi.OutputContainer;
import dev.avline.ffi.Packet;
import dev.avline.ffi.Rational;
import dev.avline.ffi.Timestamps;

/**
 * Writes every stream's packets to the output as they come (the muxer interleaves them), sends
 * progress snapshots every stats period even while nothing arrives, and writes the trailer once
 * every stream has ended. After a failure elsewhere it just stops; the job then closes the output,
 * which writes the trailer, so what was written stays playable.
 */
final class MuxStage extends Stage {
    /** Sees each packet before it is written (a ladder reads its rendition's SPS from the first keyframe). */
    interface Tap {
        void beforeWrite(int stream, Packet p);
    }

    private final OutputContainer muxer;
    private final Link<Packet> in;
    private final int streams;
    private final Rational[] timeBases;     // by output stream, the muxer's
    private final boolean[] video;          // by output stream
    private final BitstreamFilter[] filters; // by output stream, null = none
    private final Packet filtered;
    private final ProgressSampler progress;
    private final long periodNanos;
    private long nextProgress;
    private Tap tap;
    private volatile boolean finished;
    private volatile long packets;
    private volatile long videoPackets;
    private volatile long endMicros;

    MuxStage(Control control, OutputContainer muxer, Link<Packet> in, boolean[] video, BitstreamFilter[] filters,
             Packet filtered, ProgressSampler progress, long periodNanos) {
        this("mux", control, muxer, in, video, filters, filtered, progress, periodNanos);
    }

    /** @param progress reports a snapshot every {@code periodNanos}; null: another stage reports */
    MuxStage(String name, Control control, OutputContainer muxer, Link<Packet> in, boolean[] video,
             BitstreamFilter[] filters, Packet filtered, ProgressSampler progress, long periodNanos) {
        super(name, control);
        this.muxer = muxer;
        this.in = in;
        this.streams = video.length;
        this.video = video;
        this.filters = filters;
        this.filtered = filtered;
        this.progress = progress;
        this.periodNanos = periodNanos;
        this.timeBases = new Rational[streams];
        for (int i = 0; i < streams; i++) timeBases[i] = muxer.timeBase(i);
    }

    @Override
    void work() {
        int open = streams;
        nextProgress = System.nanoTime() + periodNanos;
        while (open > 0) {
            long now = System.nanoTime();
            if (progress != null && now - nextProgress >= 0) {
                progress.report(this, false);
                // From after the snapshot was taken, so two snapshots' elapsed times are never closer
                // than the period (the snapshot reads the clock a little after 'now').
                now = System.nanoTime();
                nextProgress = now + periodNanos;
            }
            Slot<Packet> s = in.poll(progress != null ? nextProgress - now : Long.MAX_VALUE);
            if (s == null) continue;
            if (s.end) {
                open--;
                in.release(s);
                continue;
            }
            write(s);
            in.release(s);
        }
        muxer.writeTrailer();
        finished = true;
    }

    /** Calls {@code t} with each packet before it is written (set before the stage starts). */
    MuxStage tap(Tap t) {
        this.tap = t;
        return this;
    }

    /** True once the trailer was written. */
    boolean finished() {
        return finished;
    }

    private void write(Slot<Packet> s) {
        int o = s.stream;
        Packet p = s.item;
        p.setStreamIndex(o);
        p.rescale(s.timeBase, timeBases[o]);
        long pts = p.pts();
        long dts = p.dts();
        long t = pts != Timestamps.NOPTS ? pts : dts;
        if (t != Timestamps.NOPTS) {
            long end = timeBases[o].rescale(t + Math.max(0, p.duration()), Rational.MICROS);
            if (end > endMicros) endMicros = end;
        }
        if (tap != null) tap.beforeWrite(o, p);
        if (filters[o] == null) {
            muxer.write(p);
        } else {
            filters[o].send(p);
            while (filters[o].receive(filtered) == CodecResult.OK) {
                filtered.setStreamIndex(o);
                muxer.write(filtered);
            }
        }
        packets++;
        if (video[o]) videoPackets++;
    }

    long packets() {
        return packets;
    }

    long videoPackets() {
        return videoPackets;
    }

    /** The end of the latest packet written, in seconds of output time. */
    double outSeconds() {
        return Math.max(0, endMicros) / 1e6;
    }

    /** Bytes in the output so far (the muxer's position; call on the mux thread or after it ended). */
    long bytes() {
        return muxer.isClosed() ? 0 : muxer.bytesWritten();
    }
}
