package dev.avline.transcode;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.avline.ffi.AvError;
import dev.avline.ffi.CodecResult;
import dev.avline.ffi.Encoder;
import dev.avline.ffi.FfmpegException;
import dev.avline.ffi.Frame;
import dev.avline.ffi.Packet;
import dev.avline.ffi.Rational;
import dev.avline.ffi.Timestamps;

/**
 * Encodes one stream. Video timestamps are passed through (the CLI's {@code -fps_mode passthrough}):
 * each frame keeps its time, rescaled into the encoder's time base; nothing is duplicated, and a
 * frame that would not move time forward (equal or earlier pts) is dropped and counted, since no
 * muxer can take it.
 *
 * <p>In a ladder, a {@link KeyframeSchedule} forces a keyframe at every segment boundary, and the
 * {@link Adapter} may {@link #retune} the encoder: new rates are applied in place; a new preset
 * re-opens the encoder at a boundary (the old one is drained first). The new encoder's first
 * packets may carry decode timestamps at or before the old one's last (its B-frame delay differs):
 * those are moved just after it (never past their presentation time), so DTS stay strictly increasing.
 */
final class EncodeStage extends Stage {
    private static final Logger LOG = LoggerFactory.getLogger(EncodeStage.class);

    /** Opens the stream's encoder again with other settings or another picture size, in the same time base (adaptation). */
    interface Reopener {
        Encoder open(Retune settings, Rational timeBase, int width, int height);
    }

    /**
     * What takes over when a hardware encoder fails mid-stream (a device lost, a driver error): a
     * software encoder opened in the same time base at the same size, taking NV12 in system memory
     * (GPU frames are downloaded from then on). What was encoded so far is already in the output.
     */
    interface Rescue {
        /** Opens the software encoder; its pixel format must be "nv12". */
        Encoder open(Rational timeBase, int width, int height);

        /** Reports the fallback (an event with the frame count). */
        void fellBack(String from, String to, String reason, long frames);
    }

    private Encoder encoder;
    private final Encoder original;        // owned by the pipeline; encoders opened later are this stage's
    private final KeyframeSchedule keyframes;
    private final Reopener reopener;
    private final long[] configuredRates;  // bitrate, maxrate, bufsize as configured (0 = unset)
    private volatile Retune requested;
    private volatile Retune applied;
    private boolean clampDts;
    private long lastDts = Timestamps.NOPTS;
    private volatile long busyNanos;
    private volatile double lastFrameSeconds = Double.NaN;
    private int width;   // the encoder's picture size (video; 0 until the first frame)
    private int height;
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
    private Rescue rescue;               // null: an encoder error ends the job
    private Frame downloaded;            // GPU frames in system memory, once rescued
    private boolean rescued;
    private long failAfterFrames = -1;   // tests: the encoder "fails" when sent this frame (no GPU to lose here)

    EncodeStage(String name, Control control, Encoder encoder, Link<Frame> in, Link<Packet> out, int outputStream,
                Rational frameRate) {
        this(name, control, encoder, in, out, outputStream, frameRate, null, null, null, null);
    }

