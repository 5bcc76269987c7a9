package dev.avline.ffi;

import java.util.LinkedHashMap;
import java.util.Map;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.IntPointer;

/**
 * An encoder ({@code AVCodecContext}) chosen by name ("libx264", "aac", "h264_nvenc", …): frames
 * in, packets out. Options cross as a map, like the CLI's: private options ({@code preset},
 * {@code profile}, {@code crf}) and generic ones ({@code b}, {@code maxrate}, {@code g},
 * {@code threads}); anything the encoder does not know is an error naming it.
 */
public final class Encoder extends NativeResource {
    private final AVCodecContext ctx;
    private final String name;
    private final MediaType type;
    private final Rational timeBase;

    private Encoder(AVCodecContext ctx, String name, MediaType type) {
        this.ctx = ctx;
        this.name = name;
        this.type = type;
        this.timeBase = StreamInfo.rational(ctx.time_base());
    }

    public static Builder named(String encoderName) {
        return new Builder(encoderName);
    }

    /** True when FFmpeg has an encoder of that name in this build. */
    public static boolean exists(String encoderName) {
        Ffmpeg.ensureLoaded();
        AVCodec c = avcodec.avcodec_find_encoder_by_name(encoderName);
        return c != null && !c.isNull();
    }

    /** Whether the named encoder makes video or audio; null when this build has no such encoder. */
    public static MediaType typeOf(String encoderName) {
        Ffmpeg.ensureLoaded();
        AVCodec c = avcodec.avcodec_find_encoder_by_name(encoderName);
        return c == null || c.isNull() ? null : MediaType.of(c.type());
    }

    /** The codec the named encoder produces ("h264" for libx264 and h264_nvenc); null when unknown. */
    public static String codecNameOf(String encoderName) {
        Ffmpeg.ensureLoaded();
        AVCodec c = avcodec.avcodec_find_encoder_by_name(encoderName);
        return c == null || c.isNull() ? null : StreamInfo.codecName(c.id());
    }

    /** True for an encoder that runs on a GPU or other device (AV_CODEC_CAP_HARDWARE). */
    public static boolean isHardware(String encoderName) {
        Ffmpeg.ensureLoaded();
        AVCodec c = avcodec.avcodec_find_encoder_by_name(encoderName);
        return c != null && !c.isNull() && (c.capabilities() & avcodec.AV_CODEC_CAP_HARDWARE) != 0;
    }

    public static final class Builder {
        private final String name;
        private int width;
        private int height;
        private String pixelFormat;
        private Rational frameRate;
        private Rational sampleAspectRatio;
        private int sampleRate;
        private int channels;
        private String sampleFormat;
        private Rational timeBase;
        private Map<String, String> options = new LinkedHashMap<>();
        private UnknownOptions unknown = UnknownOptions.FAIL;
        private boolean globalHeader;
        private HwDevice device;
        private HwFrames hwFrames;

        private Builder(String name) {
            this.name = name;
        }

        public Builder video(int width, int height, String pixelFormat, Rational timeBase, Rational frameRate) {
            this.width = width;
            this.height = height;
            this.pixelFormat = pixelFormat;
            this.timeBase = timeBase;
            this.frameRate = frameRate;
            return this;
        }

        public Builder sampleAspectRatio(Rational sar) {
            this.sampleAspectRatio = sar;
            return this;
        }

        /** Audio; a null sample format picks the encoder's first supported one. */
        public Builder audio(int sampleRate, int channels, String sampleFormat) {
            this.sampleRate = sampleRate;
            this.channels = channels;
            this.sampleFormat = sampleFormat;
            this.timeBase = new Rational(1, sampleRate);
            return this;
        }

        public Builder options(Map<String, String> options) {
            this.options = new LinkedHashMap<>(options);
            return this;
        }

        public Builder unknownOptions(UnknownOptions policy) {
            this.unknown = policy;
            return this;
        }

        /** Puts codec headers in extradata (MP4 needs this; MPEG-TS does not). */
        public Builder globalHeader(boolean on) {
            this.globalHeader = on;
            return this;
        }

        /** Encodes on a hardware device (for encoders that accept a device context). */
        public Builder device(HwDevice device) {
            this.device = device;
            return this;
        }

        /** Takes GPU frames of this layout (open with the device's pixel format, e.g. "cuda"). */
        public Builder hardwareFrames(HwFrames frames) {
            this.hwFrames = frames;
            return this;
        }

