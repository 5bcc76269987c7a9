package dev.avline.hls;

/**
 * What fetching one resource came to (the body itself is in the caller's {@link BodyBuffer}).
 *
 * @param outcome how it ended
 * @param httpStatus the last HTTP status seen (0 when none)
 * @param finalUrl the URL after redirects (the base for a playlist's relative URIs)
 * @param detail what went wrong, for messages (no credentials), or null
 * @param attempts requests made for it, redirects not counted
 * @param retryAfterMillis the origin's Retry-After, or -1
 */
record FetchResult(Outcome outcome, int httpStatus, String finalUrl, String detail, int attempts, long retryAfterMillis) {
    enum Outcome {
        OK,
        /** The origin answered with an error status. */
        HTTP_ERROR,
        /** Connection refused or reset, DNS failure, TLS failure. */
        NETWORK,
        /** No byte for the read timeout. */
        TIMEOUT,
        /** Fewer bytes than the Content-Length (or the range) announced. */
        TRUNCATED,
        /** Larger than the cap for this kind of resource. */
        TOO_LARGE,
        /** Refused by the URL policy (the request, or a redirect hop). */
        REFUSED,
        /** The recording was stopped. */
        CANCELLED
    }

    boolean ok() {
        return outcome == Outcome.OK;
    }

    /**
     * Another attempt cannot fix it: the origin refused it (4xx other than 408/429 unless the
     * settings retry them), the policy refused it, or it is too large.
     */
    boolean permanent(java.util.function.IntPredicate retriedStatus) {
        switch (outcome) {
            case REFUSED: case TOO_LARGE: return true;
            case HTTP_ERROR:
                if (httpStatus == 416) return true;
                if (httpStatus >= 500 || httpStatus == 408 || httpStatus == 429) return false;
                return !retriedStatus.test(httpStatus);
            default: return false;
        }
    }

    /** The FFmpeg error code that says the same (HTTP statuses have their own), for exceptions. */
    int avError() {
        switch (outcome) {
            case HTTP_ERROR:
                switch (httpStatus) {
                    case 400: return dev.avline.ffi.AvError.HTTP_BAD_REQUEST.code();
                    case 401: return dev.avline.ffi.AvError.HTTP_UNAUTHORIZED.code();
                    case 403: return dev.avline.ffi.AvError.HTTP_FORBIDDEN.code();
                    case 404: return dev.avline.ffi.AvError.HTTP_NOT_FOUND.code();
                    case 429: return dev.avline.ffi.AvError.HTTP_TOO_MANY_REQUESTS.code();
                    default: return httpStatus >= 500 ? dev.avline.ffi.AvError.HTTP_SERVER_ERROR.code()
                            : dev.avline.ffi.AvError.HTTP_OTHER_4XX.code();
                }
            case TIMEOUT: return dev.avline.ffi.AvError.ETIMEDOUT.code();
            case REFUSED: return dev.avline.ffi.AvError.EPERM.code();
            case CANCELLED: return dev.avline.ffi.AvError.EXIT.code();
            case TOO_LARGE: return dev.avline.ffi.AvError.EINVAL.code();
            default: return dev.avline.ffi.AvError.EIO.code();
        }
    }

    String describe() {
        switch (outcome) {
            case OK: return "ok";
            case HTTP_ERROR: return "HTTP " + httpStatus + (detail == null ? "" : " " + detail);
            case REFUSED: return "refused by the URL policy: " + detail;
            default: return detail == null ? outcome.name().toLowerCase() : detail;
        }
    }
}
