package dev.avline.ffi;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVOutputFormat;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;

/**
 * A muxer and its output ({@code AVFormatContext} from {@code avformat_alloc_output_context2}),
 * to a URL/file or a custom {@link IoContext}.
 *
 * <p>Its lifecycle is explicit: NEW (streams may be added) → HEADER_WRITTEN (packets may be
 * written) → TRAILER_WRITTEN → CLOSED. The trailer is written exactly once and its result checked;
 * {@link #close()} writes it if the header was written and the trailer was not, so an output closed
 * after a failure or a stop is still finalized and playable.
 */
public final class OutputContainer extends NativeResource {
    /** AVFMT_FLAG_CUSTOM_IO: the pb belongs to the caller (JavaCPP does not map this macro). */
    private static final int CUSTOM_IO_FLAG = 0x0080;
    public enum State { NEW, HEADER_WRITTEN, TRAILER_WRITTEN, CLOSED }

    private final AVFormatContext ctx;
    private final String url;
    private final IoContext customIo;
    private final String formatName;
    private final List<Rational> requestedTimeBases = new ArrayList<>();
    private volatile State state = State.NEW;
    private Rational[] timeBases = new Rational[0];
    private long packetsWritten;
    private volatile Throwable trailerFailure;
    private OutputFiles files; // muxers that write files of their own (hls), else null

    private OutputContainer(AVFormatContext ctx, String url, IoContext customIo, String formatName) {
        this.ctx = ctx;
        this.url = url;
        this.customIo = customIo;
        this.formatName = formatName;
    }

    /** An output to a file path or URL, with the muxer {@code format} ("mpegts", "mp4", …). */
    public static OutputContainer toUrl(String url, String format) {
        Ffmpeg.ensureLoaded();
        AVFormatContext ctx = allocate(format, url, url);
        if ((ctx.oformat().flags() & avformat.AVFMT_NOFILE) == 0) {
            AVIOContext pb = new AVIOContext(null);
            int ret = avformat.avio_open2(pb, url, avformat.AVIO_FLAG_WRITE, null, (org.bytedeco.ffmpeg.avutil.AVDictionary) null);
            if (ret < 0) {
                avformat.avformat_free_context(ctx);
                throw new FfmpegException("open output", ret, url);
            }
            ctx.pb(pb);
        }
        return new OutputContainer(ctx, url, null, format);
    }

    /** Told about each file a muxer that writes files of its own has finished (on the muxing thread). */
    @FunctionalInterface
    public interface FileListener {
        /**
         * @param url the file as the muxer named it (a temporary {@code .tmp} name is renamed right after)
         * @param bytes its size
         */
        void closed(String url, long bytes);
    }

    /**
     * An output whose muxer writes files of its own ({@code hls}: segments, init section, playlists),
     * each opened as FFmpeg's default would; {@code listener} (may be null) gets every file once it is
     * complete, and {@link #bytesWritten()} counts the finished files that are not playlists.
     */
    public static OutputContainer toUrl(String url, String format, FileListener listener) {
        Ffmpeg.ensureLoaded();
        AVFormatContext ctx = allocate(format, url, url);
        if ((ctx.oformat().flags() & avformat.AVFMT_NOFILE) == 0) {
            avformat.avformat_free_context(ctx);
            throw FfmpegException.invalid("create output", url, "the " + format
                    + " muxer writes a single file: open it with toUrl(url, format)");
        }
        OutputFiles files = new OutputFiles(listener);
        files.install(ctx);
        OutputContainer c = new OutputContainer(ctx, url, null, format);
        c.files = files;
        return c;
    }

    /** An output to a custom I/O context, which this container takes over and closes. */
    public static OutputContainer consuming(IoContext io, String format) {
        Ffmpeg.ensureLoaded();
        io.lease(null); // held until the free: nobody frees the AVIOContext under the muxer
        AVFormatContext ctx;
        try {
            ctx = allocate(format, null, "(custom I/O)");
        } catch (RuntimeException e) {
            io.releaseAndClose();
            throw e;
        }
        ctx.pb(io.raw());
        ctx.flags(ctx.flags() | CUSTOM_IO_FLAG);
        return new OutputContainer(ctx, "(custom I/O)", io, format);
    }

