package dev.avline.hls;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import dev.avline.Input;

/**
 * How every request of one live recording is made: the input's headers and FFmpeg-named request
 * options ({@code headers}, {@code user_agent}, {@code referer}, {@code cookies}, {@code http_proxy},
 * {@code rw_timeout}/{@code timeout}) and the settings' timeouts and retries, read once.
 *
 * @param headers extra request headers (User-Agent and Referer apart)
 * @param userAgent the User-Agent (FFmpeg's own by default: origins that allow FFmpeg allow avline)
 * @param referer the Referer, or null
 * @param cookies FFmpeg-style cookies (Set-Cookie values, one per line), or null
 * @param proxy the HTTP proxy of the {@code http_proxy} option, or {@link Proxy#NO_PROXY} for the JVM's own proxy settings
 * @param readTimeout a request with no byte for this long fails (and is retried)
 * @param attempts requests per resource before it counts as failed
 * @param retriedStatus 4xx statuses retried like 5xx ({@code reconnect_on_http_error})
 * @param respectRetryAfter wait as long as a 429/503's Retry-After asks (bounded by {@code maxRetryWait})
 * @param pauseMax the longest pause between two attempts (they grow 100 ms at a time)
 */
record RequestProfile(Map<String, String> headers, String userAgent, String referer, String cookies, Proxy proxy,
                      Duration readTimeout, int attempts, Set<Integer> retriedStatus, boolean respectRetryAfter,
                      Duration maxRetryWait, Duration pauseMax) {
    /** FFmpeg 7.1.1's own User-Agent. */
    static final String DEFAULT_USER_AGENT = "Lavf/61.7.100";
    /** The input options that describe requests (FFmpeg's http protocol names). */
    static final Set<String> REQUEST_OPTIONS = Set.of("headers", "user_agent", "referer", "cookies", "http_proxy",
            "rw_timeout", "timeout");

    static RequestProfile of(Input input, LiveSettings settings) {
        Map<String, String> options = input.options();
        Map<String, String> headers = new LinkedHashMap<>();
        String ua = options.getOrDefault("user_agent", DEFAULT_USER_AGENT);
        String referer = options.get("referer");
        String raw = options.get("headers");
        if (raw != null) {
            for (String line : raw.split("\r\n|\n")) {
                int c = line.indexOf(':');
                if (c > 0) headers.put(line.substring(0, c).strip(), line.substring(c + 1).strip());
            }
        }
        headers.putAll(input.headers());
        for (String name : Set.copyOf(headers.keySet())) {
            if (name.equalsIgnoreCase("User-Agent")) ua = headers.remove(name);
            else if (name.equalsIgnoreCase("Referer")) referer = headers.remove(name);
        }
        Duration read = settings.rwTimeout();
        String micros = options.containsKey("rw_timeout") ? options.get("rw_timeout") : options.get("timeout");
        if (micros != null) {
            try {
                long us = Long.parseLong(micros.strip());
                if (us > 0) read = Duration.ofNanos(us * 1000);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("rw_timeout: expected microseconds, got '" + micros + "'");
            }
        }
        return new RequestProfile(Map.copyOf(headers), ua, referer, options.get("cookies"), proxy(options.get("http_proxy")),
                read, settings.requestAttempts(), settings.retriedHttpStatuses(), settings.respectsRetryAfter(),
                settings.maxRetryWait(), settings.attemptPauseMax());
    }

    private static Proxy proxy(String url) {
        if (url == null || url.isBlank()) return Proxy.NO_PROXY;
        try {
            URI u = URI.create(url.strip());
            int port = u.getPort() > 0 ? u.getPort() : 80;
            return new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(u.getHost(), port));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("http_proxy: not a proxy URL: '" + url + "'");
        }
    }
}
