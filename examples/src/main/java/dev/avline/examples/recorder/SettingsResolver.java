package dev.avline.examples.recorder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import dev.avline.Container;
import dev.avline.Variant;
import dev.avline.examples.recorder.config.Headers;
import dev.avline.examples.recorder.config.RecorderConfig;

/**
 * Merges the command line, the config file and the defaults into {@link RecorderSettings}: a flag
 * overrides the file, the file overrides the default. Checks what can be checked before anything
 * runs (INPUT and OUTPUT given, the container known, OUTPUT's directory there).
 */
public final class SettingsResolver {
    static final Duration DEFAULT_STATS_PERIOD = Duration.ofSeconds(5);
    static final Duration DEMO_DURATION = Duration.ofSeconds(20);
    static final String DEFAULT_LOGLEVEL = "error";

    private SettingsResolver() {
    }

    /**
     * @param terminal whether a person is watching (the progress bar is then the default)
     * @param demoDirectory makes a fresh directory for the demo's output when no OUTPUT is given
     */
    public static RecorderSettings resolve(RecorderCommand cli, RecorderConfig file, boolean terminal,
                                           Supplier<Path> demoDirectory) {
        RecorderConfig.Ffmpeg ff = file.ffmpeg();
        RecorderConfig.Recorder av = file.avline();

        if (cli.ladder != null && cli.modeFlag() == Mode.COPY) {
            throw new UsageException("--ladder re-encodes every rendition: it cannot be combined with --copy");
        }
        Setting<Mode> mode = cli.ladder != null ? new Setting<>(Mode.TRANSCODE, "--ladder")
                : cli.modeFlag() != null
                ? new Setting<>(cli.modeFlag(), cli.modeFlag() == Mode.TRANSCODE ? "--transcode" : "--copy")
                : av.mode() != null ? new Setting<>(av.mode(), "avline.mode") : Setting.byDefault(Mode.COPY);
        Setting<Hardware> hw = cli.hw != null ? new Setting<>(cli.hw, "--hw")
                : ff.hwAccel() != null ? new Setting<>(ff.hwAccel(), "ffmpeg.hw_accel") : Setting.byDefault(Hardware.AUTO);
        Setting<Boolean> normalize = Boolean.TRUE.equals(cli.audioNormalize) ? new Setting<>(true, "--audio-normalize")
                : ff.audioNormalize() != null ? new Setting<>(ff.audioNormalize(), "ffmpeg.audio_normalize")
                : Setting.byDefault(false);

        String input;
        Path output;
        if (cli.hlsOut != null) {
            if (cli.demo && cli.input != null || !cli.demo && cli.output != null) {
                throw new UsageException("--hls-out DIR is where the recording goes: give no OUTPUT with it");
            }
            if (!cli.demo && cli.input == null) throw new UsageException("missing INPUT (what to write to --hls-out)");
            input = cli.demo ? null : cli.input;
            output = null;
        } else if (cli.demo) {
            if (cli.input != null && cli.output != null) {
                throw new UsageException("--demo records its own stream: give no INPUT, only an optional OUTPUT");
            }
            input = null;
            output = cli.input != null ? Path.of(cli.input) : null; // "--demo out.ts": the one argument is OUTPUT
        } else {
            if (cli.input == null) throw new UsageException("missing INPUT and OUTPUT (or --demo to try the built-in live stream)");
            if (cli.output == null) throw new UsageException("missing OUTPUT (a .ts, .mp4 or .mkv file, or --hls-out DIR)");
            input = cli.input;
            output = cli.output;
        }

        Container container = cli.format != null ? cli.format : av.outputFormat();
        PackagingOptions packaging = packaging(cli, mode, input, normalize.value());
        if (packaging.hlsDirectory() != null) {
            if (container == null) container = Container.MPEGTS; // the segments' container
            output = packaging.hlsDirectory().resolve(packaging.ladder() != null ? "master.m3u8" : "index.m3u8");
        } else if (output == null) {
            if (container == null) container = Container.MPEGTS;
            output = demoDirectory.get().resolve("avline-demo" + container.extension());
        } else if (container == null) {
            checkOutput(output);
            try {
                container = Container.forFileName(output);
            } catch (IllegalArgumentException e) {
                throw new UsageException("OUTPUT: cannot tell the container from \"" + output.getFileName()
                        + "\": end it in .ts, .mp4 or .mkv, or pass --format ts|mp4|mp4-faststart|mkv");
            }
        }
        if (packaging.hlsDirectory() == null) checkOutput(output);

        Duration duration = cli.duration != null ? seconds(cli.duration)
                : av.duration() != null ? av.duration() : cli.demo ? DEMO_DURATION : null;

        Map<String, String> headers = new LinkedHashMap<>(av.headers());
        for (String line : cli.headers) {
            Map.Entry<String, String> h = Headers.parse(line);
            headers.keySet().removeIf(k -> k.equalsIgnoreCase(h.getKey())); // the flag replaces the file's
            headers.put(h.getKey(), h.getValue());
        }

        Variant variant = cli.variant != null ? cli.variant : av.variant() != null ? av.variant() : Variant.best();
        Duration stats = cli.statsPeriod != null ? seconds(cli.statsPeriod)
                : ff.statsPeriod() != null ? ff.statsPeriod() : DEFAULT_STATS_PERIOD;
        ProgressMode progress = cli.progress != null ? cli.progress
                : av.progress() != null ? av.progress() : terminal ? ProgressMode.BAR : ProgressMode.NONE;
        boolean reconnect = ff.reconnectEnabled() == null || ff.reconnectEnabled();
        String loglevel = ff.loglevel() != null ? ff.loglevel() : DEFAULT_LOGLEVEL;

        return new RecorderSettings(cli.demo, input, output.toAbsolutePath(), container, mode, hw, normalize, duration,
                headers, variant, stats, progress, reconnect, av.outageBudget(), ff.probeSizeBytes(), loglevel, av.inputOptions(),
                cli.overwrite, packaging);
    }

