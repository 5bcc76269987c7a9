package dev.avline.ffi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVInputFormat;
import org.bytedeco.ffmpeg.avformat.AVProgram;
import org.bytedeco.ffmpeg.avutil.AVDictionaryEntry;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;

/**
 * An opened input ({@code AVFormatContext} from {@code avformat_open_input}): a URL or a custom
 * {@link IoContext}. Reading is confined to one thread; {@link #interrupt(String)} and {@link #close()}
 * may be called from any other thread at any time and make a blocked read return promptly.
 */
public final class InputContainer extends NativeResource {
    /** AVFMT_FLAG_CUSTOM_IO: the pb belongs to the caller (JavaCPP does not map this macro). */
    private static final int CUSTOM_IO_FLAG = 0x0080;
    private final AVFormatContext ctx;
    private final String url;
    private final IoContext customIo;
    private final IoInterrupt interrupt;
    private final List<StreamInfo> streams;
    private final Map<String, String> unusedOptions;
    private final Registration registration;

    /** This input's entries in the callback tables, under a token of its own; released once the context is closed. */
    private static final class Registration {
        final OpaqueToken token;
        final IoInterrupt interrupt;
        final NestedOpens nestedOpens;

        Registration(OpaqueToken token, IoInterrupt interrupt, NestedOpens nestedOpens) {
            this.token = token;
            this.interrupt = interrupt;
            this.nestedOpens = nestedOpens;
        }

        /** Removes exactly this input's entries, then frees the token (call after the context is freed). */
        void release() {
            IoInterrupt.unregister(token.pointer(), interrupt);
            if (nestedOpens != null) nestedOpens.uninstall(token);
            token.close();
        }
    }

    private InputContainer(AVFormatContext ctx, String url, IoContext customIo, IoInterrupt interrupt,
                           Map<String, String> unusedOptions, Registration registration) {
        this.ctx = ctx;
        this.registration = registration;
        this.url = url;
        this.customIo = customIo;
        this.interrupt = interrupt;
        this.unusedOptions = unusedOptions;
        List<StreamInfo> list = new ArrayList<>();
        for (int i = 0; i < ctx.nb_streams(); i++) list.add(new StreamInfo(this, ctx.streams(i), i));
        this.streams = Collections.unmodifiableList(list);
    }

    public static Opener url(String url) {
        return new Opener(url, null);
    }

    /** Opens from a custom I/O context; the container takes ownership of {@code io} and closes it. */
    public static Opener consuming(IoContext io) {
        return new Opener(null, io);
    }

    /**
     * Opens from a custom I/O context that holds the bytes of {@code url} (already fetched): the
     * demuxer sees {@code url} as its name, so HLS resolves relative URIs and reloads the playlist
     * against it. The container takes ownership of {@code io}.
     */
    public static Opener consuming(IoContext io, String url) {
        return new Opener(java.util.Objects.requireNonNull(url, "url"), java.util.Objects.requireNonNull(io, "io"));
    }

    /** How to open: options, forced format, interrupt, unknown-option policy, nested-open hook. */
    public static final class Opener {
        private final String url;
        private final IoContext io;
        private String format;
        private Map<String, String> options = Map.of();
        private Map<String, String> streamInfoOptions = Map.of();
        private UnknownOptions unknown = UnknownOptions.FAIL;
        private IoInterrupt interrupt = new IoInterrupt();
        private boolean findStreamInfo = true;
        private NestedOpens nestedOpens;

        private Opener(String url, IoContext io) {
            this.url = url;
            this.io = io;
        }

        /** Forces the demuxer ("mpegts", "hls", …) instead of probing. */
        public Opener format(String format) {
            this.format = format;
            return this;
        }

        /** Options for the format context, the demuxer and the protocol (like CLI input options). */
        public Opener options(Map<String, String> options) {
            this.options = new LinkedHashMap<>(options);
            return this;
        }

        public Opener unknownOptions(UnknownOptions policy) {
            this.unknown = policy;
            return this;
        }

        public Opener interrupt(IoInterrupt interrupt) {
            this.interrupt = java.util.Objects.requireNonNull(interrupt, "interrupt");
            return this;
        }

        /** Skips {@code avformat_find_stream_info} (when the caller knows the streams already). */
        public Opener skipStreamInfo() {
            this.findStreamInfo = false;
            return this;
        }

