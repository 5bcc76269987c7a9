package dev.avline.ffi;

import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.avutil;

/**
 * An owned {@code AVFrame}, allocated once and reused ({@code av_frame_unref} between uses).
 * Confined to one thread at a time; hand-over between threads is {@link #moveTo(Frame)}
 * (a reference move, never a copy of the pixels).
 */
public final class Frame extends NativeResource {
    /** AV_FRAME_FLAG_CORRUPT (a macro JavaCPP does not map). */
    private static final int FLAG_CORRUPT = 1;
    private final AVFrame raw;

    public Frame() {
        AVFrame f = avutil.av_frame_alloc();
        if (f == null || f.isNull()) throw new OutOfMemoryError("av_frame_alloc");
        raw = f;
    }

    AVFrame raw() {
        return raw;
    }

    /** Marks the frame in use (throws if it is closed) and returns the native struct; pair with {@link #release()}. */
    AVFrame borrow() {
        enter();
        return raw;
    }

    void release() {
        exit();
    }

    public long pts() {
        enter();
        try { return raw.pts(); } finally { exit(); }
    }

    public void setPts(long pts) {
        enter();
        try { raw.pts(pts); } finally { exit(); }
    }

    /** The decoder's best guess at the presentation time (use when pts is missing). */
    public long bestEffortTimestamp() {
        enter();
        try { return raw.best_effort_timestamp(); } finally { exit(); }
    }

    public long duration() {
        enter();
        try { return raw.duration(); } finally { exit(); }
    }

    public int width() {
        enter();
        try { return raw.width(); } finally { exit(); }
    }

    public int height() {
        enter();
        try { return raw.height(); } finally { exit(); }
    }

    /** Pixel format (video) or sample format (audio), as FFmpeg's enum value. */
    public int format() {
        enter();
        try { return raw.format(); } finally { exit(); }
    }

    public int samples() {
        enter();
        try { return raw.nb_samples(); } finally { exit(); }
    }

    public int sampleRate() {
        enter();
        try { return raw.sample_rate(); } finally { exit(); }
    }

    /** True when the decoder flagged this frame as damaged. */
    public boolean isCorrupt() {
        enter();
        try {
            return (raw.flags() & FLAG_CORRUPT) != 0 || raw.decode_error_flags() != 0;
        } finally {
            exit();
        }
    }

    /** True for a frame whose data lives in GPU memory (a hardware pixel format). */
    public boolean isHardware() {
        enter();
        try {
            return raw.hw_frames_ctx() != null && !raw.hw_frames_ctx().isNull();
        } finally {
            exit();
        }
    }

    public void unref() {
        enter();
        try { avutil.av_frame_unref(raw); } finally { exit(); }
    }

    /** Moves this frame's references into {@code target} (no pixel copy); this frame is left blank. */
    public void moveTo(Frame target) {
        enter();
        try {
            target.enter();
            try {
                avutil.av_frame_unref(target.raw);
                avutil.av_frame_move_ref(target.raw, raw);
            } finally {
                target.exit();
            }
        } finally {
            exit();
        }
    }

    /** Makes {@code target} a new reference to this frame's buffers (refcounted, no copy). */
    public void refInto(Frame target) {
        enter();
        try {
            target.enter();
            try {
                avutil.av_frame_unref(target.raw);
                Ffmpeg.check(avutil.av_frame_ref(target.raw, raw), "av_frame_ref", null);
            } finally {
                target.exit();
            }
        } finally {
            exit();
        }
    }

    @Override
    protected void free() {
        avutil.av_frame_free(raw);
    }
}
