package dev.avline.hls;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How a live recording survives the network. Immutable; each {@code with…}-style method returns a
 * copy. The defaults suit a production origin; tests shorten the timeouts.
 *
 * <p>avline's HLS client makes every request itself (the JDK's HTTP client; FFmpeg only demuxes
 * the segments), so these settings keep FFmpeg's option names where users know them, with
 * avline's meaning:
 * <ul>
 * <li>outage budget 60 s: how long the recording keeps trying without any media before it fails.
 *     Errors a retry cannot fix when the recording starts (a 4xx playlist, a body that is not a
 *     playlist, a playlist avline cannot record) fail at once instead;</li>
 * <li>stall timeout: a live playlist that lists no new segment for this long is an outage (default:
 *     2 × the playlist's target duration, at least 10 s);</li>
 * <li>{@code rw_timeout} 5 s: a request that gets no byte for this long fails and is retried;</li>
 * <li>attempts per resource: {@link #fetchAttempts(int)} (3), 100 ms, 200 ms … apart (at most
 *     {@code reconnect_delay_max} when set); {@code reconnect_max_retries} 0 makes it one request.
 *     5xx, 408, 429 and network errors are retried, 4xx only those {@code reconnect_on_http_error}
 *     names; a 429/503's Retry-After is respected up to {@code reconnect_delay_total_max}. A segment
 *     that still fails is tried again after a playlist reload (62 ms doubling to 500 ms apart) while
 *     it stays listed, for at least twice the target duration, then reported lost;</li>
 * <li>the {@link UrlPolicy} (http/https only, no downgrade, private addresses refused for a public
 *     input), checked for every request and every redirect hop; {@code extension_picky} off (CDN
 *     segment URLs without an extension work);</li>
 * <li>where a live playlist starts: {@code EXT-X-START}, else {@link #liveStartIndex(int)} (-3: three
 *     segments from the end, as RFC 8216 advises); VOD and EVENT playlists start at their first segment;</li>
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

    /** {@return the defaults: a 60 s outage budget, 3 attempts per request, no rotation, the default {@link UrlPolicy}} */
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

    /**
     * How long to keep re-opening with no media flowing before the recording fails (default 60 s).
     *
     * @param d positive
     * @return a copy with the setting
     */
    public LiveSettings outageBudget(Duration d) {
        LiveSettings s = copy();
        s.outageBudget = positive("outage_budget", d);
        return s;
    }

    /**
     * No progress for this long interrupts the read (default: 2 × target duration, at least 10 s).
     *
     * @param d positive
     * @return a copy with the setting
     */
    public LiveSettings stallTimeout(Duration d) {
        LiveSettings s = copy();
        s.stallTimeout = positive("stall_timeout", d);
        return s;
    }

    /**
     * {@code rw_timeout} for every request: a connection with no byte for this long fails and is retried (default 5 s).
     *
     * @param d positive
     * @return a copy with the setting
     */
    public LiveSettings rwTimeout(Duration d) {
        LiveSettings s = copy();
        s.rwTimeout = positive("rw_timeout", d);
        return s;
    }

    /**
     * The reconnect options, with FFmpeg's names: {@code reconnect_delay_max} caps the pause between
     * two attempts at one resource (0: avline's sub-second schedule, at most 500 ms),
     * {@code reconnect_max_retries} 0 makes one request per resource (no retry at all), and
     * {@code reconnect_delay_total_max} caps a Retry-After wait.
     *
     * @param delayMax {@code reconnect_delay_max}, not negative
     * @param maxRetries {@code reconnect_max_retries}, not negative
     * @param delayTotalMax {@code reconnect_delay_total_max}, not negative
     * @return a copy with the setting
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

    /**
     * {@code reconnect_on_http_error}: the 4xx statuses retried like 5xx ("4xx", "404,410"; default
     * "5xx": none). 5xx, 408 and 429 are always retried.
     *
     * @param codes the 4xx statuses, comma-separated ("4xx", "404,410")
     * @return a copy with the setting
     */
    public LiveSettings reconnectOnHttpError(String codes) {
        if (!codes.matches("[0-9x]{3}(,[0-9x]{3})*")) {
            throw new IllegalArgumentException("reconnect_on_http_error: expected codes like 5xx or 503,504, got '" + codes + "'");
        }
        LiveSettings s = copy();
        s.reconnectOnHttpError = codes;
        return s;
    }

    /**
     * Whether a 429's or 503's {@code Retry-After} is respected (default on), up to the reconnect delay's limit.
     *
     * @param on whether to respect it
     * @return a copy with the setting
     */
    public LiveSettings respectRetryAfter(boolean on) {
        LiveSettings s = copy();
        s.respectRetryAfter = on;
        return s;
    }

    /**
     * Requests per resource before it counts as failed (default 3, 100 ms then 200 ms apart);
     * {@link dev.avline.events.SegmentFetched#retries()} counts the failed ones.
     *
     * @param n at least 1
     * @return a copy with the setting
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
     *
     * @param d positive
     * @return a copy with the setting
     */
    public LiveSettings reopenBackoffMax(Duration d) {
        LiveSettings s = copy();
        s.reopenBackoffMax = positive("reopen_backoff_max", d);
        return s;
    }

    /**
     * Which URLs the recording may fetch (the playlist, variants, segments, keys, redirects).
     *
     * @param p the policy
     * @return a copy with the setting
     */
    public LiveSettings urlPolicy(UrlPolicy p) {
        LiveSettings s = copy();
        s.policy = Objects.requireNonNull(p);
        return s;
    }

    /**
     * {@code extension_picky} as FFmpeg 7.1.1 has it: on, a segment URL must end in a media
     * extension (ts, m4s, mp4, aac, …) or it is refused (default off: many CDNs use other URLs).
     *
     * @param on whether to refuse other URLs
     * @return a copy with the setting
     */
    public LiveSettings extensionPicky(boolean on) {
        LiveSettings s = copy();
        s.extensionPicky = on;
        return s;
    }

    /**
     * Where a live playlist without {@code EXT-X-START} starts ({@code live_start_index}, default -3:
     * three segments from its end; 0 and up count from its first segment). VOD and EVENT playlists
     * always start at their first segment (or {@code EXT-X-START}).
     *
     * @param index negative from the end, 0 and up from the start
     * @return a copy with the setting
     */
    public LiveSettings liveStartIndex(int index) {
        LiveSettings s = copy();
        s.liveStartIndex = index;
        return s;
    }

    /**
     * Caps in bytes: playlist, segment, init section.
     *
     * @param playlistBytes the largest playlist body, at least 64
     * @param segmentBytes the largest segment body, at least 188
     * @param initBytes the largest init section, at least 8
     * @return a copy with the setting
     */
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

    /**
     * Finish (DONE) after this much media time; null for none.
     *
     * @param d positive, or null for no limit
     * @return a copy with the setting
     */
    public LiveSettings maxDuration(Duration d) {
        LiveSettings s = copy();
        s.maxDuration = d == null ? null : positive("max_duration", d);
        return s;
    }

    /**
     * Finish (DONE) after this many bytes are written; 0 for no limit.
     *
     * @param bytes the size, or 0 for no limit
     * @return a copy with the setting
     */
    public LiveSettings maxBytes(long bytes) {
        if (bytes < 0) throw new IllegalArgumentException("max_bytes must not be negative");
        LiveSettings s = copy();
        s.maxBytes = bytes;
        return s;
    }

    /**
     * File outputs: start a new file every {@code d} of media (at a keyframe); null for never.
     *
     * @param d positive, or null for no rotation by time
     * @return a copy with the setting
     */
    public LiveSettings rotateEvery(Duration d) {
        LiveSettings s = copy();
        s.rotateEvery = d == null ? null : positive("rotate_every", d);
        return s;
    }

    /**
     * File outputs: start a new file once one has this many bytes (at a keyframe); 0 for never.
     *
     * @param bytes the size, or 0 for no rotation by size
     * @return a copy with the setting
     */
    public LiveSettings rotateAtBytes(long bytes) {
        if (bytes < 0) throw new IllegalArgumentException("rotate_at_bytes must not be negative");
        LiveSettings s = copy();
        s.rotateAtBytes = bytes;
        return s;
    }

    /** {@return how long the input may give no media before the recording fails} */
    public Duration outageBudget() {
        return outageBudget;
    }

    /**
     * {@return the stall timeout for a playlist with {@code targetDuration} seconds per segment}
     *
     * @param targetDuration the playlist's {@code EXT-X-TARGETDURATION}
     */
    public Duration stallTimeout(double targetDuration) {
        if (stallTimeout != null) return stallTimeout;
        long ms = Math.max(10_000, Math.round(2 * targetDuration * 1000));
        return Duration.ofMillis(ms);
    }

    /** {@return how long one request may wait for bytes} */
    public Duration rwTimeout() {
        return rwTimeout;
    }

    /** {@return requests per resource before it counts as failed} */
    public int fetchAttempts() {
        return fetchAttempts;
    }

    /** {@return the longest wait between two re-opens} */
    public Duration reopenBackoffMax() {
        return reopenBackoffMax;
    }

    /** {@return which URLs the recording may fetch} */
    public UrlPolicy urlPolicy() {
        return policy;
    }

    /** {@return whether a segment URL must end in a media extension ({@code extension_picky})} */
    public boolean extensionPicky() {
        return extensionPicky;
    }

    /** {@return where a live playlist without {@code EXT-X-START} starts: negative counts from its end, 0 and up from its first segment} */
    public int liveStartIndex() {
        return liveStartIndex;
    }

    /** {@return the largest playlist body accepted, in bytes} */
    public long maxPlaylistBytes() {
        return maxPlaylistBytes;
    }

    /** {@return the largest segment body accepted, in bytes} */
    public long maxSegmentBytes() {
        return maxSegmentBytes;
    }

    /** {@return the largest init section accepted, in bytes} */
    public long maxInitBytes() {
        return maxInitBytes;
    }

    /** {@return the largest key body accepted, in bytes} */
    public long maxKeyBytes() {
        return maxKeyBytes;
    }

    /** {@return the media time after which the recording ends by itself, or null} */
    public Duration maxDuration() {
        return maxDuration;
    }

    /** {@return the output size after which the recording ends by itself, or 0 for none} */
    public long maxBytes() {
        return maxBytes;
    }

    /** {@return the media time after which the output continues in a new file, or null} */
    public Duration rotateEvery() {
        return rotateEvery;
    }

    /** {@return the size after which the output continues in a new file, or 0 for none} */
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
     *
     * @return the options by FFmpeg name
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
