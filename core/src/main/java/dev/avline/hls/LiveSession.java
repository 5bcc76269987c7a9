package dev.avline.hls;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.DoubleSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.avline.JobContext;
import dev.avline.events.Gap;
import dev.avline.events.PolicyRefusal;
import dev.avline.events.SegmentFetched;
import dev.avline.ffi.Urls;

/**
 * What a live recording knows across re-opens of its input: the segments the playlists listed
 * (URI, duration, key, init section), which media sequence numbers it has handed to a demuxer (so
 * none is fetched or written twice), why a segment failed, the AES keys it fetched, and which
 * refusals were already reported. It reports each loss exactly once, as a {@link Gap}, when the
 * recording continues after it.
 *
 * <p>It also decides where each demuxer starts and where it must stop: a demuxer cannot cross a
 * boundary (an {@code #EXT-X-DISCONTINUITY}, a new {@code EXT-X-MAP}): the codec parameters may
 * change there, and libavformat keeps the first init section and the first stream parameters for
 * good. So a demuxer's playlist ends before the next boundary, and a fresh demuxer starts at it.
 *
 * <p>Called from the recording's thread only (the demuxer's nested opens run there too).
 */
final class LiveSession {
    private static final Logger LOG = LoggerFactory.getLogger(LiveSession.class);
    private static final int MEMORY = 2000; // segments remembered behind the newest
    private static final int GIVE_UP_AFTER_FAILURES = 3;
    private static final int KEYS_REMEMBERED = 64;

