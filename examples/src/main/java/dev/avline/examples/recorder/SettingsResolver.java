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

        Setting<Mode> mode = cli.modeFlag() != null
                ? new Setting<>(cli.modeFlag(), cli.modeFlag() == Mode.TRANSCODE ? "--transcode" : "--copy")
                : av.mode() != null ? new Setting<>(av.mode(), "avline.mode") : Setting.byDefault(Mode.COPY);
        Setting<Hardware> hw = cli.hw != null ? new Setting<>(cli.hw, "--hw")
                : ff.hwAccel() != null ? new Setting<>(ff.hwAccel(), "ffmpeg.hw_accel") : Setting.byDefault(Hardware.AUTO);
        Setting<Boolean> normalize = Boolean.TRUE.equals(cli.audioNormalize) ? new Setting<>(true, "--audio-normalize")
                : ff.audioNormalize() != null ? new Setting<>(ff.audioNormalize(), "ffmpeg.audio_normalize")
                : Setting.byDefault(false);

        String input;
        Path output;
        if (cli.demo) {
            if (cli.input != null && cli.output != null) {
                throw new UsageException("--demo records its own stream: give no INPUT, only an optional OUTPUT");
            }
            input = null;
            output = cli.input != null ? Path.of(cli.input) : null; // "--demo out.ts": the one argument is OUTPUT
        } else {
            if (cli.input == null) throw new UsageException("missing INPUT and OUTPUT (or --demo to try the built-in live stream)");
            if (cli.output == null) throw new UsageException("missing OUTPUT (a .ts, .mp4 or .mkv file)");
            input = cli.input;
            output = cli.output;
        }

        Container container = cli.format != null ? cli.format : av.outputFormat();
        if (output == null) {
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
        checkOutput(output);

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
                cli.overwrite);
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
