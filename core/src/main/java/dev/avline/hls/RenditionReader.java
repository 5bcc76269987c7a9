package dev.avline.hls;

import java.time.Instant;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.avline.events.Gap;
import dev.avline.events.SegmentFetched;
import dev.avline.events.Waiting;
import dev.avline.ffi.AvError;
import dev.avline.ffi.FfmpegException;
import dev.avline.ffi.Urls;

/**
 * Reads one media playlist of a live recording (the variant, or an alternate audio rendition) and
 * hands its segments, whole and checked, to the demuxers that read them. It reloads the playlist
 * as RFC 8216 §6.3.4 says (after a target duration when it changed, half of one when it did not),
 * fetches each segment through the {@link HttpFetcher} (its init section and AES-128 key first),
 * decrypts it in place, and keeps the state in a {@link SegmentLedger}. It runs on the recording's
 * thread, inside the demuxer's read callback ({@link SegmentFeed}): a demuxer never sees the
 * network, only complete segments or the end of its run.
 *
 * <p>A run is what one demuxer reads: segments that continue one another (same discontinuity
 * sequence, same init section). At a boundary {@link #advance()} answers {@link Advance#BOUNDARY}
 * and keeps the next segment for the next run ({@link #prepareRun()}).
 */
final class RenditionReader {
    private static final Logger LOG = LoggerFactory.getLogger(RenditionReader.class);

    enum Advance { BODY, BOUNDARY, END }

    /**
     * The start of a run.
     *
     * @param format the demuxer to use, or null to let FFmpeg probe
     * @param init the init section's bytes, fed before the segments, or null
     * @param startTime90k for packed audio, the first sample's 90 kHz time from its ID3 tag; else -1
     * @param first its first segment
     */
    record Run(String format, byte[] init, long startTime90k, MediaSegment first) {
    }

    private final LiveContext live;
    private final String name;
    private final String playlistUrl;
    private final String referrer;
    private final Map<String, String> importable;
    private final SegmentLedger ledger;
    private final BodyBuffer body = new BodyBuffer();
    private BodyBuffer playlistBody = new BodyBuffer();
    private BodyBuffer previousPlaylist = new BodyBuffer(); // the last one parsed: an identical reload is not parsed again
    private final KeyRing keys = new KeyRing();
    private final java.util.function.DoubleSupplier outputSeconds;
    private String baseUrl;
    private boolean loaded;
    private boolean endListWas;
    private long nextReloadNanos;
    private long lastNewSegmentNanos = System.nanoTime();
    private long backoffMillis;
    // the segment fetched and not yet fed
    private MediaSegment ready;
    private int readyOffset;
    private int readyLength;
    private long readyTime90k = -1;
    private int readyAttempts;
    private InitSection init;
    private byte[] initBytes;
    // what the demuxer reads now
    private boolean runOpen;
    private int readOffset;
    private int readEnd;
    private RuntimeException fatal;
    private boolean waitingReported;

    /**
     * @param first the playlist as already loaded (the recorder read it to tell master from media), or null
     * @param referrer the master playlist's URL, or null
     */
    RenditionReader(LiveContext live, String name, String playlistUrl, String referrer, Map<String, String> importable,
                    MediaPlaylist first, java.util.function.DoubleSupplier outputSeconds) {
        this.live = live;
        this.name = name;
        this.playlistUrl = playlistUrl;
        this.referrer = referrer;
        this.importable = importable;
        this.outputSeconds = outputSeconds;
        this.ledger = new SegmentLedger(live.settings.liveStartIndex());
        this.backoffMillis = initialBackoff();
        if (first != null) accept(first, System.nanoTime());
    }

    String name() {
        return name;
    }

    SegmentLedger ledger() {
        return ledger;
    }

    /** The failure that ended this reader inside a demuxer's read (rethrown by the recorder), or null. */
    RuntimeException fatal() {
        return fatal;
    }

    // ------------------------------------------------------------------ runs and bytes

    /** Waits for the first segment of the next run and feeds it; null when the playlist has ended (or stop). */
    Run prepareRun() {
        runOpen = false;
        if (ready == null && !fetchNext()) return null;
        byte[] runInit = ready.map() != null ? initBytes : null;
        String format = runInit != null ? SegmentFormat.detect(runInit, 0, runInit.length)
                : SegmentFormat.detect(body.array(), readyOffset, readyLength);
        Run run = new Run(format, runInit, readyTime90k, ready);
        feedReady();
        runOpen = true;
        return run;
    }

