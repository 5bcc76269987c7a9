package dev.avline;

import dev.avline.ffi.AvError;
import dev.avline.ffi.FfmpegException;

/**
 * The API's edge for errors: whatever the pipeline threw becomes an {@link AvlineException} before a
 * user sees it. Inside, the native boundary's {@link FfmpegException} stays the working type (its
 * code drives retries and control flow); outside, nobody needs to import {@code dev.avline.ffi}.
 */
final class Failures {
    private Failures() {
    }

    /** {@code t} as the API's exception: itself when it is one, else a wrapper with the same message. */
    static AvlineException translate(Throwable t) {
        if (t == null) return null;
        if (t instanceof AvlineException a) return a;
        FfmpegException f = ffmpegCause(t);
        String message = t.getMessage() != null ? t.getMessage() : t.toString();
        if (f == null) return new AvlineException(message, t, null, 0, null, null, null, null);
        return new AvlineException(message, t, f.operation(), f.code(), errorName(f), f.ffmpegMessage(), f.url(), f.lastLogLine());
    }

    /**
     * For methods that throw on the caller's thread: an FFmpeg failure becomes an
     * {@link AvlineException}; any other runtime exception (a bad argument, a closed object) stays
     * what it is, as its type already says what went wrong.
     */
    static RuntimeException api(RuntimeException e) {
        return e instanceof FfmpegException ? translate(e) : e;
    }

    /** The name of FFmpeg's error code, or null where avline's table has none. */
    static String errorName(FfmpegException f) {
        return f.error() == AvError.OTHER ? null : f.error().name();
    }

    /** The FFmpeg failure at the root of {@code t} (a stage failure wraps one), or null. */
    static FfmpegException ffmpegCause(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof FfmpegException f) return f;
        }
        return null;
    }
}
