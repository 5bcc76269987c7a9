package dev.avline;

/**
 * What a job does with FFmpeg options that nothing it opened recognised (a typo, an option of
 * another demuxer or muxer): {@link Input#unknownOptions(UnknownOptions)},
 * {@link Output#unknownOptions(UnknownOptions)}.
 */
public enum UnknownOptions {
    /** Fails, naming the options (the default: a typo must not be silently ignored). */
    FAIL,
    /** Logs a warning naming them and goes on. */
    WARN,
    /** Goes on silently. */
    IGNORE;

    /** The native boundary's policy of the same name. */
    dev.avline.ffi.UnknownOptions toNative() {
        return dev.avline.ffi.UnknownOptions.valueOf(name());
    }
}