    /**
     * Makes the next segment of the current run readable ({@link #bytes()} from {@link #readOffset()}
     * to {@link #readEnd()}), or says why there is none: a boundary (the next run starts with it) or
     * the end. Blocks while the playlist has nothing new; a failure that ends the recording is kept
     * ({@link #fatal()}) and reported as the end.
     */
    Advance advance() {
        try {
            if (ready == null && !fetchNext()) return Advance.END;
            if (runOpen && ledger.startsNewRun(ready)) return Advance.BOUNDARY;
            feedReady();
            return Advance.BODY;
        } catch (RuntimeException e) {
            fatal = e;
            return Advance.END;
        }
    }

    byte[] bytes() {
        return body.array();
    }

    int readOffset() {
        return readOffset;
    }

    int readEnd() {
        return readEnd;
    }

    void consumed(int n) {
        readOffset += n;
    }

    private void feedReady() {
        MediaSegment s = ready;
        SegmentLedger.Loss loss = ledger.fed(s.sequence());
        if (loss != null) reportGap(loss);
        live.job.emit(new SegmentFetched(Instant.now(), Urls.redact(s.uri()), s.sequence(), readyLength,
                readyAttempts - 1, s.duration(), s.programDateTime()));
        readOffset = readyOffset;
        readEnd = readyOffset + readyLength;
        ready = null;
        backoffMillis = initialBackoff();
    }

    /** Reports what was lost after the last segment fed (at the end of the recording). */
    void finish() {
        SegmentLedger.Loss loss = ledger.finish();
        if (loss != null) reportGap(loss);
    }

    private void reportGap(SegmentLedger.Loss l) {
        LOG.warn("{}: lost {} segments {}..{} ({} s): {}", live.job.name(), name, l.first(), l.last(),
                String.format("%.3f", l.seconds()), l.reason());
        live.job.emit(new Gap(Instant.now(), l.first(), l.last(), l.seconds(), l.estimated(), outputSeconds.getAsDouble(), l.reason()));
    }

    // ------------------------------------------------------------------ the loop

    /** Fetches the segment at the cursor, reloading and waiting as needed; false at the end (or stop). */
    private boolean fetchNext() {
        while (!live.stopped()) {
            SegmentLedger.Step step = ledger.next();
            if (step instanceof SegmentLedger.End) return false;
            if (step instanceof SegmentLedger.Wait) {
                if (ledger.cursor() < 0 && loaded && !waitingReported) {
                    waitingReported = true;
                    LOG.info("{}: {} playlist lists no segment yet: waiting", live.job.name(), name);
                    live.job.emit(new Waiting(Instant.now(), Urls.redact(playlistUrl), "the playlist lists no segment yet"));
                }
                reload(false);
                continue;
            }
            MediaSegment s = ((SegmentLedger.Fetch) step).segment();
            if (s.key() != null && s.key().unsupported() != null) throw new PlaylistException(s.key().unsupported());
            if (fetch(s)) {
                ready = s;
                ledger.fetched(s.sequence());
                return true;
            }
        }
        return false;
    }

    /** Fetches {@code s} whole (init section and key first); false when it failed (lost, or retried later). */
    private boolean fetch(MediaSegment s) {
        if (live.settings.extensionPicky() && !allowedExtension(s.uri())) {
            return failed(s, "extension_picky is on and the URL's extension is not a media extension ("
                    + ALLOWED_EXTENSIONS + ")", true);
        }
        if (s.map() != null && !s.map().sameAs(init)) {
            byte[] got = fetchInit(s);
            if (got == null) return false;
            init = s.map();
            initBytes = got;
        }
        byte[] key = null;
        if (s.key() != null) {
            key = key(s, s.key());
            if (key == null) return false;
        }
        FetchResult r = live.http.fetch(s.uri(), baseUrl, s.range(), live.settings.maxSegmentBytes(), body);
        if (!r.ok()) return failed(s, r.describe(), isPermanent(r));
        int length = body.length();
        if (key != null) {
            length = Aes128.decryptInPlace(body.array(), length, key, s.key().iv() != null ? s.key().iv() : Aes128.iv(s.sequence()));
            if (length < 0) {
                keys.forget(s.key().uri());
                return failed(s, "cannot be decrypted with the key from " + Urls.redact(s.key().uri()), false);
            }
        }
        if (PlaylistParser.looksLikePlaylist(body.array(), length)) {
            return failed(s, "a segment that is a playlist (nested playlists are refused)", true);
        }
        int id3 = Id3Timestamp.tagLength(body.array(), 0, length);
        readyTime90k = id3 > 0 ? Id3Timestamp.timestamp(body.array(), 0, length) : -1;
        readyOffset = id3;
        readyLength = length - id3;
        readyAttempts = r.attempts();
        return true;
    }

