package dev.avline.transcode;

import dev.avline.ffi.CodecResult;
import dev.avline.ffi.Encoder;
import dev.avline.ffi.Frame;
import dev.avline.ffi.Packet;
import dev.avline.ffi.Rational;
import dev.avline.ffi.Timestamps;

/**
 * Encodes one stream. Video timestamps are passed through (the CLI's {@code -fps_mode passthrough}):
 * each frame keeps its time, rescaled into the encoder's time base; nothing is duplicated, and a
 * frame that would not move time forward (equal or earlier pts) is dropped and counted, since no
 * muxer can take it.
 */
final class EncodeStage extends Stage {
    private final Encoder encoder;
    private final Link<Frame> in;
    private final Link<Packet> out;
    private final int outputStream;
    private final Rational timeBase;
    private final boolean video;
    private final long defaultDuration; // one frame at the input's rate, in the encoder's time base (video)
    private final DurationRing durations = new DurationRing();
    private Slot<Packet> pending;
    private long lastPts = Timestamps.NOPTS;
    private volatile long frames;
    private volatile long dropped;
    private volatile long packets;

    EncodeStage(String name, Control control, Encoder encoder, Link<Frame> in, Link<Packet> out, int outputStream,
                Rational frameRate) {
        super(name, control);
        this.encoder = encoder;
        this.in = in;
        this.out = out;
        this.outputStream = outputStream;
        this.timeBase = encoder.timeBase();
        this.video = encoder.type() == dev.avline.ffi.MediaType.VIDEO;
        long d = frameRate != null && frameRate.num() > 0 ? new Rational(frameRate.den(), frameRate.num()).rescale(1, timeBase) : 1;
        this.defaultDuration = Math.max(1, d);
    }

    @Override
    void work() {
        for (;;) {
            Slot<Frame> s = in.take();
            if (s.end) {
                in.release(s);
                send(null);
                out.publishEnd(outputStream);
                return;
            }
            Frame f = s.item;
            long pts = f.pts();
            pts = pts == Timestamps.NOPTS ? Timestamps.NOPTS : s.timeBase.rescale(pts, timeBase);
            if (video) {
                if (pts == Timestamps.NOPTS) pts = lastPts == Timestamps.NOPTS ? 0 : lastPts + defaultDuration;
                if (lastPts != Timestamps.NOPTS && pts <= lastPts) {
                    dropped++;
                    in.release(s);
                    continue;
                }
                f.clearPictureType();
            }
            if (pts != Timestamps.NOPTS) lastPts = pts;
            long duration = f.duration();
            duration = duration > 0 ? s.timeBase.rescale(duration, timeBase) : video ? defaultDuration : 0;
            f.setPts(pts);
            f.setDuration(duration);
            if (video) durations.put(pts, duration);
            send(f);
            in.release(s);
            frames++;
        }
    }

    private void send(Frame f) {
        for (;;) {
            CodecResult r = encoder.send(f);
            receiveAll();
            if (r != CodecResult.AGAIN) return;
        }
    }

    private void receiveAll() {
        for (;;) {
            if (pending == null) pending = out.acquire();
            CodecResult r = encoder.receive(pending.item);
            if (r != CodecResult.OK) return;
            if (video) fillDuration(pending.item);
            pending.stream = outputStream;
            pending.timeBase = timeBase;
            out.publish(pending);
            pending = null;
            packets++;
        }
    }

    /**
     * libx264 (and other encoders with a delay) leave the packet duration at 0; MP4 needs it for the
     * last sample. The frame that became this packet had the same pts: take its duration.
     */
    private void fillDuration(Packet p) {
        if (p.duration() > 0) return;
        long d = durations.get(p.pts());
        if (d > 0) p.setTimestamps(p.pts(), p.dts(), d);
    }

    @Override
    void cleanup() {
        if (pending != null) {
            out.release(pending);
            pending = null;
        }
    }

    long frames() {
        return frames;
    }

    long dropped() {
        return dropped;
    }

    boolean isVideo() {
        return video;
    }

    /** The durations of the latest frames sent, by pts: a fixed ring, no allocation per frame. */
    static final class DurationRing {
        private static final int SIZE = 256; // far more than any encoder's delay in frames
        private final long[] pts = new long[SIZE];
        private final long[] duration = new long[SIZE];
        private int next;

        DurationRing() {
            java.util.Arrays.fill(pts, Timestamps.NOPTS);
        }

        void put(long p, long d) {
            pts[next] = p;
            duration[next] = d;
            next = (next + 1) % SIZE;
        }

        /** The duration recorded for {@code p}, or 0. */
        long get(long p) {
            if (p == Timestamps.NOPTS) return 0;
            for (int i = 1; i <= SIZE; i++) {
                int k = (next - i + SIZE) % SIZE;
                if (pts[k] == p) return duration[k];
            }
            return 0;
        }
    }
}
