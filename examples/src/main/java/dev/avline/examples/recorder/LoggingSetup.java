package dev.avline.examples.recorder;

import dev.avline.examples.recorder.config.LogLevels;

/**
 * Configures slf4j-simple (the program's SLF4J binding) before the first logger exists: everything
 * to stderr (stdout is for results and JSON), FFmpeg's lines at the config's {@code loglevel}.
 * A {@code -Dorg.slf4j.simpleLogger.…} given on the command line wins.
 */
final class LoggingSetup {
    private static final String P = "org.slf4j.simpleLogger.";

    private LoggingSetup() {
    }

    static void configure(String ffmpegLevel) {
        set("logFile", "System.err");
        set("defaultLogLevel", "info");
        set("showThreadName", "false");
        set("showShortLogName", "true");
        set("levelInBrackets", "true");
        set("log.dev.avline.ffmpeg", LogLevels.slf4jLevel(ffmpegLevel));
        // The recorder prints a failure itself, with its cause: the job's own warning would say it twice.
        set("log.dev.avline.Recording", "error");
    }

    private static void set(String key, String value) {
        System.getProperties().putIfAbsent(P + key, value);
    }
}
