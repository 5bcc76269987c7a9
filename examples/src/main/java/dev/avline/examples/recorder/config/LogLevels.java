package dev.avline.examples.recorder.config;

import java.util.List;
import java.util.Locale;

/**
 * FFmpeg's {@code -loglevel} names, checked here without loading FFmpeg (a config error must not
 * wait for the native libraries), and the SLF4J level that lets those lines through.
 */
public final class LogLevels {
    public static final List<String> NAMES = dev.avline.config.AvlineConfig.LOG_LEVELS;

    private LogLevels() {
    }

    public static String parse(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (!NAMES.contains(n)) {
            throw new IllegalArgumentException("expected one of " + String.join(", ", NAMES) + ", got \"" + name + "\"");
        }
        return n;
    }

    /** The slf4j-simple level for the {@code dev.avline.ffmpeg} logger that shows what FFmpeg logs at {@code name}. */
    public static String slf4jLevel(String name) {
        switch (parse(name)) {
            case "quiet": return "off";
            case "panic": case "fatal": case "error": return "error";
            case "warning": return "warn";
            case "info": return "info";
            case "verbose": return "debug";
            default: return "trace";
        }
    }
}
