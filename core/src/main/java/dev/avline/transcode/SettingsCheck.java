package dev.avline.transcode;

import java.util.Map;
import java.util.Set;

import dev.avline.ffi.Encoder;
import dev.avline.ffi.FfmpegException;
import dev.avline.ffi.MediaType;
import dev.avline.ffi.Rational;
import dev.avline.ffi.UnknownOptions;

/**
 * Checks settings before a job starts. Plain values are checked here; what only the encoder knows
 * (its private options, profiles, pixel formats) is checked by opening a software encoder once
 * with the settings at a small size, which takes milliseconds. Hardware encoders are probed at
 * start instead, where a failure falls back to software.
 */
final class SettingsCheck {
    private static final Set<String> X26X_PRESETS = Set.of("ultrafast", "superfast", "veryfast", "faster", "fast",
            "medium", "slow", "slower", "veryslow", "placebo");
    /** x264's tunes; one of the first six ("psy" tunes) at most. */
    private static final java.util.List<String> X264_TUNES = java.util.List.of("film", "animation", "grain", "stillimage",
            "psnr", "ssim", "fastdecode", "zerolatency", "touhou");
    private static final Set<String> X264_PSY_TUNES = Set.of("film", "animation", "grain", "stillimage", "psnr", "ssim");
    private static final java.util.List<String> X264_PROFILES = java.util.List.of("baseline", "main", "high", "high10",
            "high422", "high444");
    private static final java.util.List<String> X265_TUNES = java.util.List.of("psnr", "ssim", "grain", "zerolatency",
            "fastdecode", "animation");

    private SettingsCheck() {
    }

    static void video(VideoSettings v) {
        if (v.mode() == StreamMode.COPY || v.mode() == StreamMode.DROP) return;
        String name = v.encoder();
        MediaType type = Encoder.typeOf(name);
        if (type == null) throw new IllegalArgumentException("video.encoder: this FFmpeg build has no encoder named '" + name + "'");
        if (type != MediaType.VIDEO) throw new IllegalArgumentException("video.encoder: '" + name + "' is an " + type.name().toLowerCase() + " encoder");
        if (v.preset() != null && (name.equals("libx264") || name.equals("libx265")) && !X26X_PRESETS.contains(v.preset())) {
            throw new IllegalArgumentException("video.preset: '" + v.preset() + "' is not a " + name + " preset (expected one of "
                    + "ultrafast, superfast, veryfast, faster, fast, medium, slow, slower, veryslow, placebo)");
        }
        x26xNames(name, v);
        if (v.crf() != null && (v.crf() < 0 || v.crf() > 63 || v.crf().isNaN())) {
            throw new IllegalArgumentException("video.crf must be between 0 and 51 (63 for some encoders), got " + v.crf());
        }
        nonNegative("video.bitrate", v.bitrate());
        nonNegative("video.maxrate", v.maxrate());
        nonNegative("video.bufsize", v.bufsize());
        if (v.gop() < 0) throw new IllegalArgumentException("video.gop must not be negative, got " + v.gop());
        size("video.width", v.width());
        size("video.height", v.height());
        if (v.width() < 0 && v.height() < 0) {
            throw new IllegalArgumentException("video.width and video.height: only one side can follow the aspect ratio");
        }
        if (Encoder.isHardware(name)) return; // needs a device: checked when the job starts
        int w = v.width() > 0 ? v.width() : 320;
        int h = v.height() > 0 ? v.height() : 240;
        Rational rate = new Rational(25, 1);
        tryOpen("video", name, v.encoderOptions(), () -> VideoTimeBase.open(tb -> Encoder.named(name)
                .video(w, h, v.pixelFormat(), tb, rate).options(v.encoderOptions()).open(), new Rational(1, 90000), rate));
    }