    private static AVFormatContext allocate(String format, String url, String shownUrl) {
        if (format != null) {
            AVOutputFormat f = avformat.av_guess_format(format, null, null);
            if (f == null || f.isNull()) {
                throw new FfmpegException("create output", AvError.MUXER_NOT_FOUND.code(), shownUrl,
                        "no muxer named '" + format + "'", null);
            }
        }
        AVFormatContext ctx = new AVFormatContext(null);
        int ret = avformat.avformat_alloc_output_context2(ctx, null, format, url);
        if (ret < 0 || ctx.isNull()) {
            throw new FfmpegException("create output", ret < 0 ? ret : AvError.MUXER_NOT_FOUND.code(), shownUrl,
                    format == null ? "no muxer for this file name: name the format" : null, null);
        }
        return ctx;
    }

    public State state() {
        return state;
    }

    public String formatName() {
        return formatName;
    }

    /**
     * Whether this muxer can store {@code codecId} ({@code avformat_query_codec}): 1 yes, 0 no,
     * negative when the muxer does not say.
     */
    public int queryCodec(int codecId) {
        enter();
        try {
            return avformat.avformat_query_codec(ctx.oformat(), codecId, avcodec.FF_COMPLIANCE_NORMAL);
        } finally {
            exit();
        }
    }

    /**
     * Whether muxer {@code format} can store {@code codecId}, without opening an output: 1 yes,
     * 0 no, negative when the muxer does not say (or does not exist).
     */
    public static int queryCodec(String format, int codecId) {
        Ffmpeg.ensureLoaded();
        AVOutputFormat f = avformat.av_guess_format(format, null, null);
        if (f == null || f.isNull()) return AvError.MUXER_NOT_FOUND.code();
        return avformat.avformat_query_codec(f, codecId, avcodec.FF_COMPLIANCE_NORMAL);
    }

    /** Adds a stream that will carry {@code input}'s packets unchanged (stream copy). */
    public int addStreamCopying(StreamInfo input) {
        enter();
        try {
            requireState(State.NEW, "add a stream");
            AVStream in = input.borrow();
            try {
                AVStream out = avformat.avformat_new_stream(ctx, null);
                if (out == null || out.isNull()) throw new OutOfMemoryError("avformat_new_stream");
                AVCodecParameters par = out.codecpar();
                Ffmpeg.check(avcodec.avcodec_parameters_copy(par, in.codecpar()), "copy codec parameters", url);
                par.codec_tag(0); // let the muxer choose its own tag for the codec
                // Matroska, WAV and raw inputs often know only a channel count; MP4 refuses an
                // unspecified layout, and every player reads N unspecified channels as the default.
                if (par.ch_layout().order() == avutil.AV_CHANNEL_ORDER_UNSPEC && par.ch_layout().nb_channels() > 0) {
                    avutil.av_channel_layout_default(par.ch_layout(), par.ch_layout().nb_channels());
                }
                out.time_base(in.time_base());
                out.disposition(in.disposition());
                requestedTimeBases.add(input.timeBase());
                return out.index();
            } finally {
                input.release();
            }
        } finally {
            exit();
        }
    }

    /** For other boundary classes (encoders) that fill a new stream's parameters themselves. */
    AVStream newStream() {
        requireState(State.NEW, "add a stream");
        AVStream out = avformat.avformat_new_stream(ctx, null);
        if (out == null || out.isNull()) throw new OutOfMemoryError("avformat_new_stream");
        requestedTimeBases.add(null);
        return out;
    }

    public int streamCount() {
        enter();
        try {
            return ctx.nb_streams();
        } finally {
            exit();
        }
    }