        public Encoder open() {
            Ffmpeg.ensureLoaded();
            AVCodec codec = avcodec.avcodec_find_encoder_by_name(name);
            if (codec == null || codec.isNull()) {
                throw new FfmpegException("open encoder", AvError.ENCODER_NOT_FOUND.code(), null,
                        "no encoder named '" + name + "' in this FFmpeg build", null);
            }
            AVCodecContext ctx = avcodec.avcodec_alloc_context3(codec);
            if (ctx == null || ctx.isNull()) throw new OutOfMemoryError("avcodec_alloc_context3");
            boolean ok = false;
            String op = "open encoder " + name;
            try {
                MediaType type = MediaType.of(codec.type());
                if (type == MediaType.VIDEO) {
                    if (width <= 0 || height <= 0) throw FfmpegException.invalid(op, null, "video size not set");
                    ctx.width(width);
                    ctx.height(height);
                    ctx.pix_fmt(pixelFormat != null ? pixelFormat(pixelFormat, op) : firstOf(codec.pix_fmts(), op, "pixel"));
                    if (frameRate != null && frameRate.num() > 0) {
                        AVRational fr = ctx.framerate();
                        fr.num(frameRate.num());
                        fr.den(frameRate.den());
                    }
                    if (sampleAspectRatio != null && sampleAspectRatio.num() > 0) {
                        AVRational sar = ctx.sample_aspect_ratio();
                        sar.num(sampleAspectRatio.num());
                        sar.den(sampleAspectRatio.den());
                    }
                } else if (type == MediaType.AUDIO) {
                    if (sampleRate <= 0 || channels <= 0) throw FfmpegException.invalid(op, null, "audio format not set");
                    ctx.sample_rate(sampleRate);
                    avutil.av_channel_layout_default(ctx.ch_layout(), channels);
                    ctx.sample_fmt(sampleFormat != null ? sampleFormat(sampleFormat, op) : firstOf(codec.sample_fmts(), op, "sample"));
                }
                if (timeBase == null) throw FfmpegException.invalid(op, null, "time base not set");
                AVRational tb = ctx.time_base();
                tb.num(timeBase.num());
                tb.den(timeBase.den());
                if (globalHeader) ctx.flags(ctx.flags() | avcodec.AV_CODEC_FLAG_GLOBAL_HEADER);
                if (device != null) device.attachTo(ctx);
                if (hwFrames != null) hwFrames.attachTo(ctx);
                Map<String, String> left;
                LogBridge.clearLastLine();
                try (Dictionary dict = new Dictionary(options)) {
                    int ret = avcodec.avcodec_open2(ctx, codec, dict.raw);
                    if (ret < 0) throw new FfmpegException(op, ret, null);
                    left = dict.leftovers();
                }
                unknown.apply(left, op, null);
                ok = true;
                return new Encoder(ctx, name, type);
            } finally {
                if (!ok) avcodec.avcodec_free_context(ctx);
            }
        }
    }

    /** True when the named encoder lists {@code pixelFormat} among the formats it takes ("nv12" for libx264). */
    public static boolean takesPixelFormat(String encoderName, String pixelFormat) {
        Ffmpeg.ensureLoaded();
        AVCodec c = avcodec.avcodec_find_encoder_by_name(encoderName);
        int f = avutil.av_get_pix_fmt(pixelFormat);
        if (c == null || c.isNull() || f < 0) return false;
        IntPointer list = c.pix_fmts();
        if (list == null || list.isNull()) return false;
        for (int i = 0; ; i++) {
            int v = list.get(i);
            if (v == avutil.AV_PIX_FMT_NONE) return false;
            if (v == f) return true;
        }
    }

    static int pixelFormat(String name, String op) {
        int f = avutil.av_get_pix_fmt(name);
        if (f < 0) throw FfmpegException.invalid(op, null, "unknown pixel format '" + name + "'");
        return f;
    }

    static int sampleFormat(String name, String op) {
        int f = avutil.av_get_sample_fmt(name);
        if (f < 0) throw FfmpegException.invalid(op, null, "unknown sample format '" + name + "'");
        return f;
    }

    private static int firstOf(IntPointer list, String op, String what) {
        if (list == null || list.isNull()) throw FfmpegException.invalid(op, null, "no " + what + " format given and the encoder lists none");
        return list.get(0);
    }

    public String name() {
        return name;
    }

    public MediaType type() {
        return type;
    }

