package dev.avline.examples.recorder;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.avline.Container;
import dev.avline.Variant;
import dev.avline.examples.recorder.config.Headers;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.TypeConversionException;

/**
 * The command line, as data: what the user typed, checked for form only (picocli does the parsing
 * and the help). A null field was not given, so the config file or the default decides it.
 */
@Command(name = "avline-recorder",
        mixinStandardHelpOptions = true,
        versionProvider = RecorderVersion.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        customSynopsis = {
                "@|bold avline-recorder|@ [OPTIONS] INPUT OUTPUT",
                "       @|bold avline-recorder|@ [OPTIONS] INPUT --hls-out DIR [--ladder 1080,720,480]",
                "       @|bold avline-recorder|@ --demo [OPTIONS] [OUTPUT]",
        },
        description = {
                "Records a live stream or any input FFmpeg reads (HLS with TS or fMP4 segments, HTTP, a file) "
                        + "to MPEG-TS or fragmented MP4, with FFmpeg 7 running inside the JVM.",
                "",
                "INPUT is a URL or a path; OUTPUT a file ending in .ts, .mp4 or .mkv (or name the container with --format).",
                "",
        },
        footer = {
                "",
                "Progress: a bar on stderr when run on a terminal; @|bold --progress json|@ prints one JSON object "
                        + "per line on stdout, the last with \"state\": \"done\" or \"failed\". "
                        + "Logs always go to stderr. Otherwise stdout gets the output's path when done.",
                "",
                "Ctrl-C or SIGTERM stops the recording, finalizes OUTPUT (playable) and exits 0.",
                "",
                "Exit status: 0 done; 1 the recording failed (the message says why); 2 a usage or config error "
                        + "(the message names the option or key); 3 OUTPUT exists (give --overwrite) or is the input: "
                        + "nothing was written.",
                "",
                "Examples:",
                "  avline-recorder --demo",
                "  avline-recorder --probe https://example.com/live/master.m3u8",
                "  avline-recorder https://example.com/live/index.m3u8 out.ts --duration 60",
                "  avline-recorder --transcode --hw auto --audio-normalize recording.ts out.mp4",
                "  avline-recorder https://example.com/live/index.m3u8 --hls-out /srv/timeshift/ch1 --hls-window 900",
                "  avline-recorder --ladder 1080,720,480 --adaptive https://example.com/live/index.m3u8 --hls-out /srv/abr/ch1",
                "  avline-recorder --ladder ladder.json --two-pass movie.mp4 --hls-out /srv/vod/movie",
                "  avline-recorder --config recorder.json --progress json \\",
                "      --header \"Referer: https://example.com/\" \\",
                "      https://example.com/master.m3u8 out.mp4 --variant worst",
        })
public final class RecorderCommand {

    /** --copy and --transcode exclude each other. */
    static final class ModeFlags {
        @Option(names = "--copy", description = "Stream copy: no re-encoding (the default).")
        boolean copy;

        @Option(names = "--transcode", description = "Re-encode to H.264 + AAC 128k (libx264 ultrafast/baseline, "
                + "or the GPU's H.264 encoder that --hw finds).")
        boolean transcode;
    }

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    ModeFlags modeFlags;

    @Option(names = "--hw", paramLabel = "auto|vaapi|cuda|qsv|none", converter = HardwareConverter.class,
            description = "Hardware for --transcode (default: auto: CUDA, VAAPI or QSV, else software; "
                    + "each fallback is reported as an event).")
    Hardware hw;

    @Option(names = "--format", paramLabel = "ts|mp4|mp4-faststart|mkv", converter = ContainerConverter.class,
            description = "Output container: ts (MPEG-TS), mp4 (fragmented MP4), mp4-faststart (an MP4 finished for "
                    + "download: written when the recording ends) or mkv (Matroska). Default: from OUTPUT's extension.")
    Container format;

    @Option(names = "--duration", paramLabel = "SECONDS", converter = SecondsConverter.class,
            description = "Stop after this much media time (default: until the input ends or you stop it).")
    Double duration;

