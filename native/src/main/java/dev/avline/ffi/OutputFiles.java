package dev.avline.ffi;

import java.util.concurrent.ConcurrentHashMap;

import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerPointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * avline's {@code io_open}/{@code io_close2} on a muxer that writes files of its own (the
 * {@code hls} muxer: segments, init sections, playlists): each file is opened as libavformat's
 * default would ({@code avio_open2} with the muxer's interrupt callback and options) and, once it is
 * closed and complete on disk, its URL goes to a listener (a temporary name, {@code x.m3u8.tmp},
 * is renamed by the muxer right after). That is how a caller learns that
 * a segment or a playlist was finished without polling the directory.
 *
 * <p>The callbacks run on the thread that is muxing (inside {@code av_interleaved_write_frame},
 * {@code avformat_write_header} or {@code av_write_trailer}), a few times per segment.
 */
final class OutputFiles {
    private static final Logger LOG = LoggerFactory.getLogger(OutputFiles.class);
    /**
     * Hooks by the token in their format context's {@code opaque} (the hls muxer hands {@code opaque},
     * {@code io_open} and {@code io_close2} on to the muxers it nests), not by the context's own
     * address: FFmpeg frees the context before the owner unregisters, and a new context at the same
     * address would get this hook or lose its own (see {@link OpaqueToken}).
     */
    private static final AddressMap<OutputFiles> BY_TOKEN = new AddressMap<>();

    private static final AVFormatContext.Io_open_AVFormatContext_PointerPointer_BytePointer_int_PointerPointer OPEN =
            new AVFormatContext.Io_open_AVFormatContext_PointerPointer_BytePointer_int_PointerPointer() {
                @Override
                public int call(AVFormatContext s, PointerPointer pb, BytePointer url, int flags, PointerPointer options) {
                    try {
                        OutputFiles hook = hookOf(s);
                        if (hook == null) return AvError.EPERM.code();
                        return hook.open(s, pb, url, flags, options);
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
                        OutputFiles hook = hookOf(s);
                        return hook != null ? hook.close(pb) : avformat.avio_close(pb);
                    } catch (Throwable t) {
                        return AvError.EIO.code();
                    }
                }
            };

    private final OpaqueToken token = new OpaqueToken();
    private final OutputContainer.FileListener listener;
    private final ConcurrentHashMap<Long, String> open = new ConcurrentHashMap<>(); // pb address → URL
    private volatile long mediaBytes;

    /** {@code listener} may be null: the files are only counted. */
    OutputFiles(OutputContainer.FileListener listener) {
        this.listener = listener;
    }

    /** Bytes of the finished files that are not playlists (segments, init sections). */
    long mediaBytes() {
        return mediaBytes;
    }

    private static OutputFiles hookOf(AVFormatContext s) {
        org.bytedeco.javacpp.Pointer t = s.opaque();
        return t == null || t.isNull() ? null : BY_TOKEN.get(t.address());
    }

    void install(AVFormatContext ctx) {
        BY_TOKEN.put(token.address(), this);
        ctx.opaque(token.pointer());
        ctx.io_open(OPEN);
        ctx.io_close2(CLOSE);
    }

    /**
     * Removes this hook's registration and frees its token, after the context was freed: nothing
     * static reaches a finished muxer, and no other registration is touched.
     */
    void uninstall() {
        BY_TOKEN.remove(token.address(), this);
        token.close();
    }

    /** Hooks installed now (for tests: a finished job leaves none). */
    static int installed() {
        return BY_TOKEN.size();
    }

    private int open(AVFormatContext s, PointerPointer pb, BytePointer url, int flags, PointerPointer options) {
        int ret = avformat.avio_open2(pb, url, flags, s.interrupt_callback(), options);
        if (ret < 0) return ret;
        AVIOContext io = new AVIOContext(pb.get(0));
        open.put(io.address(), url.getString());
        return 0;
    }

    private int close(AVIOContext pb) {
        if (pb == null || pb.isNull()) return 0;
        String url = open.remove(pb.address());
        long bytes = avformat.avio_tell(pb); // sequential writes: the position is the size, buffer included
        int ret = avformat.avio_close(pb);
        if (url != null && ret >= 0) {
            if (!url.endsWith(".m3u8") && !url.endsWith(".m3u8.tmp")) mediaBytes += bytes; // only the muxing thread writes
            if (listener == null) return ret;
            try {
                listener.closed(url, bytes);
            } catch (RuntimeException e) {
                // the file is written: a listener's failure must not fail the muxer
                LOG.warn("listener of finished output file {} failed: {}", Urls.redact(url), e.toString());
            }
        }
        return ret;
    }
}
