package dev.avline.examples.recorder.config;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.avline.Container;
import dev.avline.Variant;
import dev.avline.examples.recorder.Hardware;
import dev.avline.examples.recorder.Mode;
import dev.avline.examples.recorder.ProgressMode;

/**
 * A config file, typed and immutable. A null field was not in the file: the command line or the
 * built-in default decides it (see {@code SettingsResolver}).
 *
 * @param source where it was read from (for messages), or null for no file
 */
public record RecorderConfig(String source, Ffmpeg ffmpeg, Recorder avline) {

    /** The {@code "ffmpeg"} object: the schema streaming servers already use. */
    public record Ffmpeg(Hardware hwAccel, Boolean reconnectEnabled, Boolean audioNormalize, Long probeSizeBytes,
                         Duration statsPeriod, String loglevel) {
        static final Ffmpeg UNSET = new Ffmpeg(null, null, null, null, null, null);
    }

    /** The {@code "avline"} object: the recorder's own keys. */
    public record Recorder(Mode mode, Container outputFormat, Variant variant, Map<String, String> headers,
                           Duration duration, ProgressMode progress, Map<String, String> inputOptions,
                           Duration outageBudget) {
        static final Recorder UNSET = new Recorder(null, null, null, Map.of(), null, null, Map.of(), null);

        public Recorder {
            headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
            inputOptions = Collections.unmodifiableMap(new LinkedHashMap<>(inputOptions));
        }
    }

    /** No config file: everything comes from flags and defaults. */
    public static RecorderConfig none() {
        return new RecorderConfig(null, Ffmpeg.UNSET, Recorder.UNSET);
    }
}