    @Option(names = "--audio-normalize", description = "EBU R128 loudness normalisation, I=-16 LUFS (needs --transcode; "
            + "two passes for a whole local file, else one pass that delays the audio by about 3 s).")
    Boolean audioNormalize;

    @Option(names = "--hls-out", paramLabel = "DIR",
            description = "Write HLS into DIR instead of OUTPUT: index.m3u8 and its segments (TS; fMP4 .m4s with --format mp4), "
                    + "or with --ladder a subdirectory per rendition and master.m3u8. A live input gets a live playlist "
                    + "(--hls-window segments with program date-times, older segments deleted), anything else a VOD playlist.")
    Path hlsOut;

    @Option(names = "--hls-type", paramLabel = "live|event|vod", converter = HlsTypeConverter.class,
            description = "Playlist type for --hls-out (default: live for a live input, vod otherwise).")
    String hlsType;

    @Option(names = "--hls-window", paramLabel = "SEGMENTS",
            description = "Segments a live playlist lists (default: 6; at least 3).")
    Integer hlsWindow;

    @Option(names = "--hls-segment", paramLabel = "SECONDS", converter = SecondsConverter.class,
            description = "Target segment duration for --hls-out (default: 4; 0.5 to 60).")
    Double hlsSegment;

    @Option(names = "--ladder", paramLabel = "HEIGHTS|FILE.json",
            description = "Transcode to an adaptive-bitrate ladder written as HLS (needs --hls-out): heights such as "
                    + "1080,720,480 (H.264 at 5, 3 and 1.2 Mbit/s, libx264 veryfast/high), or a JSON file "
                    + "{\"renditions\": [{\"name\": \"720p\", \"height\": 720, \"bitrate\": 3000000}, ...], "
                    + "\"preset\": \"veryfast\"}. Decoded once; every rendition on its own thread; the audio encoded once.")
    String ladder;

    @Option(names = "--adaptive",
            description = "With --transcode or --ladder: keep up with real time on a loaded machine (a faster x264 preset, "
                    + "then a lower bitrate, then a smaller picture; back up when there is room). Each step is an \"adapt\" event.")
    boolean adaptive;

    @Option(names = "--two-pass",
            description = "With --ladder, or --transcode and --video-bitrate, for a local file: x264 two-pass "
                    + "(the file is read twice; better quality at the same size). Loudness (--audio-normalize) is measured in the same first pass.")
    boolean twoPass;

    @Option(names = "--video-bitrate", paramLabel = "BITS", converter = BitrateConverter.class,
            description = "With --transcode: the video bitrate (e.g. 2500k, 4M) instead of x264's constant quality.")
    Long videoBitrate;

    @Option(names = "--header", paramLabel = "\"Name: value\"", converter = HeaderConverter.class,
            description = "An HTTP request header for every request (playlists and segments). Repeatable.")
    List<String> headers = new ArrayList<>();

    @Option(names = "--variant", paramLabel = "best|worst|BANDWIDTH", converter = VariantConverter.class,
            description = "Which variant of a master playlist to record (default: best).")
    Variant variant;

    @Option(names = "--config", paramLabel = "FILE",
            description = "JSON config in the field's schema ({\"ffmpeg\": {...}, \"avline\": {...}}); flags override it.")
    Path config;

    @Option(names = "--stats-period", paramLabel = "SECONDS", converter = StatsPeriodConverter.class,
            description = "Progress period (default: 5; at least 0.1).")
    Double statsPeriod;

    @Option(names = "--progress", paramLabel = "bar|json|none", converter = ProgressConverter.class,
            description = "How to show progress (default: bar on a terminal, none otherwise).")
    ProgressMode progress;

    @Option(names = {"--overwrite", "-y"},
            description = "Replace OUTPUT if it exists (default: refuse, exit 3). The new recording is written beside it "
                    + "and takes its place when it ends well; if it fails, the old file is untouched.")
    boolean overwrite;

    @Option(names = "--demo",
            description = "Record 20 s of a built-in live HLS stream served on 127.0.0.1 (works offline).")
    boolean demo;