        /** Routes every nested open (HLS playlists, segments, keys, init sections) through {@code hook}. */
        public Opener nestedOpens(NestedOpens hook) {
            this.nestedOpens = hook;
            return this;
        }

        public InputContainer open() {
            Ffmpeg.ensureLoaded();
            String shownUrl = url != null ? url : "(custom I/O)";
            // Held until the container is freed: nobody can free the AVIOContext under FFmpeg's feet,
            // and an interrupt wakes a read blocked in the byte source.
            if (io != null) io.lease(interrupt);
            AVInputFormat fmt = null;
            if (format != null) {
                fmt = avformat.av_find_input_format(format);
                if (fmt == null || fmt.isNull()) {
                    closeIo();
                    throw new FfmpegException("open input", AvError.DEMUXER_NOT_FOUND.code(), url,
                            "no demuxer named '" + format + "'", null);
                }
            }
            AVFormatContext ctx = avformat.avformat_alloc_context();
            if (ctx == null || ctx.isNull()) {
                closeIo();
                throw new OutOfMemoryError("avformat_alloc_context");
            }
            // The callbacks find this input's interrupt and hook by a token of its own, which outlives
            // the context: FFmpeg frees the context before it can be unregistered.
            Registration reg = new Registration(new OpaqueToken(), interrupt, nestedOpens);
            ctx.interrupt_callback().callback(IoInterrupt.CALLBACK);
            ctx.interrupt_callback().opaque(reg.token.pointer());
            IoInterrupt.register(reg.token.pointer(), interrupt);
            if (io != null) {
                ctx.pb(io.raw());
                ctx.flags(ctx.flags() | CUSTOM_IO_FLAG);
            }
            if (nestedOpens != null) nestedOpens.install(ctx, reg.token);
            LogBridge.clearLastLine();
            Map<String, String> leftovers;
            try (Dictionary dict = new Dictionary(options)) {
                int ret = avformat.avformat_open_input(ctx, url, fmt, dict.raw);
                if (ret < 0) {
                    // FFmpeg freed the context and nulled the pointer.
                    reg.release();
                    FfmpegException e = failure("open input", ret, shownUrl);
                    closeIo();
                    throw e;
                }
                leftovers = dict.leftovers();
            }
            InputContainer in = null;
            try {
                unknown.apply(leftovers, "open input", shownUrl);
                if (findStreamInfo) {
                    int ret = avformat.avformat_find_stream_info(ctx, (org.bytedeco.javacpp.PointerPointer<?>) null);
                    if (ret < 0) throw failure("read stream information", ret, shownUrl);
                }
                in = new InputContainer(ctx, shownUrl, io, interrupt, leftovers, reg);
                return in;
            } finally {
                if (in == null) {
                    avformat.avformat_close_input(ctx);
                    reg.release();
                    closeIo();
                }
            }
        }

        private FfmpegException failure(String op, int ret, String shownUrl) {
            if (ret == AvError.EXIT.code() && interrupt.firedReason() != null) {
                return new FfmpegException(op, ret, shownUrl, interrupt.firedReason(), null);
            }
            Throwable cause = io != null ? io.failure() : null;
            if (cause != null) return new FfmpegException(op, ret, shownUrl, "the byte source failed: " + cause, cause);
            return new FfmpegException(op, ret, shownUrl);
        }

        private void closeIo() {
            if (io != null) io.releaseAndClose();
        }
    }

    public List<StreamInfo> streams() {
        return streams;
    }

    public StreamInfo stream(int index) {
        return streams.get(index);
    }

    /** Options that nothing consumed (non-empty only with a WARN or IGNORE policy). */
    public Map<String, String> unusedOptions() {
        return unusedOptions;
    }

    /** The URL as given, for this process's own use; show {@link Urls#redact(String)} of it to people. */
    public String url() {
        return url;
    }

    public IoInterrupt interruptHandle() {
        return interrupt;
    }

    /** The demuxer's short name ("mpegts", "hls", "mov,mp4,m4a,3gp,3g2,mj2", …). */
    public String formatName() {
        enter();
        try {
            return ctx.iformat().name().getString();
        } finally {
            exit();
        }
    }

    /** Container duration in microseconds, or {@link Timestamps#NOPTS} when unknown (live). */
    public long durationMicros() {
        enter();
        try {
            return ctx.duration();
        } finally {
            exit();
        }
    }