    private final JobContext context;
    private final UrlPolicy policy;
    private final String referrer;
    private DoubleSupplier outputSeconds = () -> 0;
    private final Map<String, Long> sequenceByUrl = new HashMap<>();
    private final TreeMap<Long, Playlist.Segment> listed = new TreeMap<>();
    private final TreeMap<Long, String> failures = new TreeMap<>();
    private final Map<Long, long[]> transientFailures = new HashMap<>(); // sequence → {failures, first failure nanoTime}
    private final Set<Long> placeholders = new HashSet<>();
    private final Set<String> keys = new HashSet<>();
    private final Set<String> inits = new HashSet<>();
    private final Set<String> reportedRefusals = new HashSet<>();
    private final Map<String, byte[]> keyBytes = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
            return size() > KEYS_REMEMBERED;
        }
    };
    private long lastDelivered = -1;   // consumed by a demuxer: the next segment was opened after it
    private long pending = -1;         // handed to the demuxer, maybe not consumed when an attempt dies
    private byte[] pendingBody;
    private long newestListed = -1;
    private long nextStart = Long.MIN_VALUE; // where the next demuxer starts after a clean end at a boundary
    private boolean fromOldest;              // after a restart of the numbering: start at the oldest listed
    private long cut = Long.MAX_VALUE;       // the boundary the current demuxer's playlist ends before
    private String restart;                  // why the current demuxer was ended for a restart of the numbering
    private double targetDuration;
    private volatile boolean endList;
    private volatile String abortReason;
    private int gaps;

    LiveSession(JobContext context, UrlPolicy policy, String referrer) {
        this.context = context;
        this.policy = policy;
        this.referrer = referrer;
    }

    void outputSeconds(DoubleSupplier s) {
        this.outputSeconds = s;
    }

    // ------------------------------------------------------------------ playlists

    /**
     * True when {@code p} numbers its segments far below what was already handed over: the origin
     * restarted its media sequence (a new packager, a failover). A playlist only a little behind
     * (a stale cache, a slower edge) is not a restart: its segments are simply old.
     */
    boolean wentBack(Playlist p) {
        long handed = Math.max(lastDelivered, pending);
        return !p.master && handed >= 0 && !p.segments.isEmpty()
                && p.lastSequence() < handed - Math.max(3, p.segments.size());
    }

    /**
     * Forgets the old numbering (nothing is compared across it): what was listed under it and never
     * handed over is reported lost now, and the next demuxer starts at the oldest segment listed
     * under the new numbering.
     */
    void restartNumbering(String why) {
        long handed = Math.max(lastDelivered, pending);
        LOG.info("{}: {}", context.name(), why);
        if (newestListed > handed && handed >= 0) {
            for (long s = handed + 1; s <= newestListed; s++) {
                failures.putIfAbsent(s, "listed before the origin restarted its numbering, never fetched");
            }
            reportGap(handed + 1, newestListed);
        }
        sequenceByUrl.clear();
        listed.clear();
        failures.clear();
        transientFailures.clear();
        placeholders.clear();
        lastDelivered = -1;
        pending = -1;
        pendingBody = null;
        newestListed = -1;
        nextStart = Long.MIN_VALUE;
        cut = Long.MAX_VALUE;
        fromOldest = true;
    }

    /** Learns a media playlist: its segments, keys, init sections; reports URLs the policy refuses. */
    void learn(Playlist p) {
        for (String uri : p.allUris()) checkReported(uri);
        if (p.master) return;
        if (p.targetDuration > 0) targetDuration = p.targetDuration;
        for (Playlist.Segment s : p.segments) {
            String refused = policy.refusal(s.uri(), referrer);
            if (refused != null) failures.put(s.sequence(), "refused by the URL policy: " + refused);
            sequenceByUrl.put(UrlPolicy.stripCrypto(s.uri()), s.sequence());
            listed.put(s.sequence(), s);
            newestListed = Math.max(newestListed, s.sequence());
        }
        keys.addAll(p.keyUris);
        inits.addAll(p.mapUris);
        if (p.endList) endList = true;
        long forget = newestListed - MEMORY;
        if (forget > 0) {
            listed.headMap(forget).clear();
            failures.headMap(forget).clear();
            transientFailures.keySet().removeIf(v -> v < forget);
            placeholders.removeIf(v -> v < forget);
            sequenceByUrl.values().removeIf(v -> v < forget);
        }
    }

    /** Null when the policy allows {@code url}; else the reason, reported once per URL. */
    String checkReported(String url) {
        String why = policy.refusal(url, referrer);
        if (why != null && reportedRefusals.add(url)) {
            String shown = Urls.redact(url);
            LOG.warn("{}: refused {}: {}", context.name(), shown, why);
            context.emit(new PolicyRefusal(Instant.now(), shown, why));
        }
        return why;
    }

    Long sequenceOf(String url) {
        return sequenceByUrl.get(UrlPolicy.stripCrypto(url));
    }

    /** The segment as its playlist listed it, or null. */
    Playlist.Segment segment(long sequence) {
        return listed.get(sequence);
    }

    boolean isKey(String url) {
        return keys.contains(UrlPolicy.stripCrypto(url));
    }

    boolean isInit(String url) {
        return inits.contains(UrlPolicy.stripCrypto(url));
    }

    // ------------------------------------------------------------------ where a demuxer starts and ends

    /**
     * Where the next demuxer starts in {@code p}: the segment handed over last (its packets may not
     * all have been read when the previous attempt died; the recorder drops those it already
     * wrote), else the first one not handed over; on the first open, {@code liveStartIndex} from
     * the end of the playlist (negative) or from its start.
     */
    long startFor(Playlist p, int liveStartIndex) {
        if (pending >= 0) return pending;
        if (lastDelivered >= 0) return Math.max(lastDelivered + 1, nextStart);
        if (nextStart != Long.MIN_VALUE) return nextStart;
        if (fromOldest || p.segments.isEmpty()) return p.mediaSequence;
        return liveStartIndex < 0 ? Math.max(p.mediaSequence, p.lastSequence() + 1 + liveStartIndex)
                : Math.min(p.mediaSequence + liveStartIndex, p.lastSequence());
    }

    /** True when a demuxer starting at {@code start} gets the pending segment again (its packets are de-duplicated). */
    boolean redelivers(long start) {
        return pending >= 0 && start == pending;
    }

    /**
     * Segments to put before what {@code p} lists, for a demuxer starting at {@code start}: the
     * pending segment when it has left the origin's window meanwhile (its body is in memory, so
     * nothing handed over is lost), then stand-ins for any segment that expired after it, which
     * the hook refuses (they are reported lost). Empty when {@code start} is still listed.
     */
    List<Playlist.Segment> carriedFor(Playlist p, long start) {
        if (p.segments.isEmpty() || start >= p.mediaSequence || !redelivers(start) || pendingBody == null) return List.of();
        Playlist.Segment mine = listed.get(pending);
        if (mine == null) return List.of();
        List<Playlist.Segment> carried = new ArrayList<>();
        carried.add(mine.decrypted()); // the body in memory was decrypted when it was fetched
        for (long s = pending + 1; s < p.mediaSequence; s++) {
            Playlist.Segment known = listed.get(s);
            String uri = known != null ? known.uri() : mine.uri() + "#avline-expired-" + s;
            double d = known != null ? known.duration() : typicalDuration();
            carried.add(Playlist.Segment.placeholder(s, uri, d, mine.mapUri(), mine.mapLine()));
            sequenceByUrl.put(UrlPolicy.stripCrypto(uri), s);
            placeholders.add(s);
            failures.putIfAbsent(s, "expired from the playlist before it could be fetched");
        }
        return carried;
    }

    /** A stand-in for a segment that expired: never fetched. */
    boolean isPlaceholder(long sequence) {
        return placeholders.contains(sequence);
    }

    /**
     * The first boundary after {@code start} among the segments known (an {@code
     * #EXT-X-DISCONTINUITY}, or an init section other than the previous segment's), or
     * {@code Long.MAX_VALUE}. A demuxer started at {@code start} must end before it.
     */
    long boundaryAfter(long start) {
        Playlist.Segment previous = listed.get(start);
        for (Playlist.Segment s : listed.tailMap(start, false).values()) {
            boolean mapChanged = previous != null && previous.sequence() == s.sequence() - 1
                    && !Objects.equals(previous.mapUri(), s.mapUri());
            if (s.discontinuity() || mapChanged) return s.sequence();
            previous = s;
        }
        return Long.MAX_VALUE;
    }

    /** The current demuxer's playlist ends before {@code boundary}. */
    void cutAt(long boundary) {
        cut = boundary;
    }

    /**
     * Called when a demuxer ended by itself: true when it ended at a cut (everything handed to it
     * was consumed, the next demuxer starts at the boundary), and then forgets the cut.
     */
    boolean endedAtCut() {
        if (cut == Long.MAX_VALUE) return false;
        long at = cut;
        cut = Long.MAX_VALUE;
        if (pending >= 0) lastDelivered = Math.max(lastDelivered, pending);
        pending = -1;
        pendingBody = null;
        nextStart = at;
        return true;
    }

    /** Forgets a cut that a demuxer did not reach (it failed before). */
    void clearCut() {
        cut = Long.MAX_VALUE;
    }

    /** The current demuxer must end for a restart of the numbering; it was given an ended playlist. */
    void restartRequested(String why) {
        restart = why;
    }

    /** True while a restart of the numbering is requested and not yet taken. */
    boolean restartPending() {
        return restart != null;
    }

    /** Why a restart of the numbering was requested (read once), or null. */
    String takeRestart() {
        String r = restart;
        restart = null;
        return r;
    }

    /**
     * The playlist that ends a demuxer at once, cleanly, in the numbering it knows: the segment it
     * got last, then {@code #EXT-X-ENDLIST} (it has already opened past it, so it finishes).
     */
    byte[] endedPlaylist() {
        long handed = Math.max(lastDelivered, pending);
        Playlist.Segment s = handed >= 0 ? listed.get(handed) : null;
        StringBuilder b = new StringBuilder("#EXTM3U\n#EXT-X-TARGETDURATION:")
                .append((long) Math.max(1, Math.ceil(targetDuration))).append('\n');
        b.append("#EXT-X-MEDIA-SEQUENCE:").append(Math.max(0, handed)).append('\n');
        if (s != null) {
            if (s.mapLine() != null) b.append(s.mapLine()).append('\n');
            b.append(String.format(java.util.Locale.ROOT, "#EXTINF:%.6f,\n", s.duration())).append(s.uri()).append('\n');
        }
        return b.append("#EXT-X-ENDLIST\n").toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------ segments

    /** True for segments a demuxer has consumed: never fetched or written again. */
    boolean alreadyDelivered(long sequence) {
        return lastDelivered >= 0 && sequence <= lastDelivered;
    }

    /** The body of the segment handed over last, when {@code sequence} is that one (a re-delivery), else null. */
    byte[] pendingBody(long sequence) {
        return sequence == pending ? pendingBody : null;
    }

    double targetDuration() {
        return targetDuration;
    }

    boolean endListSeen() {
        return endList;
    }

    /** A segment arrived whole and goes to the demuxer: reports the loss before it, if any, then the segment. */
    void delivered(long sequence, String url, byte[] body, int retries) {
        long bytes = body.length;
        long before = pending >= 0 ? pending : lastDelivered;
        if (before < 0 && nextStart != Long.MIN_VALUE) before = nextStart - 1;
        if (before >= 0 && sequence > before + 1) reportGap(before + 1, sequence - 1);
        if (pending >= 0 && pending < sequence) lastDelivered = pending; // the demuxer moved past it
        pending = sequence;
        pendingBody = body;
        transientFailures.remove(sequence);
        Playlist.Segment s = listed.get(sequence);
        context.emit(new SegmentFetched(Instant.now(), Urls.redact(url), sequence,
                bytes, retries, s == null ? 0.0 : s.duration()));
    }

    /** A segment that will not be recorded (the origin refused it, or it failed too often). */
    void failed(long sequence, String reason) {
        failures.put(sequence, reason);
    }

    /**
     * Records a failure that another attempt may fix; true while the segment is worth another
     * re-open. Retries are fast (sub-second), so giving up is decided by count and time together:
     * at least {@value #GIVE_UP_AFTER_FAILURES} failures over at least twice the target duration
     * (2 s at least). A segment that fails while the whole origin is down is not tried again until
     * a playlist loads, so an outage does not use up its chances; one the origin drops from the
     * playlist meanwhile is lost as expired.
     */
    boolean failedTransiently(long sequence, String reason) {
        failures.put(sequence, reason);
        long now = System.nanoTime();
        long[] f = transientFailures.computeIfAbsent(sequence, s -> new long[] {0, now});
        f[0]++;
        long patienceNanos = (long) (Math.max(2.0, 2 * targetDuration) * 1e9);
        return f[0] < GIVE_UP_AFTER_FAILURES || now - f[1] < patienceNanos;
    }

    /** A key fetched whole (16 bytes for AES-128), or null. */
    byte[] key(String uri) {
        return keyBytes.get(uri);
    }

    void keyFetched(String uri, byte[] key) {
        keyBytes.put(uri, key.clone());
    }

    void forgetKey(String uri) {
        keyBytes.remove(uri);
    }

    private double typicalDuration() {
        if (listed.isEmpty()) return targetDuration;
        return listed.tailMap(listed.lastKey() - 5).values().stream().mapToDouble(Playlist.Segment::duration)
                .filter(d -> d > 0).average().orElse(targetDuration);
    }

    private void reportGap(long first, long last) {
        double lost = 0;
        boolean estimated = false;
        // Segments never listed are estimated from the latest known durations (else the target duration).
        double typical = typicalDuration();
        Map<String, Integer> reasons = new LinkedHashMap<>();
        for (long s = first; s <= last; s++) {
            Playlist.Segment seg = listed.get(s);
            if (seg == null || seg.duration() <= 0) {
                estimated = true;
                lost += typical;
            } else {
                lost += seg.duration();
            }
            String why = failures.getOrDefault(s, "expired from the playlist before it could be fetched");
            reasons.merge(why, 1, Integer::sum);
        }
        String reason = String.join("; ", reasons.keySet());
        gaps++;
        LOG.warn("{}: lost segments {}..{} ({} s): {}", context.name(), first, last, String.format("%.3f", lost), reason);
        context.emit(new Gap(Instant.now(), first, last, lost, estimated, outputSeconds.getAsDouble(), reason));
    }

    int gaps() {
        return gaps;
    }

    /** Asks for a re-open (set by a nested open that gave up on the network); read once. */
    void abort(String reason) {
        abortReason = reason;
    }

    String takeAbortReason() {
        String r = abortReason;
        abortReason = null;
        return r;
    }
}
