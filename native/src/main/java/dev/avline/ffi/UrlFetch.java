package dev.avline.ffi;

import java.io.ByteArrayOutputStream;
import java.util.Map;

import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVIOInterruptCB;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Reads a whole resource (a playlist, a segment, a key) through FFmpeg's own protocols, so the
 * http options (reconnects, timeouts, headers) and the protocol whitelist apply exactly as they do
 * for the demuxer. Interruptible through an {@link IoInterrupt}. Used by live recording to see a
 * body completely, and count it against its Content-Length, before a demuxer gets it.
 */
public final class UrlFetch {
    private static final int CHUNK = 64 * 1024;

    private UrlFetch() {
    }

    /** Told the running total after each chunk (a stall watchdog counts this as progress). */
    @FunctionalInterface
    public interface Progress {
        void bytes(long total);
    }

    /**
     * What a fetch got.
     *
     * @param body the bytes read (all of them, or what arrived before the error)
     * @param announcedSize the size the server announced (Content-Length), -1 when unknown
     * @param location the final URL after redirects (http), or null
     * @param error 0, or the AVERROR the open or a read failed with
     * @param tooLarge true when the body passed {@code maxBytes} and reading stopped
     */
    public record Result(byte[] body, long announcedSize, String location, int error, boolean tooLarge) {
        /** Complete: no error, not cut by the size cap, and as long as announced. */
        public boolean complete() {
            return error == 0 && !tooLarge && !truncated();
        }

        /** Fewer bytes than the Content-Length said (a connection that ended early). */
        public boolean truncated() {
            return announcedSize > 0 && body.length < announcedSize;
        }

        public AvError errorName() {
            return AvError.of(error);
        }
    }

    /** Fetches {@code url} with {@code options} (protocol options by name), interruptible by {@code interrupt}. */
    public static Result fetch(String url, Map<String, String> options, IoInterrupt interrupt, long maxBytes,
                               Progress progress) {
        Ffmpeg.ensureLoaded();
        // The callback struct is this fetch's own allocation: its address is the token the callback
        // finds the interrupt by, freed only after the registration is removed.
        AVIOInterruptCB cb = new AVIOInterruptCB();
        try {
            cb.callback(IoInterrupt.CALLBACK);
            cb.opaque(cb);
            IoInterrupt.register(cb, interrupt);
            return fetch(url, options, cb, maxBytes, progress);
        } finally {
            IoInterrupt.unregister(cb, interrupt);
            cb.close();
        }
    }

    static Result fetch(String url, Map<String, String> options, AVIOInterruptCB cb, long maxBytes, Progress progress) {
        AVIOContext pb = new AVIOContext(null);
        int ret;
        try (Dictionary dict = new Dictionary(options)) {
            ret = avformat.avio_open2(pb, url, avformat.AVIO_FLAG_READ, cb, dict.raw);
        }
        if (ret < 0) return new Result(new byte[0], -1, null, ret, false);
        try {
            long size = avformat.avio_size(pb);
            String location = optionString(pb, "location");
            ByteArrayOutputStream out = new ByteArrayOutputStream(size > 0 && size < maxBytes ? (int) size : CHUNK);
            byte[] chunk = new byte[CHUNK];
            int error = 0;
            boolean tooLarge = false;
            long total = 0;
            for (;;) {
                int n = avformat.avio_read(pb, chunk, CHUNK);
                if (n == AvError.EOF.code()) break;
                if (n < 0) {
                    error = n;
                    break;
                }
                if (total + n > maxBytes) {
                    tooLarge = true;
                    break;
                }
                out.write(chunk, 0, n);
                total += n;
                if (progress != null && n > 0) progress.bytes(total);
            }
            return new Result(out.toByteArray(), size > 0 ? size : -1, location, error, tooLarge);
        } finally {
            avformat.avio_closep(pb);
        }
    }

    private static String optionString(AVIOContext pb, String name) {
        try (PointerPointer<BytePointer> out = new PointerPointer<>(1); BytePointer key = new BytePointer(name)) {
            if (avutil.av_opt_get(pb, key, avutil.AV_OPT_SEARCH_CHILDREN, out) < 0) return null;
            BytePointer value = out.get(BytePointer.class, 0);
            if (value == null || value.isNull()) return null;
            try {
                String s = value.getString();
                return s.isEmpty() ? null : s;
            } finally {
                avutil.av_free(value);
            }
        }
    }
}
