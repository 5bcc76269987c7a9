package dev.avline.hls;

import dev.avline.AvlineException;
import dev.avline.ffi.AvError;
import dev.avline.ffi.Urls;

/**
 * The URL policy ({@link UrlPolicy}) refused the input itself, the variant a master playlist chose or
 * its alternate audio: re-opening cannot help, so the recording fails at once with the rule that
 * refused it. Its code is {@code EPERM}; {@link #url()} is the refused URL, credentials redacted.
 */
public final class UrlRefused extends AvlineException {
    private static final long serialVersionUID = 1L;
    private static final String OPERATION = "record live input";

    UrlRefused(String url, String reason) {
        super(OPERATION + " failed for " + Urls.redact(url) + ": refused by the URL policy: " + reason
                        + " (Operation not permitted, EPERM)",
                null, OPERATION, AvError.EPERM.code(), AvError.EPERM.name(), "Operation not permitted", Urls.redact(url), null);
    }
}
