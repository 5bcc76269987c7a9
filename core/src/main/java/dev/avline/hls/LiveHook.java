package dev.avline.hls;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
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
 * The nested-open hook of one attempt at a live HLS input (one demuxer). Every URL the demuxer
 * opens passes here: the URL policy is enforced before anything is opened, FFmpeg's reconnect and
 * timeout options are added, and the body is fetched whole and checked before the demuxer sees it:
 * <ul>
 * <li>a segment already handed to a demuxer is answered with an empty body (never fetched or
 *     written twice after a re-open);</li>
 * <li>a body shorter than its Content-Length is fetched again, never passed on cut;</li>
 * <li>a segment that still fails on the network asks for a re-open (it may come back while
 *     listed); one the origin refuses (4xx) or that exceeds its cap is skipped and reported;</li>
 * <li>an AES-128 segment is fetched encrypted and decrypted here, with the key avline fetched
 *     itself: a key that cannot be fetched (or does not decrypt) fails the segment like a failed
 *     segment (retried, or reported lost), where FFmpeg would decrypt with a wrong key and feed
 *     garbage on;</li>
 * <li>playlists are parsed (segments, ENDLIST, hostile URIs reported) and rewritten with absolute
 *     URIs, from where this demuxer started, ending before the next boundary (discontinuity, new
 *     init section) and, when the origin restarted its numbering, ending at once.</li>
 * </ul>
 */
final class LiveHook implements NestedOpens.Handler {
    private static final Logger LOG = LoggerFactory.getLogger(LiveHook.class);
    private static final int AES_KEY_BYTES = 16;

    private final LiveSession session;
    private final LiveSettings settings;
    private final IoInterrupt interrupt;
    private final Runnable whileWaiting;
    private final Map<String, String> requestOptions;
    private final long start;
    private final Map<String, String> keyFailures = new HashMap<>(); // key URI → why (this demuxer: not fetched again)
    private final Map<String, Boolean> keyFailurePermanent = new HashMap<>();
    private volatile long stallNanos;

    /** @param start the media sequence number this demuxer starts at */
    LiveHook(LiveSession session, LiveSettings settings, IoInterrupt interrupt, Runnable whileWaiting,
             Map<String, String> requestOptions, long stallNanos, long start) {
        this.session = session;
        this.settings = settings;
        this.interrupt = interrupt;
        this.whileWaiting = whileWaiting;
        this.requestOptions = requestOptions;
        this.stallNanos = stallNanos;
        this.start = start;
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
        if (session.isKey(url)) return key(url, options, fetcher);
        Long seq = session.sequenceOf(url);
        if (seq != null) return segment(url, seq, options, fetcher);
        if (session.isInit(url)) return whole(url, options, fetcher, settings.maxInitBytes(), "init section");
        return playlist(url, options, fetcher);
    }

    private byte[] segment(String url, long seq, Map<String, String> options, NestedOpens.Fetcher fetcher)
            throws NestedOpens.Refused {
        if (session.alreadyDelivered(seq)) {
            LOG.debug("segment {} was already recorded: not fetched again", seq);
            return new byte[0];
        }
        if (session.isPlaceholder(seq)) throw new NestedOpens.Refused("segment " + seq + " expired from the playlist");
        byte[] again = session.pendingBody(seq);
        if (again != null) return again; // the recorder drops the packets it already wrote
        Playlist.Segment listed = session.segment(seq);
        Playlist.Key key = listed == null ? null : listed.key();
        byte[] aesKey = null;
        if (key != null && key.aes128() && key.uri() != null) {
            aesKey = keyBytes(key.uri(), options, fetcher);
            if (aesKey == null) {
                String why = "key " + Urls.redact(key.uri()) + ": " + keyFailures.get(key.uri());
                throw failSegment(seq, why, keyFailurePermanent.getOrDefault(key.uri(), false));
            }
            // The encrypted body over plain http: its length is checked against Content-Length exactly
            // (FFmpeg's crypto layer reports the encrypted size but returns fewer, decrypted bytes).
            url = UrlPolicy.stripCrypto(url);
            options = withoutCryptoOptions(options);
        }
        Fetched f = fetch(url, options, fetcher, settings.maxSegmentBytes(), true);
        if (f.result.complete()) {
            byte[] body = f.result.body();
            if (aesKey != null) {
                body = Aes128.decrypt(body, aesKey, key.iv() != null ? Aes128.iv(key.iv()) : Aes128.iv(seq));
                if (body == null) {
                    // A wrong key (the origin changed it under the same URI) or a damaged body: never passed on.
                    session.forgetKey(key.uri());
                    throw failSegment(seq, "cannot be decrypted with the key from " + Urls.redact(key.uri()), false);
                }
            }
            if (Playlist.looksLikePlaylist(body)) {
                String why = "a segment that is a playlist (nested playlists are refused)";
                session.failed(seq, why);
                throw new NestedOpens.Refused(Urls.redact(url) + ": " + why);
            }
            session.delivered(seq, url, body, f.attempts - 1);
            return body;
        }
        String why = describe(f.result, settings.maxSegmentBytes());
        if (interrupt.triggered()) throw new NestedOpens.Refused("interrupted while fetching segment " + seq);
        throw failSegment(seq, why, f.result.tooLarge() || permanent(f.result.error()));
    }

