package dev.avline.hls;

import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.avline.ffi.AvError;
import dev.avline.ffi.Ffmpeg;
import dev.avline.ffi.IoInterrupt;
import dev.avline.ffi.NestedOpens;
import dev.avline.ffi.UrlFetch;
import dev.avline.ffi.Urls;

/**
 * The nested-open hook of one attempt at a live HLS input. Every URL the demuxer opens passes
 * here: the URL policy is enforced before anything is opened, FFmpeg's reconnect and timeout
 * options are added, and the body is fetched whole and checked before the demuxer sees it:
 * <ul>
 * <li>a segment already handed to a demuxer is answered with an empty body (never fetched or
 *     written twice after a re-open);</li>
 * <li>a body shorter than its Content-Length is fetched again, never passed on cut;</li>
 * <li>a segment that still fails on the network asks for a re-open (it may come back while
 *     listed); one the origin refuses (4xx) or that exceeds its cap is skipped and reported;</li>
 * <li>playlists are parsed (segments, ENDLIST, hostile URIs reported) and rewritten with absolute
 *     URIs and without the segments already recorded.</li>
 * </ul>
 */
final class LiveHook implements NestedOpens.Handler {
    private static final Logger LOG = LoggerFactory.getLogger(LiveHook.class);

    private final LiveSession session;
    private final LiveSettings settings;
    private final IoInterrupt interrupt;
    private final Map<String, String> requestOptions;
    private final long floor;
    private volatile long stallNanos;

    LiveHook(LiveSession session, LiveSettings settings, IoInterrupt interrupt, Map<String, String> requestOptions,
             long stallNanos) {
        this.session = session;
        this.settings = settings;
        this.interrupt = interrupt;
        this.requestOptions = requestOptions;
        this.floor = session.floor();
        this.stallNanos = stallNanos;
    }

    void stallNanos(long nanos) {
        this.stallNanos = nanos;
    }

    /** The options of every request: FFmpeg's reconnects and timeouts, headers, and the protocol whitelist. */
    static Map<String, String> requestOptions(LiveSettings settings, Map<String, String> inputHttpOptions) {
        Map<String, String> m = new LinkedHashMap<>(settings.httpOptions());
        m.putAll(inputHttpOptions);
        m.put("protocol_whitelist", settings.urlPolicy().protocolWhitelist());
        return m;
    }

    @Override
    public Map<String, String> beforeOpen(String url, Map<String, String> demuxerOptions) throws NestedOpens.Refused {
        String why = session.checkReported(url);
        if (why != null) throw new NestedOpens.Refused(Urls.redact(url) + ": " + why);
        return requestOptions;
    }

    @Override
    public byte[] body(String url, Map<String, String> options, NestedOpens.Fetcher fetcher) throws NestedOpens.Refused {
        Long seq = session.sequenceOf(url);
        if (seq != null) return segment(url, seq, options, fetcher);
        if (session.isKey(url)) return whole(url, options, fetcher, settings.maxKeyBytes(), "key");
        if (session.isInit(url)) return whole(url, options, fetcher, settings.maxInitBytes(), "init section");
        return playlist(url, options, fetcher);
    }

    private byte[] segment(String url, long seq, Map<String, String> options, NestedOpens.Fetcher fetcher)
            throws NestedOpens.Refused {
        if (session.alreadyDelivered(seq)) {
            LOG.debug("segment {} was already recorded: not fetched again", seq);
            return new byte[0];
        }
        byte[] again = session.pendingBody(seq);
        if (again != null) return again; // the recorder drops the packets it already wrote
        Fetched f = fetch(url, options, fetcher, settings.maxSegmentBytes(), true);
        if (f.result.complete()) {
            if (Playlist.looksLikePlaylist(f.result.body())) {
                String why = "a segment that is a playlist (nested playlists are refused)";
                session.failed(seq, why);
                throw new NestedOpens.Refused(Urls.redact(url) + ": " + why);
            }
            session.delivered(seq, url, f.result.body(), f.attempts - 1);
            return f.result.body();
        }
        String why = describe(f.result, settings.maxSegmentBytes());
        if (interrupt.triggered()) throw new NestedOpens.Refused("interrupted while fetching segment " + seq);
        if (f.result.tooLarge() || permanent(f.result.error())) {
            session.failed(seq, why);
            throw new NestedOpens.Refused("segment " + seq + " skipped: " + why);
        }
        if (session.failedTransiently(seq, why)) {
            // It may still be listed when the network is back: re-open rather than skip it.
            session.abort("segment " + seq + " failed: " + why);
            interrupt.interrupt("segment " + seq + " failed: " + why);
        }
        throw new NestedOpens.Refused("segment " + seq + " failed: " + why);
    }

