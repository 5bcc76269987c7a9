package dev.avline.ffi;

import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avfilter;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.ffmpeg.global.swresample;
import org.bytedeco.ffmpeg.global.swscale;
import org.bytedeco.javacpp.Loader;

/**
 * Loads the FFmpeg libraries avline uses (never libavdevice: it needs libpulse, which a fresh
 * machine lacks), refuses any major version other than the one avline was written against, and
 * installs the log bridge. Every entry point of the native boundary calls {@link #ensureLoaded()}.
 */
public final class Ffmpeg {
    public static final int AVFORMAT_MAJOR = 61;
    public static final int AVCODEC_MAJOR = 61;

    private static volatile boolean loaded;

    private Ffmpeg() {
    }

    public static void ensureLoaded() {
        if (loaded) return;
        synchronized (Ffmpeg.class) {
            if (loaded) return;
            try {
                Loader.load(avutil.class);
                Loader.load(swresample.class);
                Loader.load(avcodec.class);
                Loader.load(avformat.class);
                Loader.load(swscale.class);
                Loader.load(avfilter.class);
            } catch (UnsatisfiedLinkError | RuntimeException e) {
                throw new IllegalStateException("avline could not load FFmpeg's native libraries for "
                        + Loader.getPlatform() + " (is the org.bytedeco:ffmpeg natives jar with the right"
                        + " classifier on the class path?): " + e.getMessage(), e);
            }
            String problem = versionProblem(avformat.avformat_version(), avcodec.avcodec_version());
            if (problem != null) throw new IllegalStateException(problem);
            LogBridge.install();
            loaded = true;
        }
    }

    /** For diagnostics: "libavformat 61.7.100, libavcodec 61.19.101, ...". */
    public static String versions() {
        ensureLoaded();
        return "libavutil " + version(avutil.avutil_version())
                + ", libavcodec " + version(avcodec.avcodec_version())
                + ", libavformat " + version(avformat.avformat_version())
                + ", libavfilter " + version(avfilter.avfilter_version())
                + ", libswscale " + version(swscale.swscale_version())
                + ", libswresample " + version(swresample.swresample_version());
    }

    /**
     * Null when the libraries are the major versions avline was written against, else a message
     * naming the versions found (the ABI of other majors differs: calling them would crash).
     */
    static String versionProblem(int avformatVersion, int avcodecVersion) {
        if (avformatVersion >>> 16 == AVFORMAT_MAJOR && avcodecVersion >>> 16 == AVCODEC_MAJOR) return null;
        return "avline needs libavformat " + AVFORMAT_MAJOR + " and libavcodec " + AVCODEC_MAJOR
                + " (FFmpeg 7.x), but found libavformat " + version(avformatVersion)
                + " and libavcodec " + version(avcodecVersion);
    }

    static String version(int v) {
        return (v >>> 16) + "." + ((v >>> 8) & 0xff) + "." + (v & 0xff);
    }

    /** FFmpeg's own text for an error code, bounded to the C string (never the garbage after NUL). */
    public static String errorText(int code) {
        byte[] buf = new byte[256];
        if (avutil.av_strerror(code, buf, buf.length) < 0) {
            return "Error number " + code + " occurred";
        }
        int n = 0;
        while (n < buf.length && buf[n] != 0) n++;
        return new String(buf, 0, n, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Throws {@link FfmpegException} for a negative return; returns it otherwise. */
    static int check(int ret, String operation, String url) {
        if (ret < 0) throw new FfmpegException(operation, ret, url);
        return ret;
    }
}
