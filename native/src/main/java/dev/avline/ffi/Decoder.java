package dev.avline.ffi;

import java.util.Map;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecHWConfig;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avcodec;

/**
 * A decoder ({@code AVCodecContext}) for one input stream: packets in, frames out, with FFmpeg's
 * send/receive model. EAGAIN and EOF are {@link CodecResult}s, not exceptions.
 * Confined to one thread; {@link #close()} is safe from any thread.
 */
public final class Decoder extends NativeResource {
    private final AVCodecContext ctx;
    private final String codecName;
    private final Rational timeBase;
    private final MediaType type;

    private Decoder(AVCodecContext ctx, String codecName, Rational timeBase, MediaType type) {
        this.ctx = ctx;
        this.codecName = codecName;
        this.timeBase = timeBase;
        this.type = type;
    }

    /** Opens a decoder for {@code stream}; {@code options} are codec options ("threads", …). */
    public static Decoder open(StreamInfo stream, Map<String, String> options, UnknownOptions policy) {
        return open(stream, options, policy, null);
    }

    /**
     * As {@link #open(StreamInfo, Map, UnknownOptions)}, decoding on {@code device} when given
     * (frames then arrive in GPU memory; when FFmpeg cannot use the device it silently decodes in
     * software, so check {@link Frame#isHardware()}).
     */
    public static Decoder open(StreamInfo stream, Map<String, String> options, UnknownOptions policy, HwDevice device) {
        Ffmpeg.ensureLoaded();
        AVCodec codec = device != null ? decoderFor(stream.codecId(), device.type()) : null;
        if (codec == null) codec = avcodec.avcodec_find_decoder(stream.codecId());
        return open(codec, stream, options, policy, device);
    }

    /**
     * Opens the decoder named {@code decoderName} ("av1", "h264_qsv") for {@code stream}, on
     * {@code device} when given.
     */
    public static Decoder openNamed(String decoderName, StreamInfo stream, Map<String, String> options, UnknownOptions policy,
                                    HwDevice device) {
        Ffmpeg.ensureLoaded();
        AVCodec codec = avcodec.avcodec_find_decoder_by_name(decoderName);
        if (codec == null || codec.isNull()) {
            throw new FfmpegException("open decoder", AvError.DECODER_NOT_FOUND.code(), null,
                    "no decoder named '" + decoderName + "' in this FFmpeg build", null);
        }
        if (codec.id() != stream.codecId()) {
            throw FfmpegException.invalid("open decoder " + decoderName, null,
                    "it does not decode " + stream.codecName() + " (stream #" + stream.index() + ")");
        }
        return open(codec, stream, options, policy, device);
    }

    private static Decoder open(AVCodec codec, StreamInfo stream, Map<String, String> options, UnknownOptions policy,
                                HwDevice device) {
        if (codec == null || codec.isNull()) {
            throw new FfmpegException("open decoder", AvError.DECODER_NOT_FOUND.code(), null,
                    "no decoder for " + stream.codecName() + " (stream #" + stream.index() + ")", null);
        }
        AVCodecContext ctx = avcodec.avcodec_alloc_context3(codec);
        if (ctx == null || ctx.isNull()) throw new OutOfMemoryError("avcodec_alloc_context3");
        boolean ok = false;
        try {
            AVStream rawStream = stream.borrow();
            try {
                Ffmpeg.check(avcodec.avcodec_parameters_to_context(ctx, rawStream.codecpar()),
                        "copy parameters to decoder " + stream.codecName(), null);
            } finally {
                stream.release();
            }
            AVRational tb = ctx.pkt_timebase();
            tb.num(stream.timeBase().num());
            tb.den(stream.timeBase().den());
            if (device != null) device.attachTo(ctx);
            String op = "open decoder " + codec.name().getString();
            Map<String, String> left;
            LogBridge.clearLastLine();
            try (Dictionary dict = new Dictionary(options)) {
                Ffmpeg.check(avcodec.avcodec_open2(ctx, codec, dict.raw), op, null);
                left = dict.leftovers();
            }
            policy.apply(left, op, null);
            ok = true;
            return new Decoder(ctx, codec.name().getString(), stream.timeBase(), stream.type());
        } finally {
            if (!ok) avcodec.avcodec_free_context(ctx);
        }
    }

    /**
     * Whether FFmpeg can decode {@code stream} on a device of {@code deviceType} ("cuda", "vaapi",
     * "qsv") through a device context: null when it can, else why not (to report a fallback). A yes
     * here is a promise of the codec, not of the GPU: the hardware may still refuse a profile at the
     * first frame, and FFmpeg then decodes in software without saying so.
     */
    public static String hardwareUnsupportedReason(StreamInfo stream, String deviceType) {
        Ffmpeg.ensureLoaded();
        if (avutil.av_hwdevice_find_type_by_name(deviceType) == avutil.AV_HWDEVICE_TYPE_NONE) {
            return "unknown hardware type '" + deviceType + "'";
        }
        if (decoderFor(stream.codecId(), deviceType) != null) return null;
        AVCodec codec = avcodec.avcodec_find_decoder(stream.codecId());
        if (codec == null || codec.isNull()) return "no decoder for " + stream.codecName();
        return "this FFmpeg build has no " + stream.codecName() + " decoder with " + deviceType + " acceleration";
    }

