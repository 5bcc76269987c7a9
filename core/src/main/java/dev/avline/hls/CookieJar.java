package dev.avline.hls;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * The cookies of one recording: what origins set ({@code Set-Cookie}, token renewals included) is
 * sent back on later requests to them, as a browser would; nothing is shared with other
 * recordings. Seeded from FFmpeg's {@code cookies} option (Set-Cookie values, one per line) when
 * the input has one.
 */
final class CookieJar {
    private static final int MAX_COOKIES = 256;

    private final CookieManager manager = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    private boolean any; // most origins set no cookie: then a request costs no cookie lookup

    CookieJar(String inputUrl, String seed) {
        if (seed != null && !seed.isBlank()) {
            List<String> lines = seed.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
            try {
                manager.put(URI.create(inputUrl), Map.of("Set-Cookie", lines));
                any = true;
            } catch (IOException | IllegalArgumentException e) {
                throw new IllegalArgumentException("cookies: cannot be read as Set-Cookie values: " + e.getMessage(), e);
            }
        }
    }

    /** The Cookie header for a request to {@code url}, or null. */
    String headerFor(String url) {
        if (!any) return null;
        try {
            Map<String, List<String>> h = manager.get(URI.create(url), Map.of());
            List<String> c = h.get("Cookie");
            return c == null || c.isEmpty() ? null : String.join("; ", c);
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    /** Learns the cookies a response to {@code url} set (bounded: an origin that sets endless cookies starts over). */
    void store(String url, Map<String, List<String>> responseHeaders) {
        any = true;
        try {
            if (manager.getCookieStore().getCookies().size() > MAX_COOKIES) manager.getCookieStore().removeAll();
            manager.put(URI.create(url), responseHeaders);
        } catch (IOException | IllegalArgumentException e) {
            // a cookie that cannot be parsed is not sent back, as a browser would do
        }
    }
}
