package dev.avline.hls;

import dev.avline.ffi.AvError;
import dev.avline.ffi.FfmpegException;

/**
 * The URL policy refused the input itself (or the variant a master playlist chose): re-opening
 * cannot help, so the recording fails at once with the rule that refused it.
 */
public final class UrlRefused extends FfmpegException {
    private static final long serialVersionUID = 1L;

    UrlRefused(String url, String reason) {
        super("record live input", AvError.EPERM.code(), "Operation not permitted", url,
                "refused by the URL policy: " + reason, null, null);
    }
}