    /** The name of the decoder {@link #open} would use for {@code stream} on a {@code deviceType} device, or null. */
    public static String hardwareDecoderName(StreamInfo stream, String deviceType) {
        Ffmpeg.ensureLoaded();
        AVCodec c = decoderFor(stream.codecId(), deviceType);
        return c == null ? null : c.name().getString();
    }

    /**
     * The decoder to use on a device: the first of FFmpeg's decoders for the codec that takes a
     * device context of that type, preferring FFmpeg's own decoders with a hwaccel (h264, hevc, av1
     * with NVDEC or VAAPI) over wrappers of a vendor's decoder (h264_cuvid), which are used only
     * where nothing else exists (h264_qsv, hevc_qsv: QSV decodes only through them).
     * {@code avcodec_find_decoder} is not enough: for AV1 it returns libaom-av1 in the bundled build
     * (libdav1d in others), neither of which has any hardware
     * configuration. Null when no decoder of this build can.
     */
    static AVCodec decoderFor(int codecId, String deviceType) {
        int type = avutil.av_hwdevice_find_type_by_name(deviceType);
        if (type == avutil.AV_HWDEVICE_TYPE_NONE) return null;
        AVCodec wrapper = null;
        try (org.bytedeco.javacpp.PointerPointer<org.bytedeco.javacpp.Pointer> opaque = new org.bytedeco.javacpp.PointerPointer<>(1)) {
            opaque.put(0, (org.bytedeco.javacpp.Pointer) null);
            for (AVCodec c = avcodec.av_codec_iterate(opaque); c != null && !c.isNull(); c = avcodec.av_codec_iterate(opaque)) {
                if (c.id() != codecId || avcodec.av_codec_is_decoder(c) == 0 || !takesDevice(c, type)) continue;
                if ((c.capabilities() & avcodec.AV_CODEC_CAP_HARDWARE) == 0) return c;
                if (wrapper == null && !c.name().getString().endsWith("_cuvid")) wrapper = c;
            }
        }
        return wrapper;
    }

    private static boolean takesDevice(AVCodec codec, int type) {
        for (int i = 0; ; i++) {
            AVCodecHWConfig c = avcodec.avcodec_get_hw_config(codec, i);
            if (c == null || c.isNull()) return false;
            if ((c.methods() & avcodec.AV_CODEC_HW_CONFIG_METHOD_HW_DEVICE_CTX) != 0 && c.device_type() == type) return true;
        }
    }

    public String codecName() {
        return codecName;
    }

    public MediaType type() {
        return type;
    }

    /** The time base of the packets this decoder gets, and so of the frames it returns. */
    public Rational timeBase() {
        return timeBase;
    }

    /**
     * Sends a packet ({@code null} starts draining). Returns AGAIN when frames must be received
     * first. The packet keeps its data (it is referenced, not consumed).
     */
    public CodecResult send(Packet packet) {
        enter();
        try {
            int ret;
            if (packet == null) {
                ret = avcodec.avcodec_send_packet(ctx, null);
            } else {
                AVPacket rawPacket = packet.borrow();
                try {
                    ret = avcodec.avcodec_send_packet(ctx, rawPacket);
                } finally {
                    packet.release();
                }
            }
            if (ret >= 0) return CodecResult.OK;
            if (ret == AvError.EAGAIN.code()) return CodecResult.AGAIN;
            if (ret == AvError.EOF.code()) return CodecResult.END;
            throw new FfmpegException("decode (" + codecName + ")", ret, null);
        } finally {
            exit();
        }
    }

    /** Receives a decoded frame into {@code frame}. */
    public CodecResult receive(Frame frame) {
        enter();
        try {
            int ret;
            AVFrame rawFrame = frame.borrow();
            try {
                ret = avcodec.avcodec_receive_frame(ctx, rawFrame);
            } finally {
                frame.release();
            }
            if (ret >= 0) return CodecResult.OK;
            if (ret == AvError.EAGAIN.code()) return CodecResult.AGAIN;
            if (ret == AvError.EOF.code()) return CodecResult.END;
            throw new FfmpegException("decode (" + codecName + ")", ret, null);
        } finally {
            exit();
        }
    }

    /** Drops buffered state (after a discontinuity); decoding continues with the next keyframe. */
    public void flush() {
        enter();
        try {
            avcodec.avcodec_flush_buffers(ctx);
        } finally {
            exit();
        }
    }

    /** Video: width, height, pixel format as decoded (valid once a frame was decoded for some codecs). */
    public int width() {
        enter();
        try { return ctx.width(); } finally { exit(); }
    }

    public int height() {
        enter();
        try { return ctx.height(); } finally { exit(); }
    }

    public int pixelFormat() {
        enter();
        try { return ctx.pix_fmt(); } finally { exit(); }
    }

    public int sampleRate() {
        enter();
        try { return ctx.sample_rate(); } finally { exit(); }
    }

    public int sampleFormat() {
        enter();
        try { return ctx.sample_fmt(); } finally { exit(); }
    }

    public int channels() {
        enter();
        try { return ctx.ch_layout().nb_channels(); } finally { exit(); }
    }

    public Rational sampleAspectRatio() {
        enter();
        try { return StreamInfo.rational(ctx.sample_aspect_ratio()); } finally { exit(); }
    }

    AVCodecContext raw() {
        return ctx;
    }

    @Override
    protected void free() {
        avcodec.avcodec_free_context(ctx);
    }

    @Override
    protected String describe() {
        return "decoder " + codecName;
    }
}