    /** --hls-out, --ladder, --adaptive, --two-pass and --video-bitrate, checked against each other and the mode. */
    private static PackagingOptions packaging(RecorderCommand cli, Setting<Mode> mode, String input, boolean normalize) {
        boolean transcode = mode.value() == Mode.TRANSCODE;
        if (cli.hlsOut == null) {
            if (cli.ladder != null) throw new UsageException("--ladder writes HLS: give --hls-out DIR (and no OUTPUT)");
            for (Object[] o : new Object[][] {{cli.hlsType, "--hls-type"}, {cli.hlsWindow, "--hls-window"}, {cli.hlsSegment, "--hls-segment"}}) {
                if (o[0] != null) throw new UsageException(o[1] + " applies to --hls-out only");
            }
        }
        if (cli.adaptive && !transcode) {
            throw new UsageException("--adaptive applies to --transcode and --ladder only: this is a stream copy, which encodes nothing");
        }
        if (cli.videoBitrate != null && (!transcode || cli.ladder != null)) {
            throw new UsageException(cli.ladder != null ? "--video-bitrate: a --ladder's bitrates are its renditions'"
                    : "--video-bitrate applies to --transcode only");
        }
        if (cli.twoPass) {
            if (cli.ladder == null && (!transcode || cli.videoBitrate == null)) {
                throw new UsageException("--two-pass needs --ladder, or --transcode with --video-bitrate (x264's second pass aims at a bitrate)");
            }
            if (cli.adaptive) throw new UsageException("--two-pass is for files and --adaptive for live inputs: choose one");
            if (cli.demo || !TranscodeOptions.isLocalFile(input)) {
                throw new UsageException("--two-pass reads the input twice: give a local file as INPUT");
            }
        }
        int window = cli.hlsWindow != null ? cli.hlsWindow : PackagingOptions.DEFAULT_WINDOW;
        if (window < 3) throw new UsageException("--hls-window: expected at least 3 segments, got " + window);
        if (cli.hlsWindow != null && cli.hlsType != null && !cli.hlsType.equals("live")) {
            throw new UsageException("--hls-window applies to live playlists, not --hls-type " + cli.hlsType);
        }
        double segment = cli.hlsSegment != null ? cli.hlsSegment : PackagingOptions.DEFAULT_SEGMENT_SECONDS;
        if (segment < 0.5 || segment > 60) throw new UsageException("--hls-segment: expected 0.5 to 60 seconds, got " + segment);
        Path dir = null;
        if (cli.hlsOut != null) {
            dir = cli.hlsOut.toAbsolutePath();
            if (Files.exists(dir) && !Files.isDirectory(dir)) throw new UsageException("--hls-out: " + dir + " is a file, not a directory");
            Path parent = dir.getParent();
            if (parent != null && !Files.isDirectory(parent)) throw new UsageException("--hls-out: directory does not exist: " + parent);
        }
        dev.avline.transcode.Ladder ladder = null;
        if (cli.ladder != null) {
            dev.avline.transcode.Ladder.Builder b = LadderSpec.parse(cli.ladder);
            if (normalize) b.audio(dev.avline.transcode.AudioSettings.aac().loudnorm(
                    dev.avline.transcode.Loudnorm.ebuR128().withTwoPass(cli.twoPass)));
            if (cli.adaptive) b.adaptation(dev.avline.transcode.Adaptation.defaults());
            b.twoPass(cli.twoPass);
            try {
                ladder = b.build();
            } catch (IllegalArgumentException e) {
                throw new UsageException("--ladder: " + e.getMessage());
            }
        }
        return new PackagingOptions(dir, cli.hlsType, window, segment, ladder, cli.adaptive, cli.twoPass, cli.videoBitrate);
    }

    private static void checkOutput(Path output) {
        if (Files.isDirectory(output)) throw new UsageException("OUTPUT: " + output + " is a directory, not a file");
        Path parent = output.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new UsageException("OUTPUT: directory does not exist: " + parent);
        }
    }

    private static Duration seconds(double s) {
        return Duration.ofNanos(Math.round(s * 1e9));
    }
}