    /** The demuxer's description ("MPEG-TS (MPEG-2 Transport Stream)"). */
    public String formatLongName() {
        enter();
        try {
            return FfmpegBuild.text(ctx.iformat().long_name());
        } finally {
            exit();
        }
    }

    /** The container's total bit rate in bit/s as FFmpeg found or estimated it, 0 when unknown. */
    public long bitRate() {
        enter();
        try {
            return Math.max(0, ctx.bit_rate());
        } finally {
            exit();
        }
    }

    /** Programs (HLS variants), with the bandwidth each announced. */
    public List<Program> programs() {
        enter();
        try {
            List<Program> list = new ArrayList<>();
            for (int i = 0; i < ctx.nb_programs(); i++) {
                AVProgram p = ctx.programs(i);
                List<Integer> idx = new ArrayList<>();
                for (int j = 0; j < p.nb_stream_indexes(); j++) idx.add(p.stream_index().get(j));
                long bw = 0;
                AVDictionaryEntry e = avutil.av_dict_get(p.metadata(), "variant_bitrate", null, 0);
                if (e != null && !e.isNull()) {
                    try {
                        bw = Long.parseLong(e.value().getString().trim());
                    } catch (NumberFormatException ignored) {
                        bw = 0;
                    }
                }
                list.add(new Program(p.id(), bw, List.copyOf(idx)));
            }
            return list;
        } finally {
            exit();
        }
    }

    /**
     * Tells the demuxer to drop a stream entirely (for HLS: not to fetch a variant's segments).
     */
    public void discard(int streamIndex) {
        enter();
        try {
            ctx.streams(streamIndex).discard(avcodec.AVDISCARD_ALL);
        } finally {
            exit();
        }
    }

    /**
     * Reads the next packet into {@code packet} (whose previous content is dropped).
     *
     * @return false at the end of the input
     * @throws FfmpegException for any error (an interrupt included: {@link AvError#EXIT})
     */
    public boolean read(Packet packet) {
        AVPacket raw = packet.borrow();
        try {
            enter();
            try {
                return readInto(raw);
            } finally {
                exit();
            }
        } finally {
            packet.release();
        }
    }

    private boolean readInto(AVPacket raw) {
        avcodec.av_packet_unref(raw);
        for (;;) {
            int ret = avformat.av_read_frame(ctx, raw);
            if (ret >= 0) return true;
            if (ret == AvError.EOF.code()) {
                endOfInputOrFailure();
                return false;
            }
            if (ret == AvError.EAGAIN.code() && !interrupt.triggered()) {
                sleepBriefly();
                continue;
            }
            String detail = ret == AvError.EXIT.code() ? interrupt.firedReason() : null;
            Throwable cause = customIo != null ? customIo.failure() : null;
            if (cause != null && detail == null) detail = "the byte source failed: " + cause;
            throw new FfmpegException("read packet", ret, url, detail, cause);
        }
    }

    /**
     * Some demuxers report a failed read of their byte source as a plain end of file; a recording
     * cut by a broken source or connection must not look complete, so the I/O error is raised here.
     */
    private void endOfInputOrFailure() {
        Throwable cause = customIo != null ? customIo.failure() : null;
        if (cause != null) {
            throw new FfmpegException("read packet", AvError.EIO.code(), url, "the byte source failed: " + cause, cause);
        }
        AVIOContext pb = ctx.pb();
        int error = pb == null || pb.isNull() ? 0 : pb.error();
        if (error < 0 && error != AvError.EOF.code()) {
            if (error == AvError.EXIT.code() && interrupt.firedReason() != null) {
                throw new FfmpegException("read packet", error, url, interrupt.firedReason(), null);
            }
            throw new FfmpegException("read packet", error, url, "the input ended with an I/O error", null);
        }
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Makes blocked and future I/O of this input return {@link AvError#EXIT}. Any thread. */
    public void interrupt(String why) {
        interrupt.interrupt(why);
    }

    @Override
    protected void beforeClose() {
        // A read in flight on another thread must return soon so the free can happen.
        interrupt.interrupt("closed");
    }

    @Override
    protected void free() {
        try {
            avformat.avformat_close_input(ctx); // may still call the interrupt and io_close2: registrations stay until it returns
        } finally {
            registration.release();
            if (customIo != null) customIo.releaseAndClose();
        }
    }

    @Override
    protected String describe() {
        return "input " + Urls.redact(url);
    }
}
