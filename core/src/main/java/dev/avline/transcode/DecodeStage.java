package dev.avline.transcode;

import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.avline.JobContext;
import dev.avline.events.Fallback;
import dev.avline.ffi.AvError;
import dev.avline.ffi.CodecResult;
import dev.avline.ffi.Decoder;
import dev.avline.ffi.FfmpegException;
import dev.avline.ffi.Frame;
import dev.avline.ffi.LogBridge;
import dev.avline.ffi.Packet;
import dev.avline.ffi.Rational;
import dev.avline.ffi.Timestamps;

/**
 * Decodes one stream: packets in, frames out, each frame stamped with its best-effort timestamp.
 * A damaged packet is counted and skipped (as the CLI does); only a decoder that fails on every
 * packet for a long run stops the pipeline.
 *
 * <p>On a device: FFmpeg silently decodes in software when the hardware refuses the stream, so the
 * first frame's format is checked and a {@link Fallback} is reported. When the encoder works in
 * system memory, GPU frames are downloaded here ({@code av_hwframe_transfer_data}), like the CLI's
 * {@code -hwaccel} without {@code -hwaccel_output_format}.
 */
final class DecodeStage extends Stage {
    private static final Logger LOG = LoggerFactory.getLogger(DecodeStage.class);
    private static final int MAX_CONSECUTIVE_ERRORS = 100;

    private Decoder decoder;
    private final Decoder original;       // owned by the pipeline; a software decoder opened later is this stage's
    private final Link<Packet> in;
    private final Link<Frame> out;
    private final Rational timeBase;
    private final String hwType;          // the device decoding was asked on, or null
    private final boolean download;       // GPU frames go to system memory here
    private final Frame gpuFrame;         // receives GPU frames before the download (null without download)
    private final JobContext context;
    private final Runnable onSoftwareDecode;
    private Slot<Frame> pending;
    private boolean firstFrame = true;
    private int consecutiveErrors;
    private volatile long frames;
    private volatile long errors;
    private Rescue rescue;                // null: a hardware decoder's errors are treated as damaged packets
    private boolean rescued;
    private boolean awaitKeyframe;        // after a switch to software: packets before the next keyframe cannot decode

    /**
     * What takes over when decoding on the device fails mid-stream (the GPU was lost or reset): a
     * software decoder, from the next keyframe on.
     */
    interface Rescue {
        Decoder openSoftwareDecoder();

        /** Reports the fallback (an event with the frame count) and gives the device up for later jobs. */
        void fellBack(String reason, long frames);
    }

    DecodeStage(String name, Control control, Decoder decoder, Link<Packet> in, Link<Frame> out, String hwType,
                boolean download, Frame gpuFrame, JobContext context, Runnable onSoftwareDecode) {
        super(name, control);
        this.decoder = decoder;
        this.original = decoder;
        this.in = in;
        this.out = out;
        this.timeBase = decoder.timeBase();
        this.hwType = hwType;
        this.download = download;
        this.gpuFrame = gpuFrame;
        this.context = context;
        this.onSoftwareDecode = onSoftwareDecode;
    }

    @Override
    void work() {
        for (;;) {
            Slot<Packet> s = in.take();
            if (s.end) {
                in.release(s);
                send(null);
                out.publishEnd(0);
                return;
            }
            send(s.item);
            in.release(s);
        }
    }

    /** Lets a software decoder take over when decoding on the device fails; call before the stage runs. */
    DecodeStage rescuedBy(Rescue r) {
        this.rescue = r;
        return this;
    }

    private void send(Packet packet) {
        if (awaitKeyframe && packet != null) {
            if (!packet.isKeyFrame()) return;
            awaitKeyframe = false;
        }
        for (;;) {
            CodecResult r;
            try {
                r = decoder.send(packet);
            } catch (FfmpegException e) {
                if (rescue(e)) {
                    if (packet != null && !packet.isKeyFrame()) return;
                    awaitKeyframe = false;
                    send(packet);
                    return;
                }
                damaged(e);
                return;
            }
            receiveAll();
            if (r != CodecResult.AGAIN) return;
        }
    }

    private void receiveAll() {
        for (;;) {
            if (pending == null) pending = out.acquire();
            Frame target = download ? gpuFrame : pending.item;
            CodecResult r;
            try {
                r = decoder.receive(target);
            } catch (FfmpegException e) {
                if (rescue(e)) return; // the next packet goes to the software decoder
                damaged(e);
                continue;
            }
            if (r != CodecResult.OK) return;
            consecutiveErrors = 0;
            if (firstFrame) checkFirst(target);
            if (download && target.isHardware()) {
                target.downloadTo(pending.item);
                target.unref();
            } else if (download) {
                target.moveTo(pending.item);
            }
            Frame f = pending.item;
            long pts = f.bestEffortTimestamp();
            if (pts != Timestamps.NOPTS) f.setPts(pts);
            pending.timeBase = timeBase;
            out.publish(pending);
            pending = null;
            frames++;
        }
    }

    private void checkFirst(Frame f) {
        firstFrame = false;
        if (hwType != null && !f.isHardware()) {
            String log = LogBridge.lastLineOnThisThread();
            String reason = "FFmpeg decoded the first frame in software (" + f.formatName() + ") although a " + hwType
                    + " device was attached" + (log != null ? "; FFmpeg said: " + log : "");
            LOG.info("{}: {}", name, reason);
            context.emit(new Fallback(Instant.now(), "decode", hwType, "software", reason));
            if (onSoftwareDecode != null) onSoftwareDecode.run();
        }
    }

    /**
     * A hardware decoder's error other than damaged data means the device failed: a software
     * decoder takes over (once) from the next keyframe. Returns true when it did.
     */
    private boolean rescue(FfmpegException e) {
        if (rescue == null || rescued || hwType == null || e.code() == AvError.INVALIDDATA.code()) return false;
        rescued = true;
        firstFrame = false; // reported here: no second "decoded in software" fallback
        decoder = rescue.openSoftwareDecoder();
        awaitKeyframe = true;
        String reason = "decoding on " + hwType + " failed after " + frames + " frames: " + e.getMessage();
        LOG.warn("{}: {}; decoding in software from the next keyframe", name, reason);
        rescue.fellBack(reason, frames);
        if (onSoftwareDecode != null) onSoftwareDecode.run();
        return true;
    }

    private void damaged(FfmpegException e) {
        errors++;
        if (++consecutiveErrors >= MAX_CONSECUTIVE_ERRORS) {
            throw new FfmpegException("decode (" + decoder.codecName() + ")", e.code(), null,
                    consecutiveErrors + " packets in a row failed to decode", e);
        }
        if (errors <= 10 || errors % 100 == 0) LOG.warn("{}: damaged packet skipped ({} so far): {}", name, errors, e.getMessage());
    }

    @Override
    void cleanup() {
        if (pending != null) {
            out.release(pending);
            pending = null;
        }
        if (decoder != original) decoder.close();
    }

    long frames() {
        return frames;
    }

    long errors() {
        return errors;
    }
}
