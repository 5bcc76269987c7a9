package dev.avline.ffi;

import java.util.Map;

/**
 * What to do with options that FFmpeg left unconsumed after a call. A typo must not be silently
 * ignored, so {@link #FAIL} is the default everywhere.
 */
public enum UnknownOptions {
    FAIL, WARN, IGNORE;

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(UnknownOptions.class);

    /** Applies the policy to what a call left over; returns the leftovers. */
    public Map<String, String> apply(Map<String, String> leftovers, String operation, String url) {
        if (leftovers.isEmpty() || this == IGNORE) return leftovers;
        String names = String.join(", ", leftovers.keySet());
        if (this == WARN) {
            LOG.warn("{}: FFmpeg did not use option(s) {}", operation, names);
            return leftovers;
        }
        throw new FfmpegException(operation, AvError.OPTION_NOT_FOUND.code(), url,
                "unknown option" + (leftovers.size() > 1 ? "s " : " ") + names
                        + " (no component involved recognised " + (leftovers.size() > 1 ? "them" : "it") + ")", null);
    }
}
