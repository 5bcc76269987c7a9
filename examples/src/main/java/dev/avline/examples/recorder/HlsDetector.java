package dev.avline.examples.recorder;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.avline.ffi.Urls;

/**
 * Tells whether a remote input is an HLS playlist, which the recorder records with
 * {@code Avline.record} (avline's own live client), or anything else, which goes to
 * {@code Avline.copy} (FFmpeg's client; {@code Avline.record} refuses what is not a playlist).
 *
 * <p>The path decides when it can: {@code .m3u8}/{@code .m3u} is HLS, a media extension
 * ({@code .ts}, {@code .mp4}, …) is not. Only a URL that says nothing (no extension, {@code .php},
 * a CDN token path) is probed: one GET with the user's headers, decided by the Content-Type or the
 * body's first bytes ({@code #EXTM3U}), then closed. When the probe cannot tell (a network error, a
 * 4xx, a timeout) the answer is "not HLS": {@code Avline.copy} then opens it with FFmpeg, which
 * reads HLS too (without avline's retries and re-opens) and reports a bad URL in its own words.
 * A wrong "not HLS" therefore costs resilience, never the recording.
 */
class HlsDetector {
    private static final Logger LOG = LoggerFactory.getLogger("recorder");
    private static final Set<String> PLAYLIST = Set.of("m3u8", "m3u");
    /** Extensions of what is certainly not an HLS playlist (media files and other manifests). */
    private static final Set<String> NOT_PLAYLIST = Set.of("ts", "mts", "m2ts", "mp4", "m4s", "m4v", "m4a", "mov", "mkv",
            "webm", "flv", "aac", "mp3", "ac3", "eac3", "wav", "ogg", "opus", "mpd", "ism", "f4m", "avi", "mpg", "mpeg");
    /** An HTTP client refuses these as user headers (it sets them itself). */
    private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade");
    private static final int SNIFF_BYTES = 64;

    private final Duration timeout;

    HlsDetector(Duration timeout) {
        this.timeout = timeout;
    }

    /** True when {@code url} (http or https) is an HLS playlist, master or media. */
    boolean isHls(String url, Map<String, String> headers) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return false; // FFmpeg will say what is wrong with it
        }
        String ext = extension(uri.getRawPath());
        if (PLAYLIST.contains(ext)) return true;
        if (NOT_PLAYLIST.contains(ext)) return false;
        Boolean probed = probe(uri, headers);
        LOG.info("{}: {}", Urls.redact(url), probed == null ? "could not tell whether it is HLS: recording it with FFmpeg's own client"
                : probed ? "an HLS playlist: recording it with avline's live client" : "not an HLS playlist");
        return probed != null && probed;
    }

    /** The last path segment's extension, lower case; "" when there is none. */
    static String extension(String rawPath) {
        if (rawPath == null) return "";
        String name = rawPath.substring(rawPath.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    /** True or false when the origin's answer says; null when it could not be asked or did not answer. */
    Boolean probe(URI uri, Map<String, String> headers) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        HttpRequest request;
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(withoutUserInfo(uri)).timeout(timeout).GET();
            for (Map.Entry<String, String> h : headers.entrySet()) {
                if (!RESTRICTED.contains(h.getKey().toLowerCase(Locale.ROOT))) b.header(h.getKey(), h.getValue());
            }
            if (uri.getRawUserInfo() != null) { // FFmpeg sends these as basic auth: so does the probe
                String user = URLDecoder.decode(uri.getRawUserInfo(), StandardCharsets.UTF_8);
                b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(user.getBytes(StandardCharsets.UTF_8)));
            }
            request = b.build();
        } catch (IllegalArgumentException e) {
            return null;
        }
        CompletableFuture<HttpResponse<InputStream>> sent = client.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream());
        HttpResponse<InputStream> response = null;
        try {
            response = sent.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (response.statusCode() / 100 != 2) return null;
            String type = response.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
            if (type.contains("mpegurl")) return true; // application/vnd.apple.mpegurl, application/x-mpegurl, audio/mpegurl
            if (type.startsWith("video/") || type.startsWith("audio/")) return false;
            InputStream body = response.body();
            // The first bytes, with a bound: a server may send headers and then nothing.
            byte[] head = CompletableFuture.supplyAsync(() -> readUpTo(body, SNIFF_BYTES))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return startsWithExtM3u(head);
        } catch (TimeoutException | ExecutionException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            sent.cancel(true);
            if (response != null) close(response.body());
        }
    }

    private static URI withoutUserInfo(URI uri) {
        if (uri.getRawUserInfo() == null) return uri;
        String s = uri.toString();
        int at = s.indexOf('@', s.indexOf("//") + 2);
        return URI.create(s.substring(0, s.indexOf("//") + 2) + s.substring(at + 1));
    }

    /** {@code #EXTM3U} after an optional byte order mark and white space. */
    static boolean startsWithExtM3u(byte[] head) {
        String s = new String(head, StandardCharsets.UTF_8);
        if (s.startsWith("\uFEFF")) s = s.substring(1);
        return s.stripLeading().startsWith("#EXTM3U");
    }

    private static byte[] readUpTo(InputStream in, int n) {
        try {
            return in.readNBytes(n);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void close(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // the probe is over either way
        }
    }
}
