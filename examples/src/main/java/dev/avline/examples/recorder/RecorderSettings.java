package dev.avline.examples.recorder;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import dev.avline.Container;
import dev.avline.Variant;

/**
 * Everything the recorder will do, after flags, config file and defaults are merged (flags win).
 * Immutable.
 *
 * @param demo record the built-in live stream ({@code input} is null then)
 * @param input the URL or path to record
 * @param output the file to write
 * @param duration media time after which to stop, or null for no limit
 * @param probeSizeBytes FFmpeg's {@code probesize}, or null for FFmpeg's default
 * @param reconnect retry requests and re-open live inputs (remote inputs only)
 * @param outageBudget how long a live HLS recording keeps re-opening with no media before it fails, or null for avline's default
 * @param loglevel FFmpeg's log level name
 * @param inputOptions raw FFmpeg input options (a name nothing recognises is an error naming it)
 * @param overwrite replace an existing OUTPUT ({@code --overwrite}/{@code -y}); without it an existing file is refused
 * @param packaging HLS output, ladder, adaptation and two-pass ({@link PackagingOptions#NONE}: one file)
 */
public record RecorderSettings(boolean demo, String input, Path output, Container container,
                               Setting<Mode> mode, Setting<Hardware> hardware, Setting<Boolean> audioNormalize,
                               Duration duration, Map<String, String> headers, Variant variant,
                               Duration statsPeriod, ProgressMode progress, boolean reconnect, Duration outageBudget,
                               Long probeSizeBytes, String loglevel, Map<String, String> inputOptions,
                               boolean overwrite, PackagingOptions packaging) {
}