    /** The time base frames must be stamped in (what {@code avcodec_open2} settled on). */
    public Rational timeBase() {
        enter();
        try {
            return StreamInfo.rational(ctx.time_base());
        } finally {
            exit();
        }
    }

    /** Samples per audio frame the encoder wants (1024 for AAC), 0 when any size will do. */
    public int frameSize() {
        enter();
        try {
            boolean variable = (ctx.codec().capabilities() & avcodec.AV_CODEC_CAP_VARIABLE_FRAME_SIZE) != 0;
            return variable ? 0 : ctx.frame_size();
        } finally {
            exit();
        }
    }

    public String pixelFormatName() {
        enter();
        try {
            return avutil.av_get_pix_fmt_name(ctx.pix_fmt()).getString();
        } finally {
            exit();
        }
    }

    public String sampleFormatName() {
        enter();
        try {
            return avutil.av_get_sample_fmt_name(ctx.sample_fmt()).getString();
        } finally {
            exit();
        }
    }

    /**
     * The codec's global header ({@code extradata}: SPS/PPS for H.264 opened with a global header,
     * the AudioSpecificConfig for AAC); empty when the codec puts its headers in the stream.
     */
    public byte[] extradata() {
        enter();
        try {
            int n = ctx.extradata_size();
            byte[] b = new byte[Math.max(0, n)];
            if (n > 0 && ctx.extradata() != null && !ctx.extradata().isNull()) ctx.extradata().get(b, 0, n);
            return b;
        } finally {
            exit();
        }
    }

    /**
     * Changes the target bitrate, peak rate and buffer (bit/s, bits; 0 leaves one unset) of an open
     * encoder. libx264 applies them from the next frame it is sent ({@code x264_encoder_reconfig}):
     * same stream headers, no keyframe needed. Call on the thread that sends the frames.
     */
    public void changeRate(long bitrate, long maxrate, long bufsize) {
        enter();
        try {
            if (bitrate > 0) ctx.bit_rate(bitrate);
            if (maxrate > 0) ctx.rc_max_rate(maxrate);
            if (bufsize > 0) ctx.rc_buffer_size((int) Math.min(Integer.MAX_VALUE, bufsize));
        } finally {
            exit();
        }
    }

    /** Adds an output stream fed by this encoder; returns its index. */
    public int addStreamTo(OutputContainer output) {
        enter();
        try {
            output.enter();
            try {
                AVStream st = output.newStream();
                Ffmpeg.check(avcodec.avcodec_parameters_from_context(st.codecpar(), ctx), "copy encoder parameters", null);
                AVRational tb = st.time_base();
                tb.num(ctx.time_base().num());
                tb.den(ctx.time_base().den());
                if (type == MediaType.VIDEO) {
                    AVRational fr = st.avg_frame_rate();
                    fr.num(ctx.framerate().num());
                    fr.den(ctx.framerate().den());
                }
                return st.index();
            } finally {
                output.exit();
            }
        } finally {
            exit();
        }
    }

    /** Sends a frame ({@code null} starts draining); AGAIN means receive packets first. */
    public CodecResult send(Frame frame) {
        enter();
        try {
            int ret;
            if (frame == null) {
                ret = avcodec.avcodec_send_frame(ctx, null);
            } else {
                AVFrame rawFrame = frame.borrow();
                try {
                    ret = avcodec.avcodec_send_frame(ctx, rawFrame);
                } finally {
                    frame.release();
                }
            }
            if (ret >= 0) return CodecResult.OK;
            if (ret == AvError.EAGAIN.code()) return CodecResult.AGAIN;
            if (ret == AvError.EOF.code()) return CodecResult.END;
            throw new FfmpegException("encode (" + name + ")", ret, null);
        } finally {
            exit();
        }
    }

    /** Receives an encoded packet (timestamps in {@link #timeBase()}). */
    public CodecResult receive(Packet packet) {
        enter();
        try {
            int ret;
            AVPacket rawPacket = packet.borrow();
            try {
                ret = avcodec.avcodec_receive_packet(ctx, rawPacket);
            } finally {
                packet.release();
            }
            if (ret >= 0) return CodecResult.OK;
            if (ret == AvError.EAGAIN.code()) return CodecResult.AGAIN;
            if (ret == AvError.EOF.code()) return CodecResult.END;
            throw new FfmpegException("encode (" + name + ")", ret, null);
        } finally {
            exit();
        }
    }

    @Override
    protected void free() {
        avcodec.avcodec_free_context(ctx);
    }

    @Override
    protected String describe() {
        return "encoder " + name;
    }
}
