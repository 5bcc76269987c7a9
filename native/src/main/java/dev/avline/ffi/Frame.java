package dev.avline.ffi;

import org.bytedeco.ffmpeg.avutil.AVBufferRef;
import org.bytedeco.ffmpeg.avutil.AVChannelLayout;
import org.bytedeco.ffmpeg.avutil.AVPixFmtDescriptor;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.avutil.AVDictionaryEntry;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVHWFramesContext;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;

/**
 * An owned {@code AVFrame}, allocated once and reused ({@code av_frame_unref} between uses).
 * Confined to one thread at a time; hand-over between threads is {@link #moveTo(Frame)}
 * (a reference move, never a copy of the pixels).
 */
public final class Frame extends NativeResource {
    /** AV_FRAME_FLAG_CORRUPT (a macro JavaCPP does not map). */
    private static final int FLAG_CORRUPT = 1;
    private final AVFrame raw;
    // Views of structs embedded in the AVFrame (whose address never changes): made once, so reading
    // them per frame creates no JavaCPP object.
    private final AVChannelLayout layout;
    private final AVRational sar;

    public Frame() {
        AVFrame f = avutil.av_frame_alloc();
        if (f == null || f.isNull()) throw new OutOfMemoryError("av_frame_alloc");
        raw = f;
        layout = f.ch_layout();
        sar = f.sample_aspect_ratio();
    }

    /** Pixel formats whose data lives on a device (AV_PIX_FMT_FLAG_HWACCEL), by enum value. */
    private static final class HwFormats {
        static final boolean[] TABLE = build();

        private static boolean[] build() {
            boolean[] t = new boolean[Math.max(avutil.AV_PIX_FMT_NB, 1)];
            for (int i = 0; i < t.length; i++) {
                AVPixFmtDescriptor d = avutil.av_pix_fmt_desc_get(i);
                t[i] = d != null && !d.isNull() && (d.flags() & avutil.AV_PIX_FMT_FLAG_HWACCEL) != 0;
            }
            return t;
        }
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

    public void setDuration(long duration) {
        enter();
        try { raw.duration(duration); } finally { exit(); }
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

    /**
     * True for a frame whose data lives in GPU memory (a hardware pixel format). Decided from the
     * format, without creating a JavaCPP object: callers check every frame.
     */
    public boolean isHardware() {
        enter();
        try {
            int f = raw.format();
            return raw.width() > 0 && f >= 0 && f < HwFormats.TABLE.length && HwFormats.TABLE[f];
        } finally {
            exit();
        }
    }

    /** Audio: channel count. */
    public int channels() {
        enter();
        try { return layout.nb_channels(); } finally { exit(); }
    }

    /** Audio: FFmpeg's name of the channel layout ("stereo", "5.1(side)", "3 channels"). */
    public String channelLayoutName() {
        enter();
        try {
            byte[] buf = new byte[64];
            int n = avutil.av_channel_layout_describe(layout, buf, buf.length);
            if (n < 0) return layout.nb_channels() + "c";
            int len = 0;
            while (len < buf.length && buf[len] != 0) len++;
            return new String(buf, 0, len, java.nio.charset.StandardCharsets.US_ASCII);
        } finally {
            exit();
        }
    }

    /** Video: the sample (pixel) aspect ratio; 0/1 when unknown. */
    public Rational sampleAspectRatio() {
        enter();
        try { return new Rational(sar.num(), sar.den()); } finally { exit(); }
    }

    /** True for a video frame (it has a picture size). */
    public boolean isVideo() {
        enter();
        try { return raw.width() > 0 && raw.height() > 0; } finally { exit(); }
    }

    /** Name of the pixel format (video) or sample format (audio): "yuv420p", "cuda", "fltp", … */
    public String formatName() {
        enter();
        try {
            int f = raw.format();
            BytePointer p = raw.width() > 0 ? avutil.av_get_pix_fmt_name(f) : avutil.av_get_sample_fmt_name(f);
            return p == null || p.isNull() ? String.valueOf(f) : p.getString();
        } finally {
            exit();
        }
    }

    /**
     * For a GPU frame: the device type its frames context lives on ("cuda", "vaapi", "qsv"), and
     * the pixel format of its data once downloaded ({@link #softwareFormatName()}); null for a
     * frame in system memory.
     */
    public String hardwareType() {
        enter();
        try {
            AVBufferRef ref = raw.hw_frames_ctx();
            if (ref == null || ref.isNull()) return null;
            AVHWFramesContext fc = new AVHWFramesContext(ref.data());
            BytePointer name = avutil.av_hwdevice_get_type_name(fc.device_ctx().type());
            return name == null || name.isNull() ? "unknown" : name.getString();
        } finally {
            exit();
        }
    }

    /** For a GPU frame, the pixel format of its data in system memory ("nv12", "p010le"); else null. */
    public String softwareFormatName() {
        enter();
        try {
            AVBufferRef ref = raw.hw_frames_ctx();
            if (ref == null || ref.isNull()) return null;
            AVHWFramesContext fc = new AVHWFramesContext(ref.data());
            BytePointer name = avutil.av_get_pix_fmt_name(fc.sw_format());
            return name == null || name.isNull() ? null : name.getString();
        } finally {
            exit();
        }
    }

    /**
     * Copies a GPU frame's pixels into system memory ({@code av_hwframe_transfer_data}) as
     * {@code target}, with this frame's timestamps and properties; {@code target}'s old content is
     * dropped. This is the one pixel copy of the hw-decode + software-encode path (the CLI's
     * default for {@code -hwaccel} without {@code -hwaccel_output_format}).
     */
    public void downloadTo(Frame target) {
        enter();
        try {
            target.enter();
            try {
                avutil.av_frame_unref(target.raw);
                Ffmpeg.check(avutil.av_hwframe_transfer_data(target.raw, raw, 0), "download frame from GPU", null);
                int ret = avutil.av_frame_copy_props(target.raw, raw);
                if (ret < 0) {
                    avutil.av_frame_unref(target.raw);
                    Ffmpeg.check(ret, "copy frame properties", null);
                }
            } finally {
                target.exit();
            }
        } finally {
            exit();
        }
    }

    /** A value a filter attached to this frame ("lavfi.r128.I" from ebur128, …), or null. */
    public String metadata(String key) {
        enter();
        try {
            if (raw.metadata() == null || raw.metadata().isNull()) return null;
            AVDictionaryEntry e = avutil.av_dict_get(raw.metadata(), key, null, 0);
            return e == null || e.isNull() ? null : e.value().getString();
        } finally {
            exit();
        }
    }

    /**
     * Forgets the picture type the decoder set, so an encoder places keyframes by its own GOP
     * instead of copying the input's (libx264 honours an I type as a forced keyframe).
     */
    public void clearPictureType() {
        enter();
        try { raw.pict_type(avutil.AV_PICTURE_TYPE_NONE); } finally { exit(); }
    }

    /**
     * Asks the encoder to make this frame a keyframe (libx264: an IDR, its GOPs being closed): how
     * segment boundaries are put at the same frames in every rendition of a ladder.
     */
    public void forceKeyframe() {
        enter();
        try { raw.pict_type(avutil.AV_PICTURE_TYPE_I); } finally { exit(); }
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
