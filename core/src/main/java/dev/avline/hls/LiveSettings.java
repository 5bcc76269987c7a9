package dev.avline.hls;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How a live recording survives the network. Immutable; each {@code with…}-style method returns a
 * copy. The defaults suit a production origin; tests shorten the timeouts.
 *
 * <ul>
 * <li>outage budget 60 s: how long the recording keeps re-opening without any media before it fails;</li>
 * <li>stall timeout: a read with no progress for this long is interrupted (default: 2 × the
 *     playlist's target duration, at least 10 s);</li>
 * <li>FFmpeg's http reconnects on every request (playlists and segments): network errors and 5xx,
 *     one immediate reconnect (a body cut mid-way resumes with a range request), Retry-After
 *     respected; {@code rw_timeout} 5 s. Longer waits are avline's own: its attempts per resource
 *     (100 ms, 200 ms apart) and its re-opens (62 ms doubling to 500 ms), so that a returning origin is
 *     noticed within about half a second. FFmpeg's own delays are whole seconds that grow 1, 3, 7 s
 *     and sleep blind to the origin coming back: each second allowed there can add a second to the
 *     resume latency;</li>
 * <li>the {@link UrlPolicy} (http/https only, no downgrade), {@code extension_picky} off (avline
 *     checks every URL itself, so CDN segment URLs without an extension work);</li>
 * <li>caps: playlist 4 MiB, segment 128 MiB, init section 8 MiB, key 4 KiB.</li>
 * </ul>
 */
public final class LiveSettings {
    private Duration outageBudget = Duration.ofSeconds(60);
    private Duration stallTimeout;            // null = auto
    private Duration rwTimeout = Duration.ofSeconds(5);
    private Duration reconnectDelayMax = Duration.ZERO;
    private int reconnectMaxRetries = 3;
    private Duration reconnectDelayTotalMax = Duration.ofSeconds(10);
    private String reconnectOnHttpError = "5xx";
    private boolean respectRetryAfter = true;
    private int fetchAttempts = 3;
    private Duration reopenBackoffMax = Duration.ofMillis(500);
    private UrlPolicy policy = UrlPolicy.defaults();
    private boolean extensionPicky = false;
    private int liveStartIndex = -3;
    private long maxPlaylistBytes = 4L << 20;
    private long maxSegmentBytes = 128L << 20;
    private long maxInitBytes = 8L << 20;
    private long maxKeyBytes = 4096;
    private Duration maxDuration;
    private long maxBytes;
    private Duration rotateEvery;
    private long rotateAtBytes;

    public static LiveSettings defaults() {
        return new LiveSettings();
    }

    private LiveSettings copy() {
        LiveSettings s = new LiveSettings();
        s.outageBudget = outageBudget;
        s.stallTimeout = stallTimeout;
        s.rwTimeout = rwTimeout;
        s.reconnectDelayMax = reconnectDelayMax;
        s.reconnectMaxRetries = reconnectMaxRetries;
        s.reconnectDelayTotalMax = reconnectDelayTotalMax;
        s.reconnectOnHttpError = reconnectOnHttpError;
        s.respectRetryAfter = respectRetryAfter;
        s.fetchAttempts = fetchAttempts;
        s.reopenBackoffMax = reopenBackoffMax;
        s.policy = policy;
        s.extensionPicky = extensionPicky;
        s.liveStartIndex = liveStartIndex;
        s.maxPlaylistBytes = maxPlaylistBytes;
        s.maxSegmentBytes = maxSegmentBytes;
        s.maxInitBytes = maxInitBytes;
        s.maxKeyBytes = maxKeyBytes;
        s.maxDuration = maxDuration;
        s.maxBytes = maxBytes;
        s.rotateEvery = rotateEvery;
        s.rotateAtBytes = rotateAtBytes;
        return s;
    }

    private static Duration positive(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) throw new IllegalArgumentException(name + " must be positive, got " + d);
        return d;
    }

    /** How long to keep re-opening with no media flowing before the recording fails (default 60 s). */
    public LiveSettings outageBudget(Duration d) {
        LiveSettings s = copy();
        s.outageBudget = positive("outage_budget", d);
        return s;
    }

    /** No progress for this long interrupts the read (default: 2 × target duration, at least 10 s). */
    public LiveSettings stallTimeout(Duration d) {
        LiveSettings s = copy();
        s.stallTimeout = positive("stall_timeout", d);
        return s;
    }

    /** FFmpeg's {@code rw_timeout} for every request: a connection with no byte for this long fails (default 5 s). */
    public LiveSettings rwTimeout(Duration d) {
        LiveSettings s = copy();
        s.rwTimeout = positive("rw_timeout", d);
        return s;
    }

    /**
     * FFmpeg's http reconnects: {@code reconnect_delay_max} (whole seconds, ≥ 0; the default 0 means
     * one immediate reconnect, then avline's own sub-second schedule takes over), {@code
     * reconnect_max_retries}, {@code reconnect_delay_total_max}. FFmpeg sleeps 1, 3, 7 … s between
     * its reconnects without noticing that the origin is back: a delay above 0 adds up to that much
     * to the time a recording needs to resume after an outage.
     */
    public LiveSettings reconnect(Duration delayMax, int maxRetries, Duration delayTotalMax) {
        if (delayMax.isNegative() || maxRetries < 0 || delayTotalMax.isNegative()) {
            throw new IllegalArgumentException("reconnect: delays and retries must not be negative");
        }
        LiveSettings s = copy();
        s.reconnectDelayMax = delayMax;
        s.reconnectMaxRetries = maxRetries;
        s.reconnectDelayTotalMax = delayTotalMax;
        return s;
    }

    /** FFmpeg's {@code reconnect_on_http_error}: "5xx" (default), "4xx,5xx", "503,504", … */
    public LiveSettings reconnectOnHttpError(String codes) {
        if (!codes.matches("[0-9x]{3}(,[0-9x]{3})*")) {
            throw new IllegalArgumentException("reconnect_on_http_error: expected codes like 5xx or 503,504, got '" + codes + "'");
        }
        LiveSettings s = copy();
        s.reconnectOnHttpError = codes;
        return s;
    }

    public LiveSettings respectRetryAfter(boolean on) {
        LiveSettings s = copy();
        s.respectRetryAfter = on;
        return s;
    }

    /**
     * avline's own attempts per resource on top of FFmpeg's reconnects (default 3, 100 ms then
     * 200 ms apart); {@link dev.avline.events.SegmentFetched#retries()} counts these.
     */
    public LiveSettings fetchAttempts(int n) {
        if (n < 1) throw new IllegalArgumentException("fetch_attempts must be at least 1, got " + n);
        LiveSettings s = copy();
        s.fetchAttempts = n;
        return s;
    }

    /**
     * Longest wait between two re-opens (they start at 1/8 of it and double; default 500 ms): with
     * the attempts' own pauses, how long a returning origin may go unnoticed.
     */
    public LiveSettings reopenBackoffMax(Duration d) {
        LiveSettings s = copy();
        s.reopenBackoffMax = positive("reopen_backoff_max", d);
        return s;
    }

    public LiveSettings urlPolicy(UrlPolicy p) {
        LiveSettings s = copy();
        s.policy = Objects.requireNonNull(p);
        return s;
    }

    /** FFmpeg 7.1.1's {@code extension_picky} (default off here: avline checks URLs itself). */
    public LiveSettings extensionPicky(boolean on) {
        LiveSettings s = copy();
        s.extensionPicky = on;
        return s;
    }

    /** Where the first open starts in the playlist ({@code live_start_index}, default -3). */
    public LiveSettings liveStartIndex(int index) {
        LiveSettings s = copy();
        s.liveStartIndex = index;
        return s;
    }

    /** Caps in bytes: playlist, segment, init section. */
    public LiveSettings limits(long playlistBytes, long segmentBytes, long initBytes) {
        if (playlistBytes < 64 || segmentBytes < 188 || initBytes < 8) {
            throw new IllegalArgumentException("limits too small: playlist " + playlistBytes + ", segment " + segmentBytes
                    + ", init " + initBytes);
        }
        LiveSettings s = copy();
        s.maxPlaylistBytes = playlistBytes;
        s.maxSegmentBytes = segmentBytes;
        s.maxInitBytes = initBytes;
        return s;
    }

    /** Finish (DONE) after this much media time; null for none. */
    public LiveSettings maxDuration(Duration d) {
        LiveSettings s = copy();
        s.maxDuration = d == null ? null : positive("max_duration", d);
        return s;
    }

    /** Finish (DONE) after this many bytes are written; 0 for no limit. */
    public LiveSettings maxBytes(long bytes) {
        if (bytes < 0) throw new IllegalArgumentException("max_bytes must not be negative");
        LiveSettings s = copy();
        s.maxBytes = bytes;
        return s;
    }

    /** File outputs: start a new file every {@code d} of media (at a keyframe); null for never. */
    public LiveSettings rotateEvery(Duration d) {
        LiveSettings s = copy();
        s.rotateEvery = d == null ? null : positive("rotate_every", d);
        return s;
    }

    /** File outputs: start a new file once one has this many bytes (at a keyframe); 0 for never. */
    public LiveSettings rotateAtBytes(long bytes) {
        if (bytes < 0) throw new IllegalArgumentException("rotate_at_bytes must not be negative");
        LiveSettings s = copy();
        s.rotateAtBytes = bytes;
        return s;
    }

    public Duration outageBudget() {
        return outageBudget;
    }

    /** The stall timeout for a playlist with {@code targetDuration} seconds per segment. */
    public Duration stallTimeout(double targetDuration) {
        if (stallTimeout != null) return stallTimeout;
        long ms = Math.max(10_000, Math.round(2 * targetDuration * 1000));
        return Duration.ofMillis(ms);
    }

    public Duration rwTimeout() {
        return rwTimeout;
    }

    public int fetchAttempts() {
        return fetchAttempts;
    }

    public Duration reopenBackoffMax() {
        return reopenBackoffMax;
    }

    public UrlPolicy urlPolicy() {
        return policy;
    }

    public boolean extensionPicky() {
        return extensionPicky;
    }

    public int liveStartIndex() {
        return liveStartIndex;
    }

    public long maxPlaylistBytes() {
        return maxPlaylistBytes;
    }

    public long maxSegmentBytes() {
        return maxSegmentBytes;
    }

    public long maxInitBytes() {
        return maxInitBytes;
    }

    public long maxKeyBytes() {
        return maxKeyBytes;
    }

    public Duration maxDuration() {
        return maxDuration;
    }

    public long maxBytes() {
        return maxBytes;
    }

    public Duration rotateEvery() {
        return rotateEvery;
    }

    public long rotateAtBytes() {
        return rotateAtBytes;
    }

    /**
     * The 4xx statuses that are retried like 5xx ({@code reconnect_on_http_error}: "4xx" retries them
     * all, "404,410" those two); 5xx, 408 and 429 are always retried.
     */
    java.util.Set<Integer> retriedHttpStatuses() {
        java.util.Set<Integer> out = new java.util.HashSet<>();
        for (String code : reconnectOnHttpError.split(",")) {
            if (code.equals("4xx")) {
                for (int c = 400; c < 500; c++) out.add(c);
            } else if (code.startsWith("4") && !code.contains("x")) {
                out.add(Integer.parseInt(code));
            }
        }
        return java.util.Set.copyOf(out);
    }

    boolean respectsRetryAfter() {
        return respectRetryAfter;
    }

    /** The longest wait a Retry-After may impose between two attempts. */
    Duration maxRetryWait() {
        return reconnectDelayTotalMax.isZero() ? Duration.ofSeconds(1) : reconnectDelayTotalMax;
    }

    /**
     * Requests per resource: {@link #fetchAttempts(int)}, or one when reconnects are off
     * ({@code reconnect_max_retries} 0).
     */
    int requestAttempts() {
        return reconnectMaxRetries == 0 ? 1 : fetchAttempts;
    }

    /** The longest pause between two attempts at one resource (they grow 100 ms at a time). */
    Duration attemptPauseMax() {
        return reconnectDelayMax.isZero() ? Duration.ofMillis(500) : reconnectDelayMax;
    }

    /**
     * The options FFmpeg's own http client would take for the same behaviour (used where FFmpeg
     * reads an http input itself, {@code Avline.copy}).
     */
    public Map<String, String> httpOptions() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("reconnect", "1");
        m.put("reconnect_streamed", "1");
        m.put("reconnect_on_network_error", "1");
        m.put("reconnect_on_http_error", reconnectOnHttpError);
        m.put("reconnect_delay_max", String.valueOf(reconnectDelayMax.toSeconds()));
        m.put("reconnect_max_retries", String.valueOf(reconnectMaxRetries));
        m.put("reconnect_delay_total_max", String.valueOf(reconnectDelayTotalMax.toSeconds()));
        m.put("respect_retry_after", respectRetryAfter ? "1" : "0");
        m.put("rw_timeout", String.valueOf(rwTimeout.toNanos() / 1000));
        return m;
    }

    @Override
    public String toString() {
        return "LiveSettings[outage_budget=" + outageBudget + ", stall_timeout=" + (stallTimeout == null ? "auto" : stallTimeout)
                + ", rw_timeout=" + rwTimeout + ", " + policy + "]";
    }
}