    /**
     * A segment that cannot be recorded now: skipped and reported when the origin refused it (or
     * it is too large); otherwise a re-open, since it may still be listed when the network is back.
     */
    private NestedOpens.Refused failSegment(long seq, String why, boolean permanent) {
        if (permanent) {
            session.failed(seq, why);
            return new NestedOpens.Refused("segment " + seq + " skipped: " + why);
        }
        if (session.failedTransiently(seq, why)) {
            session.abort("segment " + seq + " failed: " + why);
            interrupt.interrupt("segment " + seq + " failed: " + why);
        }
        return new NestedOpens.Refused("segment " + seq + " failed: " + why);
    }

    private static Map<String, String> withoutCryptoOptions(Map<String, String> options) {
        Map<String, String> m = new LinkedHashMap<>(options);
        m.remove("key");
        m.remove("iv");
        return m;
    }

    /** FFmpeg's own fetch of a key: answered from avline's key (fetched once, checked). */
    private byte[] key(String url, Map<String, String> options, NestedOpens.Fetcher fetcher) throws NestedOpens.Refused {
        String uri = UrlPolicy.stripCrypto(url);
        byte[] k = keyBytes(uri, options, fetcher);
        if (k == null) throw new NestedOpens.Refused("key " + Urls.redact(uri) + ": " + keyFailures.get(uri));
        return k;
    }

    /** The key, fetched with attempts the first time; null (reason in {@link #keyFailures}) when it cannot be had. */
    private byte[] keyBytes(String uri, Map<String, String> options, NestedOpens.Fetcher fetcher) {
        byte[] k = session.key(uri);
        if (k != null) return k;
        if (keyFailures.containsKey(uri)) return null;
        Map<String, String> plain = withoutCryptoOptions(options);
        plain.remove("offset");
        plain.remove("end_offset");
        Fetched f = fetch(uri, plain, fetcher, settings.maxKeyBytes(), false);
        if (f.result.complete() && f.result.body().length == AES_KEY_BYTES) {
            session.keyFetched(uri, f.result.body());
            return f.result.body();
        }
        boolean permanent = f.result.tooLarge() || permanent(f.result.error()) || f.result.complete();
        String why = f.result.complete() ? "not an AES-128 key (" + f.result.body().length + " bytes)"
                : describe(f.result, settings.maxKeyBytes());
        LOG.warn("key {} unavailable: {}", Urls.redact(uri), why);
        keyFailures.put(uri, why);
        keyFailurePermanent.put(uri, permanent);
        return null;
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
            String why = "playlist reload " + Urls.redact(url) + ": " + describe(f.result, settings.maxPlaylistBytes());
            // After a failed reload FFmpeg's demuxer either ends or lingers with the error latched in
            // its segment reader (reloads work, no packet comes out): end it now and re-open.
            if (!interrupt.triggered()) {
                session.abort(why);
                interrupt.interrupt(why);
            }
            throw new NestedOpens.Refused(why);
        }
        byte[] body = f.result.body();
        if (!Playlist.looksLikePlaylist(body)) return body;
        Playlist p = Playlist.parse(body, f.result.location() != null ? f.result.location() : url);
        if (session.wentBack(p)) {
            // The old numbering ends here for this demuxer (it finishes what it has); a new one starts fresh.
            session.restartRequested("the media sequence went back to " + p.mediaSequence + ".." + p.lastSequence()
                    + ": the origin restarted its numbering");
            return session.endedPlaylist();
        }
        session.learn(p);
        if (p.master) return p.rewrite(start);
        long boundary = session.boundaryAfter(start);
        if (boundary != Long.MAX_VALUE && p.lastSequence() >= boundary) session.cutAt(boundary);
        return p.rewrite(start, List.of(), boundary);
    }

    /** One resource with avline's attempts on top of FFmpeg's reconnects. */
    private Fetched fetch(String url, Map<String, String> options, NestedOpens.Fetcher fetcher, long cap, boolean progress) {
        UrlFetch.Progress onBytes = progress ? total -> interrupt.armDeadline(stallNanos) : null;
        return fetchWithAttempts(settings.fetchAttempts(), interrupt, whileWaiting,
                () -> fetcher.fetch(url, options, cap, onBytes), Urls.redact(url));
    }

    record Fetched(UrlFetch.Result result, int attempts) {
    }

    interface Attempt {
        UrlFetch.Result run();
    }

    /** Up to {@code attempts} tries, 100 ms × n apart; {@code whileWaiting} runs during the pauses. */
    static Fetched fetchWithAttempts(int attempts, IoInterrupt interrupt, Runnable whileWaiting, Attempt attempt,
                                     String shownUrl) {
        UrlFetch.Result r = null;
        int i = 0;
        while (i < attempts) {
            i++;
            r = attempt.run();
            if (r.complete() || r.tooLarge() || permanent(r.error()) || interrupt.triggered()) break;
            LOG.info("fetch {} incomplete (attempt {} of {}): {}", shownUrl, i, attempts, describe(r, 0));
            if (i < attempts) pause(interrupt, whileWaiting, 100L * i);
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

    private static void pause(IoInterrupt interrupt, Runnable whileWaiting, long ms) {
        long end = System.nanoTime() + ms * 1_000_000;
        while (System.nanoTime() - end < 0 && !interrupt.triggered()) {
            whileWaiting.run();
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