    /**
     * @param keyframes forced keyframes at segment boundaries, or null (the encoder's own GOP)
     * @param initial the settings the encoder was opened with (for {@link #retune}), or null
     * @param reopener re-opens the encoder for a new preset, or null (rates only)
     * @param rates the configured bitrate, maxrate and bufsize (what a rate factor scales), or null
     */
    EncodeStage(String name, Control control, Encoder encoder, Link<Frame> in, Link<Packet> out, int outputStream,
                Rational frameRate, KeyframeSchedule keyframes, Retune initial, Reopener reopener, long[] rates) {
        super(name, control);
        this.encoder = encoder;
        this.original = encoder;
        this.keyframes = keyframes;
        this.applied = initial;
        this.reopener = reopener;
        this.configuredRates = rates != null ? rates.clone() : new long[3];
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
                sendOrRescue(null);
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
                double t = timeBase.seconds(pts);
                boolean segmentStart = keyframes != null && keyframes.startsSegment(t);
                // The scaler changed size (adaptation's last resort): a new encoder, a new IDR.
                boolean resized = reopener != null && width > 0 && (f.width() != width || f.height() != height);
                width = f.width();
                height = f.height();
                Retune r = requested;
                if (r != null && (applied == null || r.version() > applied.version()) && t + 1e-6 >= r.fromSeconds()
                        && (keyframes == null || segmentStart)) {
                    apply(r, resized);
                } else if (resized) {
                    reopen(applied, width, height);
                }
                if (segmentStart) f.forceKeyframe();
                lastFrameSeconds = t;
            }
            if (pts != Timestamps.NOPTS) lastPts = pts;
            long duration = f.duration();
            duration = duration > 0 ? s.timeBase.rescale(duration, timeBase) : video ? defaultDuration : 0;
            f.setPts(pts);
            f.setDuration(duration);
            if (video) durations.put(pts, duration);
            sendOrRescue(f);
            in.release(s);
            frames++;
        }
    }

    /** Lets a software encoder take over when this (hardware) encoder fails mid-stream; call before the stage runs. */
    EncodeStage rescuedBy(Rescue r) {
        this.rescue = r;
        return this;
    }

    /**
     * Tests only: makes the encoder's {@code frames}-th frame fail as a lost device would
     * (AVERROR_EXTERNAL from {@code avcodec_send_frame}); no machine without a GPU can lose one.
     */
    EncodeStage failAfterFrames(long frames) {
        this.failAfterFrames = frames;
        return this;
    }

    /** Asks for new settings from a boundary on (any thread); applied on the stage's thread. */
    void retune(Retune r) {
        requested = r;
    }

    /** The settings in use (on the stage's thread: exact; elsewhere: recent). */
    Retune applied() {
        return applied;
    }

    private void apply(Retune r, boolean resized) {
        boolean reopen = reopener != null && (resized || r.reopens(applied));
        if (reopen) {
            reopen(r, width, height);
        } else {
            double f = r.rateFactor();
            encoder.changeRate(scaled(configuredRates[0], f), scaled(configuredRates[1], f), scaled(configuredRates[2], f));
        }
        applied = r;
    }

    /** Drains the encoder (its last packets come before the new one's first) and opens another. */
    private void reopen(Retune r, int w, int h) {
        send(null);
        Encoder old = encoder;
        encoder = reopener.open(r, timeBase, w, h);
        if (old != original) old.close();
        clampDts = true;
    }

    /**
     * Sends a frame; when the encoder fails and a {@link Rescue} is set, the software encoder takes
     * over and gets the frame instead. Frames the failed encoder had accepted but not yet returned
     * (its delay: a few frames) are lost; every packet it did return is in the output.
     */
    private void sendOrRescue(Frame f) {
        try {
            if (failAfterFrames >= 0 && frames >= failAfterFrames && !rescued) {
                throw new FfmpegException("encode (" + encoder.name() + ")", AvError.EXTERNAL.code(), null,
                        "injected failure after " + frames + " frames (test)", null);
            }
            send(f);
            return;
        } catch (FfmpegException e) {
            if (rescue == null || rescued || !video) throw e;
            Encoder failed = encoder;
            int w = f != null ? f.width() : width;
            int h = f != null ? f.height() : height;
            if (w <= 0 || h <= 0) throw e;
            encoder = rescue.open(timeBase, w, h);
            rescued = true;
            clampDts = true;
            LOG.warn("{}: {} failed after {} frames ({}); {} continues", name, failed.name(), frames, e.getMessage(), encoder.name());
            rescue.fellBack(failed.name(), encoder.name(), e.getMessage(), frames);
        }
        send(f);
    }

    private static long scaled(long rate, double factor) {
        return rate <= 0 ? 0 : Math.max(1, Math.round(rate * factor));
    }

    private void send(Frame f) {
        if (f != null && rescued && f.isHardware()) {
            // the rescuing software encoder takes system memory: one download per frame from now on
            if (downloaded == null) downloaded = new Frame();
            f.downloadTo(downloaded);
            f = downloaded;
        }
        for (;;) {
            long t0 = System.nanoTime();
            CodecResult r = encoder.send(f);
            busyNanos += System.nanoTime() - t0;
            receiveAll();
            if (r != CodecResult.AGAIN) return;
        }
    }

    private void receiveAll() {
        for (;;) {
            if (pending == null) pending = out.acquire();
            long t0 = System.nanoTime();
            CodecResult r = encoder.receive(pending.item);
            busyNanos += System.nanoTime() - t0;
            if (r != CodecResult.OK) return;
            if (video) {
                fillDuration(pending.item);
                keepDtsIncreasing(pending.item);
            }
            pending.stream = outputStream;
            pending.timeBase = timeBase;
            out.publish(pending);
            pending = null;
            packets++;
        }
    }

    /** After a re-open: a decode timestamp at or before the previous one moves just after it (not past its pts). */
    private void keepDtsIncreasing(Packet p) {
        long dts = p.dts();
        if (clampDts && lastDts != Timestamps.NOPTS && dts != Timestamps.NOPTS) {
            if (dts > lastDts) {
                clampDts = false; // the new encoder's own timestamps have caught up
            } else if (p.pts() == Timestamps.NOPTS || lastDts + 1 <= p.pts()) {
                dts = lastDts + 1;
                p.setTimestamps(p.pts(), dts, p.duration());
            }
        }
        if (dts != Timestamps.NOPTS) lastDts = dts;
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
        if (encoder != original) encoder.close(); // one this stage re-opened
        if (downloaded != null) downloaded.close();
    }

    /** Nanoseconds spent inside the encoder (sending frames, receiving packets). */
    long busyNanos() {
        return busyNanos;
    }

    /** Media time of the last frame sent, in seconds (NaN before the first; video). */
    double lastFrameSeconds() {
        return lastFrameSeconds;
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