    @Option(names = "--probe", paramLabel = "INPUT",
            description = "Print what INPUT holds as one JSON object on stdout (format, duration, streams; an HLS master's "
                    + "variants and renditions), with --header, --variant and the config's headers, then exit.")
    String probe;

    @Option(names = "--capabilities",
            description = "Print this FFmpeg build's versions, encoders, decoders, muxers, filters and the hardware "
                    + "usable now as one JSON object on stdout, then exit.")
    boolean capabilities;

    @Parameters(index = "0", arity = "0..1", paramLabel = "INPUT", description = "What to record: a URL or a file.")
    String input;

    @Parameters(index = "1", arity = "0..1", paramLabel = "OUTPUT", description = "Where to write: a .ts, .mp4 or .mkv file.")
    Path output;

    Mode modeFlag() {
        if (modeFlags == null) return null;
        return modeFlags.transcode ? Mode.TRANSCODE : modeFlags.copy ? Mode.COPY : null;
    }

    // Converters: a bad value is reported by picocli as "Invalid value for option '--x': <reason>", exit 2.

    static final class HardwareConverter implements ITypeConverter<Hardware> {
        @Override
        public Hardware convert(String value) {
            try {
                return Hardware.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class ContainerConverter implements ITypeConverter<Container> {
        @Override
        public Container convert(String value) {
            try {
                return Container.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("expected ts, mp4, mp4-faststart or mkv, got \"" + value + "\"");
            }
        }
    }

    static final class VariantConverter implements ITypeConverter<Variant> {
        @Override
        public Variant convert(String value) {
            try {
                return Variant.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("expected best, worst or a bandwidth in bit/s, got \"" + value + "\"");
            }
        }
    }

    static final class HeaderConverter implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            try {
                Headers.parse(value);
                return value;
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class ProgressConverter implements ITypeConverter<ProgressMode> {
        @Override
        public ProgressMode convert(String value) {
            try {
                return ProgressMode.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static class SecondsConverter implements ITypeConverter<Double> {
        double min() {
            return 0;
        }

        @Override
        public Double convert(String value) {
            double v;
            try {
                v = Double.parseDouble(value);
            } catch (NumberFormatException e) {
                throw new TypeConversionException("expected a number of seconds, got \"" + value + "\"");
            }
            boolean ok = min() > 0 ? v >= min() : v > 0; // false for NaN too
            if (!ok || v > 1e9) {
                throw new TypeConversionException("expected a number of seconds "
                        + (min() > 0 ? "of at least " + min() : "greater than 0") + ", got \"" + value + "\"");
            }
            return v;
        }
    }

    static final class HlsTypeConverter implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            String v = value.toLowerCase(java.util.Locale.ROOT);
            if (!List.of("live", "event", "vod").contains(v)) {
                throw new TypeConversionException("expected live, event or vod, got \"" + value + "\"");
            }
            return v;
        }
    }

    /** A bitrate in bit/s: 2500000, 2500k, 2.5M (K and M ×1000, as FFmpeg reads them). */
    static final class BitrateConverter implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            String v = value.trim().toLowerCase(java.util.Locale.ROOT);
            double factor = 1;
            if (v.endsWith("k")) factor = 1e3;
            else if (v.endsWith("m")) factor = 1e6;
            if (factor > 1) v = v.substring(0, v.length() - 1);
            double n;
            try {
                n = Double.parseDouble(v);
            } catch (NumberFormatException e) {
                throw new TypeConversionException("expected a bitrate such as 2500k or 4M, got \"" + value + "\"");
            }
            long bits = Math.round(n * factor);
            if (!(n > 0) || bits < 16_000 || bits > 1_000_000_000L) {
                throw new TypeConversionException("expected a bitrate from 16k to 1000M, got \"" + value + "\"");
            }
            return bits;
        }
    }

    static final class StatsPeriodConverter extends SecondsConverter {
        @Override
        double min() {
            return 0.1;
        }
    }
}