    /** FFmpeg 7.1.1's hls demuxer's {@code allowed_extensions} default, for {@code extension_picky}. */
    static final String ALLOWED_EXTENSIONS = "3gp,aac,avi,ac3,eac3,flac,mkv,m3u8,m4a,m4s,m4v,mpg,mov,mp2,mp3,mp4,mpeg,mpegts,ogg,ogv,oga,ts,vob,wav";

    private static boolean allowedExtension(String uri) {
        String path;
        try {
            path = java.net.URI.create(uri).getPath();
        } catch (IllegalArgumentException e) {
            return false;
        }
        int dot = path == null ? -1 : path.lastIndexOf('.');
        if (dot < 0 || dot < path.lastIndexOf('/')) return false;
        return java.util.Arrays.asList(ALLOWED_EXTENSIONS.split(",")).contains(path.substring(dot + 1).toLowerCase(java.util.Locale.ROOT));
    }

    private byte[] fetchInit(MediaSegment s) {
        InitSection m = s.map();
        if (m.key() != null && m.key().unsupported() != null) throw new PlaylistException(m.key().unsupported() + " (init section)");
        byte[] key = m.key() == null ? null : key(s, m.key());
        if (m.key() != null && key == null) return null;
        BodyBuffer b = new BodyBuffer();
        FetchResult r = live.http.fetch(m.uri(), baseUrl, m.range(), live.settings.maxInitBytes(), b);
        if (!r.ok()) {
            failed(s, "init section " + Urls.redact(m.uri()) + ": " + r.describe(), isPermanent(r));
            return null;
        }
        int length = b.length();
        if (key != null) {
            // RFC 8216: an encrypted init section has an IV; without one, the IV is zero (there is no sequence number)
            length = Aes128.decryptInPlace(b.array(), length, key, m.key().iv() != null ? m.key().iv() : new byte[16]);
            if (length < 0) {
                keys.forget(m.key().uri());
                failed(s, "init section cannot be decrypted with the key from " + Urls.redact(m.key().uri()), false);
                return null;
            }
        }
        return java.util.Arrays.copyOf(b.array(), length);
    }

    /** The AES-128 key, fetched once; null when it cannot be had now (the segment failed: lost or retried). */
    private byte[] key(MediaSegment s, SegmentKey k) {
        byte[] key = keys.get(k.uri());
        if (key != null) return key;
        BodyBuffer b = new BodyBuffer();
        FetchResult r = live.http.fetch(k.uri(), baseUrl, null, live.settings.maxKeyBytes(), b);
        if (r.ok() && b.length() == KeyRing.AES_KEY_BYTES) {
            key = b.copy();
            keys.put(k.uri(), key);
            return key;
        }
        String why = r.ok() ? "not an AES-128 key (" + b.length() + " bytes)" : r.describe();
        failed(s, "key " + Urls.redact(k.uri()) + ": " + why, r.ok() || isPermanent(r));
        return null;
    }

    private boolean isPermanent(FetchResult r) {
        return r.permanent(live.settings.retriedHttpStatuses()::contains);
    }

    /**
     * A segment that cannot be recorded now: lost when the failure is permanent; otherwise the
     * playlist is reloaded after a short back-off and it is tried again while it stays listed
     * (within the ledger's patience). Returns false.
     */
    private boolean failed(MediaSegment s, String why, boolean permanent) {
        if (live.stopped()) return false;
        if (permanent) {
            LOG.warn("{}: {} segment {} skipped: {}", live.job.name(), name, s.sequence(), why);
            ledger.lost(s.sequence(), why);
            return false;
        }
        live.outage.failure(name + " segment " + s.sequence() + " failed: " + why);
        if (ledger.failedTransiently(s.sequence(), why, System.nanoTime())) {
            live.checkOutageBudget(playlistUrl);
            if (live.sleep(backoff())) reload(true);
        }
        return false;
    }

    // ------------------------------------------------------------------ playlists