    /**
     * Writes the header with muxer and format-context options ({@code mpegts_flags},
     * {@code movflags}, {@code avoid_negative_ts}, {@code max_interleave_delta}, …).
     *
     * @return options nothing used (empty unless the policy is WARN or IGNORE)
     */
    public Map<String, String> writeHeader(Map<String, String> options, UnknownOptions policy) {
        enter();
        try {
            requireState(State.NEW, "write the header");
            LogBridge.clearLastLine();
            Map<String, String> left;
            try (Dictionary dict = new Dictionary(options)) {
                int ret = avformat.avformat_write_header(ctx, dict.raw);
                if (ret < 0) throw new FfmpegException("write header (" + formatName + ")", ret, url,
                        ioFailureDetail(), customIo != null ? customIo.failure() : null);
                left = dict.leftovers();
            }
            state = State.HEADER_WRITTEN;
            timeBases = new Rational[ctx.nb_streams()];
            for (int i = 0; i < timeBases.length; i++) timeBases[i] = StreamInfo.rational(ctx.streams(i).time_base());
            return policy.apply(left, "write header (" + formatName + ")", url);
        } finally {
            exit();
        }
    }

    /** The time base the muxer chose for a stream (valid after the header). */
    public Rational timeBase(int streamIndex) {
        if (state == State.NEW) throw new IllegalStateException("time bases are known after the header is written");
        return timeBases[streamIndex];
    }

    /**
     * Writes a packet (timestamps in the stream's {@link #timeBase(int)}), interleaving streams.
     * The packet's reference is taken over: it is blank afterwards and can be reused.
     */
    public void write(Packet packet) {
        enter();
        try {
            requireState(State.HEADER_WRITTEN, "write a packet");
            int ret;
            AVPacket rawPacket = packet.borrow();
            try {
                ret = avformat.av_interleaved_write_frame(ctx, rawPacket);
            } finally {
                packet.release();
            }
            if (ret < 0) throw new FfmpegException("write packet", ret, url, ioFailureDetail(),
                    customIo != null ? customIo.failure() : null);
            packetsWritten++;
        } finally {
            exit();
        }
    }

    public long packetsWritten() {
        return packetsWritten;
    }

    /**
     * Bytes the muxer has produced so far (position in the output); for a muxer writing files of its
     * own, the bytes of the finished media files (segments, init sections), playlists not counted.
     */
    public long bytesWritten() {
        if (files != null) return files.mediaBytes();
        enter();
        try {
            AVIOContext pb = ctx.pb();
            return pb == null || pb.isNull() ? 0 : avformat.avio_tell(pb);
        } finally {
            exit();
        }
    }

    /** Flushes interleaving queues and writes the trailer. Exactly once; later calls do nothing. */
    public void writeTrailer() {
        enter();
        try {
            if (state != State.HEADER_WRITTEN) {
                if (state == State.NEW) throw new IllegalStateException("the header was never written");
                return;
            }
            state = State.TRAILER_WRITTEN;
            int ret = avformat.av_write_trailer(ctx);
            if (ret < 0) throw new FfmpegException("write trailer", ret, url, ioFailureDetail(),
                    customIo != null ? customIo.failure() : null);
            AVIOContext pb = ctx.pb();
            if (pb != null && !pb.isNull()) avformat.avio_flush(pb);
        } finally {
            exit();
        }
    }

    private String ioFailureDetail() {
        Throwable t = customIo != null ? customIo.failure() : null;
        return t == null ? null : "the byte sink failed: " + t;
    }

    private void requireState(State expected, String what) {
        if (state != expected) {
            throw new IllegalStateException("cannot " + what + " on output " + Urls.redact(url) + " in state " + state);
        }
    }

    /** The trailer failure swallowed by {@link #close()}, if any. */
    public Throwable closeFailure() {
        return trailerFailure;
    }

    @Override
    protected void free() {
        try {
            if (state == State.HEADER_WRITTEN) {
                state = State.TRAILER_WRITTEN;
                int ret = avformat.av_write_trailer(ctx);
                if (ret < 0) trailerFailure = new FfmpegException("write trailer", ret, url);
            }
        } finally {
            state = State.CLOSED;
            if (customIo != null) {
                customIo.flushLeased();
                ctx.pb(null);
                avformat.avformat_free_context(ctx);
                customIo.releaseAndClose();
            } else {
                AVIOContext pb = ctx.pb();
                if (pb != null && !pb.isNull() && (ctx.oformat().flags() & avformat.AVFMT_NOFILE) == 0) {
                    avformat.avio_closep(pb);
                    ctx.pb(null);
                }
                avformat.avformat_free_context(ctx);
                if (files != null) files.uninstall();
            }
        }
    }

    @Override
    protected String describe() {
        return "output " + Urls.redact(url);
    }
}
