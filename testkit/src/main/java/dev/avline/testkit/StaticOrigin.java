package dev.avline.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleFunction;

/**
 * An HLS origin on {@code 127.0.0.1} that serves resources from memory by path: playlists
 * (served as written, or replayed in real time as an EVENT or a live window by a {@link
 * PlaylistTimeline}, or generated per request), segments, keys and init sections, with the server
 * behaviours of real origins switchable per origin:
 *
 * <pre>{@code
 * try (StaticOrigin o = StaticOrigin.start()) {
 *     o.put("/vod/seg_0.ts", segment).putPlaylist("/vod/index.m3u8", text);
 *     o.acceptRanges(false);                                 // a dynamic origin: no Accept-Ranges
 *     o.resetMidBody("/vod/seg_1.ts", 1);                    // its first response is cut by a TCP reset
 *     o.redirect("/index.m3u8", 302, "vod/index.m3u8");      // a relative Location
 *     o.requireCookie("session", true);                      // Set-Cookie on playlists, 403 without it
 *     String url = o.url("/index.m3u8");
 *     ...
 *     o.requests();                                          // what the client asked for, in order
 * }
 * }</pre>
 *
 * <p>A request is matched by its exact target (path and query) first, then by its path with
 * percent-escapes decoded, so a URI with spaces is served however the client escaped it. Every
 * request is logged ({@link #requests()}): path, status, range, cookie, host, fault (its {@code
 * sequence} is always -1: this origin serves bytes by path and knows no media sequence numbers).
 * The socket server is the one {@link LiveHlsOrigin} uses, so faults reach a client at the TCP level.
 */
public final class StaticOrigin extends HttpOrigin<StaticOrigin> implements AutoCloseable {
    private static final String PLAYLIST_TYPE = "application/vnd.apple.mpegurl";

    /**
     * What is at a path: fixed bytes, or a playlist made when it is requested, on a clock that
     * starts at its first request (a client that takes a while to start still finds the stream at
     * its beginning, so live cases do not depend on how fast the client starts).
     */
    private record Resource(String contentType, byte[] body, DoubleFunction<String> generator, AtomicLong sinceNanos) {
        byte[] bytes() {
            if (generator == null) return body;
            long now = System.nanoTime();
            sinceNanos.compareAndSet(Long.MIN_VALUE, now);
            double elapsed = (now - sinceNanos.get()) / 1e9;
            return generator.apply(elapsed).getBytes(StandardCharsets.UTF_8);
        }

        boolean playlist() {
            return contentType.equals(PLAYLIST_TYPE);
        }
    }

    private final Map<String, Resource> resources = new ConcurrentHashMap<>();
    private final OriginServer server;
    private final OriginFront front = new OriginFront(() -> false);

    private StaticOrigin() throws IOException {
        this.server = new OriginServer();
        server.start(this::handle);
    }

    /** {@return a new origin on a free port of 127.0.0.1, serving nothing yet} */
    public static StaticOrigin start() {
        try {
            return new StaticOrigin();
        } catch (IOException e) {
            throw new IllegalStateException("cannot bind 127.0.0.1: " + e, e);
        }
    }

    // ---------------------------------------------------------------- what it serves

    /**
     * Serves {@code body} at {@code path} (an absolute path, with a query to match it exactly).
     *
     * @param path the path, starting with {@code /}
     * @param contentType the Content-Type
     * @param body the body
     * @return this origin
     */
    public StaticOrigin put(String path, String contentType, byte[] body) {
        return add(path, new Resource(contentType, body.clone(), null, null));
    }

    /**
     * Serves {@code body} with the content type its extension implies (.ts, .m4s, .mp4, .aac, .vtt, .m3u8, else bytes).
     *
     * @param path the path, starting with {@code /}
     * @param body the body
     * @return this origin
     */
    public StaticOrigin put(String path, byte[] body) {
        return put(path, typeOf(path), body);
    }

    /**
     * Serves a playlist exactly as written (a VOD playlist, a master playlist, or a broken one on purpose).
     *
     * @param path the path, starting with {@code /}
     * @param text the playlist text
     * @return this origin
     */
    public StaticOrigin putPlaylist(String path, String text) {
        return put(path, PLAYLIST_TYPE, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Serves a playlist that changes in real time from its first request on (an EVENT or a live window).
     *
     * @param path the path, starting with {@code /}
     * @return this origin
     * @param timeline the playlist over time
     */
    public StaticOrigin putTimed(String path, PlaylistTimeline timeline) {
        return putGenerated(path, PLAYLIST_TYPE, timeline::at);
    }

    /**
     * Serves whatever {@code bySeconds} makes of the seconds since the path's first request, on each request.
     *
     * @param path the path, starting with {@code /}
     * @param contentType the Content-Type
     * @return this origin
     * @param bySeconds the body for a number of seconds
     */
    public StaticOrigin putGenerated(String path, String contentType, DoubleFunction<String> bySeconds) {
        return add(path, new Resource(contentType, null, bySeconds, new AtomicLong(Long.MIN_VALUE)));
    }

    private StaticOrigin add(String path, Resource r) {
        if (!path.startsWith("/")) throw new IllegalArgumentException("path must start with /: " + path);
        resources.put(path, r);
        return this;
    }

    /**
     * {@code http://127.0.0.1:PORT} followed by {@code pathAndQuery}.
     *
     * @param pathAndQuery the path and query
     * @return {@code http://127.0.0.1:PORT} followed by it
     */
    public String url(String pathAndQuery) {
        return "http://127.0.0.1:" + port() + pathAndQuery;
    }

    @Override
    public int port() {
        return server.port();
    }

    @Override
    OriginFront front() {
        return front;
    }

    // ---------------------------------------------------------------- HTTP

    private boolean handle(HttpRequest r, Socket s, OutputStream out) throws IOException {
        Instant at = Instant.now();
        int q = r.target.indexOf('?');
        String rawPath = q < 0 ? r.target : r.target.substring(0, q);
        String path = OriginFront.decode(rawPath);
        Resource res = resources.get(r.target);
        if (res == null) res = resources.get(path);
        if (res == null) res = resources.get(rawPath);
        Boolean answered = front.intercept(r, out, at, rawPath, res != null && res.playlist());
        if (answered != null) return answered;
        if (res == null) return front.status(r, out, at, -1, 404, null);
        return front.serve(r, s, out, at, -1, res.contentType(), res.bytes(), res.playlist(), null);
    }

    private static String typeOf(String path) {
        String p = path.toLowerCase(Locale.ROOT);
        int q = p.indexOf('?');
        if (q >= 0) p = p.substring(0, q);
        if (p.endsWith(".ts")) return "video/mp2t";
        if (p.endsWith(".m4s") || p.endsWith(".mp4")) return "video/mp4";
        if (p.endsWith(".aac")) return "audio/aac";
        if (p.endsWith(".vtt") || p.endsWith(".webvtt")) return "text/vtt";
        if (p.endsWith(".m3u8")) return PLAYLIST_TYPE;
        return "application/octet-stream";
    }

    /** Stops accepting and closes every connection. */
    @Override
    public void close() {
        server.close();
    }

    @Override
    public String toString() {
        return "StaticOrigin http://127.0.0.1:" + port();
    }
}