    /**
     * Reloads the playlist: when it is due (or at once after a failure, {@code soon}). A failed
     * reload is an outage (retried with back-off within the outage budget); the first load of the
     * recording fails at once on errors a retry cannot fix.
     */
    private void reload(boolean soon) {
        if (!soon) {
            while (System.nanoTime() - nextReloadNanos < 0) {
                noteStall();
                if (!live.sleep(Math.max(1, Math.min(50, (nextReloadNanos - System.nanoTime()) / 1_000_000)))) return;
            }
        }
        noteStall();
        if (live.stopped()) return;
        long started = System.nanoTime();
        FetchResult r = live.http.fetch(playlistUrl, referrer, null, live.settings.maxPlaylistBytes(), playlistBody);
        if (!r.ok()) {
            if (r.outcome() == FetchResult.Outcome.CANCELLED) return;
            String why = "playlist " + Urls.redact(playlistUrl) + ": " + r.describe();
            if (!loaded && isPermanent(r)) {
                throw new FfmpegException("fetch live playlist", r.avError(), playlistUrl, r.describe(), null);
            }
            retryLater(why);
            return;
        }
        if (loaded && r.finalUrl().equals(baseUrl) && sameBytes(playlistBody, previousPlaylist)) {
            nextReloadNanos = started + (long) (Math.max(0.1, ledger.targetDuration()) * 1e9) / 2; // unchanged
            return;
        }
        ParsedPlaylist parsed;
        try {
            parsed = PlaylistParser.parse(playlistBody.array(), playlistBody.length(), r.finalUrl(), importable);
        } catch (PlaylistException e) {
            if (!loaded) throw e;
            retryLater("playlist " + Urls.redact(playlistUrl) + ": " + e.getMessage());
            return;
        }
        if (!(parsed instanceof MediaPlaylist p)) {
            if (!loaded) throw new PlaylistException("a master playlist where a media playlist was expected");
            retryLater("playlist " + Urls.redact(playlistUrl) + " became a master playlist");
            return;
        }
        accept(p, started);
        BodyBuffer swap = previousPlaylist;
        previousPlaylist = playlistBody;
        playlistBody = swap;
    }

    private static boolean sameBytes(BodyBuffer a, BodyBuffer b) {
        return a.length() == b.length() && java.util.Arrays.equals(a.array(), 0, a.length(), b.array(), 0, b.length());
    }

    private void accept(MediaPlaylist p, long loadStartedNanos) {
        if (!loaded && p.skipped() > 0) {
            // RFC 8216bis §6.2.5.1: a delta update is the answer to a request with _HLS_skip, which avline
            // never makes; served first, it leaves out segments that no earlier playlist listed.
            throw new PlaylistException("the first playlist is a delta update (EXT-X-SKIP:SKIPPED-SEGMENTS=" + p.skipped()
                    + ") that avline did not ask for: the segments it leaves out were never listed in full");
        }
        loaded = true;
        baseUrl = p.url();
        SegmentLedger.Learned learned = ledger.learn(p);
        if (learned == SegmentLedger.Learned.RESTARTED) {
            LOG.info("{}: the origin restarted its media sequence ({}..{})", live.job.name(), p.firstSequence(), p.lastSequence());
        }
        boolean changed = learned != SegmentLedger.Learned.NOTHING_NEW || (p.endList() && !endListWas);
        endListWas |= p.endList();
        long target = (long) (Math.max(0.1, p.targetDuration()) * 1e9);
        nextReloadNanos = loadStartedNanos + (changed ? target : target / 2);
        if (changed) lastNewSegmentNanos = System.nanoTime();
    }

    /** A live playlist that lists nothing new for the stall timeout is an outage (the origin froze). */
    private void noteStall() {
        if (endListWas) return;
        long quiet = System.nanoTime() - lastNewSegmentNanos;
        long stall = live.settings.stallTimeout(ledger.targetDuration()).toNanos();
        if (quiet > stall) {
            live.outage.failure(name + " playlist has listed no new segment for " + quiet / 1_000_000 + " ms");
            live.checkOutageBudget(playlistUrl);
        }
    }

    private void retryLater(String why) {
        live.outage.failure(why);
        live.checkOutageBudget(playlistUrl);
        nextReloadNanos = System.nanoTime() + backoff() * 1_000_000;
    }

    private long backoff() {
        long b = backoffMillis;
        backoffMillis = Math.min(backoffMillis * 2, live.settings.reopenBackoffMax().toMillis());
        return b;
    }

    private long initialBackoff() {
        return Math.max(50, live.settings.reopenBackoffMax().toMillis() / 8);
    }
}
