package dev.avline.remux;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.avline.Input;
import dev.avline.ffi.FfmpegException;
import dev.avline.ffi.IoInterrupt;
import dev.avline.ffi.UrlFetch;

/**
 * Refuses, before FFmpeg's HLS demuxer sees it, an HLS playlist shape that crashes FFmpeg 7.1.1 (a
 * SIGSEGV in {@code av_read_frame} on a NULL context, in-process that is the whole JVM; the
 * bundled {@code ffmpeg} CLI dies the same way): a playlist that is both a master playlist
 * ({@code #EXT-X-STREAM-INF}) and a media playlist ({@code #EXTINF} segments). RFC 8216 §4.3.4
 * forbids the mix, so no valid stream is refused. Found by the fuzzer (RELIABILITY.md).
 *
 * <p>Applies to the inputs avline hands to FFmpeg's HLS demuxer ({@code Avline.copy},
 * {@code Avline.transcode}) whose URL names a playlist ({@code .m3u8}, {@code .m3u}, or
 * {@code format("hls")}): the top-level playlist and, for a master, each variant playlist (at most
 * {@value #MAX_VARIANTS}) are read and checked. Live recording does not need this: it parses
 * playlists itself and gives FFmpeg only media playlists it wrote.
 */
@dev.avline.Internal
public final class PlaylistGuard {
    static final int MAX_VARIANTS = 16;
    private static final long MAX_PLAYLIST_BYTES = 4 << 20;

    private PlaylistGuard() {
    }

    /** @throws FfmpegException (INVALIDDATA) naming the playlist when it has the crashing shape */
    public static void check(Input input, IoInterrupt interrupt) {
        String url = input.url();
        if (url == null || !namesPlaylist(input)) return;
        String body = read(url, input, interrupt);
        if (body == null) return; // unreadable here: FFmpeg's own open reports why
        List<String> variants = checkOne(url, body, true);
        for (int i = 0; i < variants.size() && i < MAX_VARIANTS; i++) {
            String v = variants.get(i);
            String vb = read(v, input, interrupt);
            if (vb != null) checkOne(v, vb, false);
        }
    }

    private static boolean namesPlaylist(Input input) {
        if ("hls".equalsIgnoreCase(input.formatName())) return true;
        String path = input.url();
        int q = path.indexOf('?');
        if (q >= 0) path = path.substring(0, q);
        String p = path.toLowerCase(Locale.ROOT);
        return p.endsWith(".m3u8") || p.endsWith(".m3u");
    }

    /** Checks one playlist; returns the variant URIs of a master (resolved). */
    private static List<String> checkOne(String url, String body, boolean topLevel) {
        boolean master = false;
        boolean media = false;
        List<String> variants = new ArrayList<>();
        boolean nextIsVariant = false;
        for (String raw : body.split("\n")) {
            String line = raw.trim();
            if (line.isEmpty()) continue;
            if (line.startsWith("#EXT-X-STREAM-INF")) {
                master = true;
                nextIsVariant = true;
            } else if (line.startsWith("#EXTINF")) {
                media = true;
            } else if (!line.startsWith("#") && nextIsVariant) {
                variants.add(resolve(url, line));
                nextIsVariant = false;
            }
        }
        if (master && media) {
            throw new FfmpegException("open input", dev.avline.ffi.AvError.INVALIDDATA.code(), url,
                    "an HLS playlist that is both a master playlist (#EXT-X-STREAM-INF) and a media playlist (#EXTINF) "
                            + "is invalid (RFC 8216 section 4.3.4) and crashes FFmpeg 7.1.1's HLS demuxer: refused", null);
        }
        if (master && !topLevel) {
            throw new FfmpegException("open input", dev.avline.ffi.AvError.INVALIDDATA.code(), url,
                    "a variant playlist that names other variants (#EXT-X-STREAM-INF) is invalid: refused", null);
        }
        return master ? variants : List.of();
    }

    private static String resolve(String base, String ref) {
        try {
            if (ref.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*")) return ref;
            if (base.regionMatches(true, 0, "http", 0, 4) || base.regionMatches(true, 0, "file:", 0, 5)) {
                return URI.create(base).resolve(ref).toString();
            }
            Path parent = Path.of(base).toAbsolutePath().getParent();
            return parent == null ? ref : parent.resolve(ref).toString();
        } catch (RuntimeException e) {
            return ref;
        }
    }

    /** The playlist's text (local file or http), or null when it cannot be read here. */
    private static String read(String url, Input input, IoInterrupt interrupt) {
        String lower = url.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            UrlFetch.Result r = UrlFetch.fetch(url, requestOptions(input), interrupt != null ? interrupt : new IoInterrupt(),
                    MAX_PLAYLIST_BYTES, null);
            return r.error() == 0 && !r.tooLarge() ? new String(r.body(), StandardCharsets.UTF_8) : null;
        }
        if (lower.matches("^[a-z][a-z0-9+.-]*:.*") && !lower.startsWith("file:")) return null; // another protocol
        try {
            Path p = Path.of(lower.startsWith("file://") ? url.substring(7) : lower.startsWith("file:") ? url.substring(5) : url);
            if (!Files.isRegularFile(p) || Files.size(p) > MAX_PLAYLIST_BYTES) return null;
            return new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static Map<String, String> requestOptions(Input input) {
        Map<String, String> m = new LinkedHashMap<>();
        StringBuilder h = new StringBuilder();
        for (Map.Entry<String, String> e : input.headers().entrySet()) {
            if (e.getKey().equalsIgnoreCase("User-Agent")) m.put("user_agent", e.getValue());
            else h.append(e.getKey()).append(": ").append(e.getValue()).append("\r\n");
        }
        if (h.length() > 0) m.put("headers", h.toString());
        for (String k : List.of("rw_timeout", "timeout", "user_agent", "referer", "cookies", "http_proxy")) {
            String v = input.options().get(k);
            if (v != null) m.put(k, v);
        }
        return m;
    }
}