    private byte[] whole(String url, Map<String, String> options, NestedOpens.Fetcher fetcher, long cap, String what)
            throws NestedOpens.Refused {
        Fetched f = fetch(url, options, fetcher, cap, true);
        if (!f.result.complete()) {
            throw new NestedOpens.Refused(what + " " + Urls.redact(url) + ": " + describe(f.result, cap));
        }
        return f.result.body();
    }

    private byte[] playlist(String url, Map<String, String> options, NestedOpens.Fetcher fetcher) throws NestedOpens.Refused {
        Fetched f = fetch(url, options, fetcher, settings.maxPlaylistBytes(), false);
        if (!f.result.complete()) {
            throw new NestedOpens.Refused("playlist " + Urls.redact(url) + ": " + describe(f.result, settings.maxPlaylistBytes()));
        }
        byte[] body = f.result.body();
        if (!Playlist.looksLikePlaylist(body)) return body;
        Playlist p = Playlist.parse(body, f.result.location() != null ? f.result.location() : url);
        session.learn(p);
        return p.rewrite(floor);
    }

    /** One resource with avline's attempts on top of FFmpeg's reconnects. */
    private Fetched fetch(String url, Map<String, String> options, NestedOpens.Fetcher fetcher, long cap, boolean progress) {
        UrlFetch.Progress onBytes = progress ? total -> interrupt.armDeadline(stallNanos) : null;
        return fetchWithAttempts(settings.fetchAttempts(), interrupt,
                () -> fetcher.fetch(url, options, cap, onBytes), Urls.redact(url));
    }

    record Fetched(UrlFetch.Result result, int attempts) {
    }

    interface Attempt {
        UrlFetch.Result run();
    }

    static Fetched fetchWithAttempts(int attempts, IoInterrupt interrupt, Attempt attempt, String shownUrl) {
        UrlFetch.Result r = null;
        int i = 0;
        while (i < attempts) {
            i++;
            r = attempt.run();
            if (r.complete() || r.tooLarge() || permanent(r.error()) || interrupt.triggered()) break;
            LOG.info("fetch {} incomplete (attempt {} of {}): {}", shownUrl, i, attempts, describe(r, 0));
            if (i < attempts) pause(interrupt, 100L * i);
        }
        return new Fetched(r, i);
    }

    /** Errors another attempt will not fix: the origin said no, or the URL cannot be opened at all. */
    static boolean permanent(int error) {
        switch (AvError.of(error)) {
            case HTTP_NOT_FOUND: case HTTP_FORBIDDEN: case HTTP_BAD_REQUEST: case HTTP_UNAUTHORIZED:
            case HTTP_OTHER_4XX: case EPERM: case PROTOCOL_NOT_FOUND: case INVALIDDATA: case EINVAL:
                return true;
            default:
                return false;
        }
    }

    static String describe(UrlFetch.Result r, long cap) {
        if (r.tooLarge()) return "larger than the " + cap + "-byte limit";
        if (r.error() != 0) return Ffmpeg.errorText(r.error()) + " (" + AvError.of(r.error()) + ")";
        if (r.truncated()) return "the body ended after " + r.body().length + " of " + r.announcedSize() + " bytes";
        return "ok";
    }

    private static void pause(IoInterrupt interrupt, long ms) {
        long end = System.nanoTime() + ms * 1_000_000;
        while (System.nanoTime() - end < 0 && !interrupt.triggered()) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
