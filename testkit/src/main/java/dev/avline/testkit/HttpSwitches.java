package dev.avline.testkit;

/**
 * How an origin answers at the HTTP level, switchable while it runs: whether it advertises and
 * honours byte ranges, whether bodies go out with chunked transfer-encoding, and how fast. Real
 * origins differ in exactly these ways (dynamic origins often send no {@code Accept-Ranges};
 * some CDNs ignore {@code Range} and answer 200 with the whole body), and clients must cope.
 */
final class HttpSwitches {
    private volatile boolean acceptRanges = true;
    private volatile boolean ignoreRange;
    private volatile boolean chunked;
    private volatile long bytesPerSecond;

    /** Whether responses carry {@code Accept-Ranges: bytes} (default true). */
    boolean acceptRanges() {
        return acceptRanges;
    }

    void acceptRanges(boolean on) {
        this.acceptRanges = on;
    }

    /** Whether a {@code Range} header is ignored: 200 with the whole body (default false: 206). */
    boolean ignoreRange() {
        return ignoreRange;
    }

    void ignoreRange(boolean on) {
        this.ignoreRange = on;
    }

    /** Whether bodies go out with {@code Transfer-Encoding: chunked} instead of a Content-Length. */
    boolean chunked() {
        return chunked;
    }

    void chunked(boolean on) {
        this.chunked = on;
    }

    /** Body bytes per second (0: as fast as the socket takes them). */
    long bytesPerSecond() {
        return bytesPerSecond;
    }

    void bytesPerSecond(long rate) {
        if (rate < 0) throw new IllegalArgumentException("bytes per second must not be negative: " + rate);
        this.bytesPerSecond = rate;
    }
}