    /**
     * libx264 and libx265 check {@code tune} and {@code profile} with x264's and x265's own loggers,
     * which write to the process's stderr before FFmpeg's wrapper hands them {@code av_log}: a bad
     * name would reach the terminal, past SLF4J. They are checked here instead, by their names.
     */
    private static void x26xNames(String encoder, VideoSettings v) {
        String tune = v.encoderOptions().get("tune");
        if (encoder.equals("libx264")) {
            if (tune != null) {
                int psy = 0;
                for (String t : tune.split("[,./+-]")) {
                    if (t.isEmpty()) continue;
                    if (!X264_TUNES.contains(t)) {
                        throw new IllegalArgumentException("video.options.tune: '" + t + "' is not a libx264 tune (expected one of "
                                + String.join(", ", X264_TUNES) + ", combined with ',')");
                    }
                    if (X264_PSY_TUNES.contains(t) && ++psy > 1) {
                        throw new IllegalArgumentException("video.options.tune: '" + tune + "' combines two of libx264's "
                                + "psy tunes (" + String.join(", ", X264_PSY_TUNES) + "): it takes one");
                    }
                }
            }
            if (v.profile() != null && !X264_PROFILES.contains(v.profile())) {
                throw new IllegalArgumentException("video.profile: '" + v.profile() + "' is not a libx264 profile (expected one of "
                        + String.join(", ", X264_PROFILES) + ")");
            }
        } else if (encoder.equals("libx265") && tune != null && !X265_TUNES.contains(tune)) {
            throw new IllegalArgumentException("video.options.tune: '" + tune + "' is not a libx265 tune (expected one of "
                    + String.join(", ", X265_TUNES) + ")");
        }
    }

    static void audio(AudioSettings a) {
        if (a.mode() == StreamMode.COPY || a.mode() == StreamMode.DROP) return;
        String name = a.encoder();
        MediaType type = Encoder.typeOf(name);
        if (type == null) throw new IllegalArgumentException("audio.encoder: this FFmpeg build has no encoder named '" + name + "'");
        if (type != MediaType.AUDIO) throw new IllegalArgumentException("audio.encoder: '" + name + "' is a " + type.name().toLowerCase() + " encoder");
        nonNegative("audio.bitrate", a.bitrate());
        if (a.sampleRate() < 0 || a.sampleRate() > 768_000) {
            throw new IllegalArgumentException("audio.sample_rate must be between 1 and 768000 Hz (0: the input's), got " + a.sampleRate());
        }
        if (a.channels() < 0 || a.channels() > 64) {
            throw new IllegalArgumentException("audio.channels must be between 1 and 64 (0: the input's), got " + a.channels());
        }
        int rate = a.sampleRate() > 0 ? a.sampleRate() : 48000;
        int ch = a.channels() > 0 ? a.channels() : 2;
        tryOpen("audio", name, a.encoderOptions(), () -> Encoder.named(name).audio(rate, ch, null)
                .options(a.encoderOptions()).open());
    }

    private static void tryOpen(String kind, String name, Map<String, String> options, java.util.function.Supplier<Encoder> open) {
        try {
            open.get().close();
        } catch (FfmpegException e) {
            String what = e.error() == dev.avline.ffi.AvError.OPTION_NOT_FOUND ? kind + ".options" : culprit(kind, options, e);
            throw new IllegalArgumentException(what + ": " + name + " does not accept the settings " + options
                    + ": " + e.getMessage(), e);
        }
    }

    /** The setting FFmpeg's own message points at ("Error setting profile ultra"), else just the kind. */
    private static String culprit(String kind, Map<String, String> options, FfmpegException e) {
        String said = e.lastLogLine();
        if (said == null) return kind;
        for (Map.Entry<String, String> o : options.entrySet()) {
            if (said.contains(o.getKey()) && said.contains(o.getValue())) {
                switch (o.getKey()) {
                    case "preset": case "profile": case "crf": return kind + "." + o.getKey();
                    case "b": return kind + ".bitrate";
                    case "g": return kind + ".gop";
                    default: return kind + ".options." + o.getKey();
                }
            }
        }
        return kind;
    }

    /** A read rate: 0 (as fast as the input comes) or 0.05 to 100 times real time. */
    static double readRate(double rate) {
        if (!(rate == 0 || rate >= 0.05 && rate <= 100)) {
            throw new IllegalArgumentException("read_rate must be 0 (off) or between 0.05 and 100, got " + rate);
        }
        return rate;
    }

    /** Items per queue between two stages: 1 to 256. */
    static int queueSize(int n) {
        if (n < 1 || n > 256) throw new IllegalArgumentException("queue_size must be between 1 and 256, got " + n);
        return n;
    }

    private static void nonNegative(String setting, long value) {
        if (value < 0) throw new IllegalArgumentException(setting + " must not be negative, got " + value);
    }

    private static void size(String setting, int value) {
        if (value < -2 || value > 16384 || (value > 0 && value < 16)) {
            throw new IllegalArgumentException(setting + " must be 16 to 16384, 0 (the input's) or -1/-2 (keep the aspect ratio), got " + value);
        }
    }
}
