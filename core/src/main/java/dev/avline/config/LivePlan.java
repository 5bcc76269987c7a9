package dev.avline.config;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import dev.avline.hls.LiveSettings;

/**
 * The config as a live HLS recording's settings ({@code Avline.record}):
 * <ul>
 *   <li>{@code ffmpeg.reconnect_enabled} true (the default): avline's defaults (every request retried,
 *       the input re-opened when FFmpeg gives up) with {@code avline.outage_budget} if given;
 *       false: one attempt per request and no re-open, so the first network failure ends the recording
 *       (a segment the origin refuses is still skipped and reported as a gap);</li>
 *   <li>FFmpeg's per-request options in {@code avline.input_options} ({@code rw_timeout},
 *       {@code reconnect_delay_max}, …) become the settings avline puts on every request, playlists and
 *       segments alike; options that the live recorder sets itself are refused by name rather than
 *       silently overridden.</li>
 * </ul>
 *
 * @param settings how the recording survives the network
 * @param inputOptions what is left of {@code avline.input_options} for the input itself ({@code Input.options})
 */
public record LivePlan(LiveSettings settings, Map<String, String> inputOptions) {
    private static final String OPTIONS = "avline.input_options.";
    /** Set by the live recorder on every request or on its demuxer: a value given here would be overridden. */
    private static final Set<String> OWNED = Set.of("reconnect", "reconnect_streamed", "reconnect_on_network_error",
            "reconnect_at_eof", "protocol_whitelist", "format_whitelist", "http_persistent", "http_multiple",
            "seg_max_retry", "max_reload");

    /**
     * Copies the options, so the plan stays immutable.
     *
     * @param settings how the recording survives the network
     * @param inputOptions what is left of {@code avline.input_options} for the input itself ({@code Input.options})
     */
    public LivePlan {
        inputOptions = Collections.unmodifiableMap(new LinkedHashMap<>(inputOptions));
    }

    /**
     * The plan for these config values.
     *
     * @param reconnect {@code ffmpeg.reconnect_enabled}
     * @param outageBudget {@code avline.outage_budget}, or null for avline's default
     * @param inputOptions {@code avline.input_options}
     * @return the plan
     * @throws ConfigException naming the key that cannot be used
     */
    public static LivePlan of(boolean reconnect, Duration outageBudget, Map<String, String> inputOptions) {
        LiveSettings live = LiveSettings.defaults();
        if (!reconnect) {
            if (outageBudget != null) {
                throw bad("avline.outage_budget", "re-opening a live input is switched off by "
                        + "ffmpeg.reconnect_enabled: false; remove one of them");
            }
            // No outage is survived: the first time the input has to be re-opened, the recording fails.
            live = live.reconnect(Duration.ZERO, 0, Duration.ZERO).fetchAttempts(1).outageBudget(Duration.ofNanos(1));
        } else if (outageBudget != null) {
            live = live.outageBudget(outageBudget);
        }
        Map<String, String> rest = new LinkedHashMap<>(inputOptions);
        for (String key : inputOptions.keySet()) {
            if (OWNED.contains(key)) {
                throw bad(OPTIONS + key, "set by avline's live HLS recording itself, on every request"
                        + (key.startsWith("reconnect") ? " (ffmpeg.reconnect_enabled switches reconnects off)" : ""));
            }
        }
        String rw = rest.remove("rw_timeout");
        if (rw != null) live = live.rwTimeout(Duration.ofNanos(1000 * number(rw, "rw_timeout", 1, "microseconds")));
        Map<String, String> http = live.httpOptions();
        String delayMax = rest.remove("reconnect_delay_max");
        String retries = rest.remove("reconnect_max_retries");
        String totalMax = rest.remove("reconnect_delay_total_max");
        if (delayMax != null || retries != null || totalMax != null) {
            long d = number(delayMax != null ? delayMax : http.get("reconnect_delay_max"), "reconnect_delay_max", 0, "seconds");
            long r = number(retries != null ? retries : http.get("reconnect_max_retries"), "reconnect_max_retries", 0, "retries");
            long t = number(totalMax != null ? totalMax : http.get("reconnect_delay_total_max"), "reconnect_delay_total_max", 0,
                    "seconds");
            live = live.reconnect(Duration.ofSeconds(d), (int) Math.min(Integer.MAX_VALUE, r), Duration.ofSeconds(t));
        }
        String onHttpError = rest.remove("reconnect_on_http_error");
        if (onHttpError != null) {
            try {
                live = live.reconnectOnHttpError(onHttpError);
            } catch (IllegalArgumentException e) {
                throw bad(OPTIONS + "reconnect_on_http_error", "expected codes like 5xx or 503,504, got \"" + onHttpError + "\"");
            }
        }
        String retryAfter = rest.remove("respect_retry_after");
        if (retryAfter != null) live = live.respectRetryAfter(number(retryAfter, "respect_retry_after", 0, "0 or 1") != 0);
        String startIndex = rest.remove("live_start_index");
        if (startIndex != null) live = live.liveStartIndex((int) integer(startIndex, "live_start_index"));
        String picky = rest.remove("extension_picky");
        if (picky != null) live = live.extensionPicky(number(picky, "extension_picky", 0, "0 or 1") != 0);
        return new LivePlan(live, rest);
    }

    private static long number(String value, String key, long min, String unit) {
        long v = integer(value, key);
        if (v < min || ("0 or 1".equals(unit) && v > 1)) {
            throw bad(OPTIONS + key, "expected " + ("0 or 1".equals(unit) ? "0 or 1"
                    : "a whole number of " + unit + " of at least " + min) + ", got \"" + value + "\"");
        }
        return v;
    }

    private static long integer(String value, String key) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw bad(OPTIONS + key, "expected a whole number, got \"" + value + "\"");
        }
    }

    private static ConfigException bad(String path, String why) {
        return new ConfigException(null, path, why);
    }
}
