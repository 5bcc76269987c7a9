package dev.avline.ffi;

import java.util.HashMap;
import java.util.Map;

import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * avline's own {@code AVFormatContext.io_open}/{@code io_close2}: every URL libavformat opens for an
 * input (the top-level URL, HLS playlists and reloads, segments, keys, init sections) passes
 * through a {@link Handler}, which can refuse it (URL policy) or add options to it (reconnect,
 * timeouts: the HLS demuxer does not pass those down), and is told how many bytes each nested
 * resource delivered against the size it announced.
 *
 * <p>The open itself is {@code avio_open2} with the input's interrupt callback, which is what
 * libavformat's default does; options FFmpeg consumed are removed from the caller's dictionary so
 * that the usual "unknown option" check still works for the caller's own options.
 *
 * <p>A handler may supply a whole body ({@link Handler#body}); the demuxer then reads it from memory
 * and {@code io_close2} frees it. Only nested opens may do this: {@code avformat_close_input} closes
 * the top-level pb with {@code avio_close} directly, so a top-level body must be given as custom
 * I/O instead ({@link InputContainer#consuming(IoContext, String)}).
 *
 * <p>Note: HLS reuses a keep-alive connection for the next segment without calling {@code io_open}
 * when {@code http_persistent} is on; callers that need to see every segment turn it off.
 */
public final class NestedOpens {
    /** Decides about nested opens. Called on the thread that is reading the input. */
    public interface Handler {
        /**
         * Called before a URL is opened.
         *
         * @return extra options to open it with (added to what the demuxer asked for)
         * @throws Refused to refuse the URL; FFmpeg sees {@code AVERROR(EPERM)}
         */
        Map<String, String> beforeOpen(String url, Map<String, String> demuxerOptions) throws Refused;

        /**
         * Called after {@link #beforeOpen}: return the whole body the demuxer will read (fetched
         * with {@code fetcher}, checked, possibly rewritten), or null to let FFmpeg open the URL as
         * a stream. {@code options} are the demuxer's plus those {@link #beforeOpen} added.
         *
         * @throws Refused to fail the open with {@code AVERROR(EPERM)}
         */
        default byte[] body(String url, Map<String, String> options, Fetcher fetcher) throws Refused {
            return null;
        }

        /** Called after an open attempt: {@code result} is 0 or the AVERROR it failed with. */
        default void afterOpen(String url, int result) {
        }

        /**
         * Called when a nested resource is closed.
         *
         * @param bytesRead bytes delivered to the demuxer
         * @param size the size the server announced (Content-Length), or -1 when unknown
         */
        default void closed(String url, long bytesRead, long size) {
        }
    }

    /** Reads a URL whole, with the input's interrupt callback (see {@link UrlFetch}). */
    @FunctionalInterface
    public interface Fetcher {
        UrlFetch.Result fetch(String url, Map<String, String> options, long maxBytes, UrlFetch.Progress progress);
    }

    /** Thrown by a handler to refuse a URL; the message says why (shown to people: no secrets). */
    public static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        public Refused(String message) {
            super(message);
        }
    }

    /**
     * Hooks by the token in their format context's {@code opaque} (user data FFmpeg never touches;
     * the HLS demuxer calls {@code io_open} with the top-level context). Not by the context's own
     * address: FFmpeg frees the context before its owner can unregister, and a new context at the
     * same address would lose its hook, or get another pipeline's.
     */
    private static final AddressMap<NestedOpens> BY_TOKEN = new AddressMap<>();

    private static final AVFormatContext.Io_open_AVFormatContext_PointerPointer_BytePointer_int_PointerPointer OPEN =
            new AVFormatContext.Io_open_AVFormatContext_PointerPointer_BytePointer_int_PointerPointer() {
                @Override
                public int call(AVFormatContext s, PointerPointer pb, BytePointer url, int flags, PointerPointer options) {
                    try {
                        NestedOpens hook = hookOf(s);
                        if (hook == null) return AvError.EPERM.code();
                        return hook.open(s, pb, url.getString(), flags, options);
                    } catch (Throwable t) {
                        return AvError.EIO.code();
                    }
                }
            };

    private static final AVFormatContext.Io_close2_AVFormatContext_AVIOContext CLOSE =
            new AVFormatContext.Io_close2_AVFormatContext_AVIOContext() {
                @Override
                public int call(AVFormatContext s, AVIOContext pb) {
                    try {
                        NestedOpens hook = hookOf(s);
                        return hook != null ? hook.close(pb) : avformat.avio_close(pb);
                    } catch (Throwable t) {
                        return AvError.EIO.code();
                    }
                }
            };

    private final Handler handler;
    private final Map<Long, String> openUrls = new HashMap<>();
    private final Map<Long, IoContext> bodies = new HashMap<>(); // pb address → the memory body behind it
    private volatile String lastRefusal;

    public NestedOpens(Handler handler) {
        this.handler = handler;
    }

    /** Why the last URL was refused, or null. */
    public String lastRefusal() {
        return lastRefusal;
    }

    private static NestedOpens hookOf(AVFormatContext s) {
        org.bytedeco.javacpp.Pointer token = s.opaque();
        return token == null || token.isNull() ? null : BY_TOKEN.get(token.address());
    }

    /** Routes {@code ctx}'s nested opens here until {@link #uninstall(OpaqueToken)}; {@code token} is the owner's. */
    void install(AVFormatContext ctx, OpaqueToken token) {
        BY_TOKEN.put(token.address(), this);
        ctx.opaque(token.pointer());
        ctx.io_open(OPEN);
        ctx.io_close2(CLOSE);
    }

    /** Removes this hook's registration (after its context was closed); nothing else's. */
    void uninstall(OpaqueToken token) {
        BY_TOKEN.remove(token.address(), this);
    }

    /** Hooks installed now (for tests: a finished job leaves none). */
    static int installed() {
        return BY_TOKEN.size();
    }

    private int open(AVFormatContext s, PointerPointer pb, String url, int flags, PointerPointer options) {
        if ((flags & avformat.AVIO_FLAG_WRITE) != 0) {
            lastRefusal = "write access to " + Urls.redact(url);
            return AvError.EPERM.code();
        }
        AVDictionary callerDict = options == null || options.isNull() ? null : new AVDictionary(options.get(0));
        Map<String, String> demuxerOptions = toMap(callerDict);
        Map<String, String> extra;
        try {
            extra = handler.beforeOpen(url, demuxerOptions);
        } catch (Refused r) {
            lastRefusal = r.getMessage();
            handler.afterOpen(url, AvError.EPERM.code());
            return AvError.EPERM.code();
        }
        Map<String, String> merged = new java.util.LinkedHashMap<>(demuxerOptions);
        if (extra != null) merged.putAll(extra);
        byte[] body;
        try {
            body = handler.body(url, merged, (u, o, max, p) -> UrlFetch.fetch(u, o, s.interrupt_callback(), max, p));
        } catch (Refused r) {
            lastRefusal = r.getMessage();
            handler.afterOpen(url, AvError.EPERM.code());
            return AvError.EPERM.code();
        }
        if (body != null) {
            IoContext io = IoContext.reading(body);
            AVIOContext raw = io.raw();
            synchronized (openUrls) {
                openUrls.put(raw.address(), url);
                bodies.put(raw.address(), io);
            }
            handler.afterOpen(url, 0);
            pb.put(0, raw);
            return 0;
        }
        AVDictionary tmp = new AVDictionary(null);
        try {
            if (callerDict != null && !callerDict.isNull()) avutil.av_dict_copy(tmp, callerDict, 0);
            if (extra != null) {
                for (Map.Entry<String, String> e : extra.entrySet()) {
                    avutil.av_dict_set(tmp, e.getKey(), e.getValue(), 0);
                }
            }
            AVIOContext out = new AVIOContext(null);
            int ret = avformat.avio_open2(out, url, flags, s.interrupt_callback(), tmp);
            handler.afterOpen(url, Math.min(ret, 0));
            if (ret < 0) return ret;
            synchronized (openUrls) {
                openUrls.put(out.address(), url);
            }
            pb.put(0, out);
            // Remove from the caller's dictionary what was consumed, as avio_open2 would have.
            if (callerDict != null && !callerDict.isNull()) {
                Map<String, String> left = toMap(tmp);
                for (String key : demuxerOptions.keySet()) {
                    if (!left.containsKey(key)) avutil.av_dict_set(callerDict, key, (String) null, 0);
                }
                options.put(0, callerDict);
            }
            return 0;
        } finally {
            avutil.av_dict_free(tmp);
        }
    }

    private int close(AVIOContext pb) {
        if (pb == null || pb.isNull()) return 0;
        String url;
        IoContext body;
        synchronized (openUrls) {
            url = openUrls.remove(pb.address());
            body = bodies.remove(pb.address());
        }
        if (body != null) {
            long read = body.bytes();
            long size = avformat.avio_size(pb);
            body.close(); // frees the buffer and the context FFmpeg holds
            if (url != null) handler.closed(url, read, size);
            return 0;
        }
        long read = pb.bytes_read();
        long size = avformat.avio_size(pb);
        int ret = avformat.avio_close(pb);
        if (url != null) handler.closed(url, read, size);
        return ret;
    }

    private static Map<String, String> toMap(AVDictionary dict) {
        Map<String, String> map = new java.util.LinkedHashMap<>();
        if (dict == null || dict.isNull()) return map;
        org.bytedeco.ffmpeg.avutil.AVDictionaryEntry e = null;
        while ((e = avutil.av_dict_get(dict, "", e, avutil.AV_DICT_IGNORE_SUFFIX)) != null && !e.isNull()) {
            map.put(e.key().getString(), e.value().getString());
        }
        return map;
    }
}
