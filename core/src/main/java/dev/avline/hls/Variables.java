package dev.avline.hls;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The variables of one playlist ({@code EXT-X-DEFINE}, RFC 8216bis §4.4.2.3): {@code NAME}/{@code VALUE}
 * pairs, values {@code IMPORT}ed from the master playlist that named this one, and {@code QUERYPARAM}s
 * of the playlist's own URL. A reference to a variable that is not defined makes the playlist
 * invalid (the RFC says so): the error names the variable.
 */
final class Variables {
    private final Map<String, String> values = new LinkedHashMap<>();
    private final Map<String, String> importable;
    private final String playlistUrl;

    /**
     * @param importable the master playlist's variables (empty for a master or a playlist opened directly)
     * @param playlistUrl the URL this playlist was loaded from (for QUERYPARAM)
     */
    Variables(Map<String, String> importable, String playlistUrl) {
        this.importable = importable;
        this.playlistUrl = playlistUrl;
    }

    /** Applies one {@code EXT-X-DEFINE} tag. */
    void define(AttributeList a) {
        if (a.has("NAME")) {
            values.put(a.get("NAME"), a.get("VALUE", ""));
        } else if (a.has("IMPORT")) {
            String name = a.get("IMPORT");
            String v = importable.get(name);
            if (v == null) throw new PlaylistException("EXT-X-DEFINE:IMPORT=\"" + name + "\": the master playlist defines no such variable");
            values.put(name, v);
        } else if (a.has("QUERYPARAM")) {
            String name = a.get("QUERYPARAM");
            String v = queryParam(playlistUrl, name);
            if (v == null) throw new PlaylistException("EXT-X-DEFINE:QUERYPARAM=\"" + name + "\": the playlist URL has no such query parameter");
            values.put(name, v);
        } else {
            throw new PlaylistException("EXT-X-DEFINE without NAME, IMPORT or QUERYPARAM");
        }
    }

    Map<String, String> all() {
        return Map.copyOf(values);
    }

    boolean isEmpty() {
        return values.isEmpty();
    }

    /** {@code text} with every {@code {$name}} replaced. */
    String substitute(String text) {
        int at = text.indexOf("{$");
        if (at < 0) return text;
        StringBuilder b = new StringBuilder(text.length());
        int from = 0;
        while (at >= 0) {
            int end = text.indexOf('}', at + 2);
            if (end < 0) break;
            String name = text.substring(at + 2, end);
            String v = values.get(name);
            if (v == null) {
                throw new PlaylistException("variable {$" + name + "} is used but not defined by an EXT-X-DEFINE tag");
            }
            b.append(text, from, at).append(v);
            from = end + 1;
            at = text.indexOf("{$", from);
        }
        return b.append(text, from, text.length()).toString();
    }

    private static String queryParam(String url, String name) {
        try {
            String q = URI.create(url).getRawQuery();
            if (q == null) return null;
            for (String pair : q.split("&")) {
                int eq = pair.indexOf('=');
                String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                if (k.equals(name)) return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
            return null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
