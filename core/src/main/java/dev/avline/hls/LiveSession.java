package dev.avline.hls;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
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
 * What a live recording knows across re-opens of its input: which media sequence numbers it has
 * handed to a demuxer (so none is fetched or written twice), the segments the playlists listed
 * (URL, duration), why a segment failed, and which refusals were already reported. It reports each
 * loss exactly once, as a {@link Gap}, when the recording continues after it.
 *
 * <p>Called from the recording's thread only (the demuxer's nested opens run there too).
 */
final class LiveSession {
    private static final Logger LOG = LoggerFactory.getLogger(LiveSession.class);
    private static final int MEMORY = 2000; // segments remembered behind the newest
    private static final int GIVE_UP_AFTER_FAILURES = 3;

    private final JobContext context;
    private final UrlPolicy policy;
    private final String referrer;
    private DoubleSupplier outputSeconds = () -> 0;
    private final Map<String, Long> sequenceByUrl = new HashMap<>();
    private final TreeMap<Long, Double> durations = new TreeMap<>();
    private final TreeMap<Long, String> failures = new TreeMap<>();
    private final Map<Long, long[]> transientFailures = new HashMap<>(); // sequence → {failures, first failure nanoTime}
    private final Set<String> keys = new HashSet<>();
    private final Set<String> inits = new HashSet<>();
    private final Set<String> reportedRefusals = new HashSet<>();
    private long lastDelivered = -1;   // consumed by a demuxer: the next segment was opened after it
    private long pending = -1;         // handed to the demuxer, maybe not consumed when an attempt dies
    private byte[] pendingBody;
    private long newestListed = -1;
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

    /** Learns a media playlist: its segments, keys, init sections; reports URLs the policy refuses. */
    void learn(Playlist p) {
        for (String uri : p.allUris()) checkReported(uri);
        if (p.master) return;
        if (p.targetDuration > 0) targetDuration = p.targetDuration;
        if (lastDelivered >= 0 && !p.segments.isEmpty() && p.lastSequence() < lastDelivered - Math.max(3, p.segments.size())) {
            // The origin restarted its numbering: a new sequence space, nothing to compare with.
            LOG.info("media sequence went back from {} to {}: the origin restarted", lastDelivered, p.lastSequence());
            sequenceByUrl.clear();
            durations.clear();
            failures.clear();
            transientFailures.clear();
            lastDelivered = -1;
            pending = -1;
            pendingBody = null;
            newestListed = -1;
        }
        for (Playlist.Segment s : p.segments) {
            String refused = policy.refusal(s.uri(), referrer);
            if (refused != null) failures.put(s.sequence(), "refused by the URL policy: " + refused);
            sequenceByUrl.put(UrlPolicy.stripCrypto(s.uri()), s.sequence());
            durations.put(s.sequence(), s.duration());
            newestListed = Math.max(newestListed, s.sequence());
        }
        keys.addAll(p.keyUris);
        inits.addAll(p.mapUris);
        if (p.endList) endList = true;
        long forget = newestListed - MEMORY;
        if (forget > 0) {
            durations.headMap(forget).clear();
            failures.headMap(forget).clear();
            transientFailures.keySet().removeIf(v -> v < forget);
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

    boolean isKey(String url) {
        return keys.contains(UrlPolicy.stripCrypto(url));
    }

    boolean isInit(String url) {
        return inits.contains(UrlPolicy.stripCrypto(url));
    }

    /**
     * Where a re-opened demuxer starts: the segment handed over last (its packets may not all have
     * been read when the previous attempt died; the recorder drops those it already wrote), or the
     * first not yet handed over. MIN_VALUE before any.
     */
    long floor() {
        if (pending >= 0) return pending;
        return lastDelivered < 0 ? Long.MIN_VALUE : lastDelivered + 1;
    }

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
        if (before >= 0 && sequence > before + 1) reportGap(before + 1, sequence - 1);
        if (pending >= 0 && pending < sequence) lastDelivered = pending; // the demuxer moved past it
        pending = sequence;
        pendingBody = body;
        transientFailures.remove(sequence);
        context.emit(new SegmentFetched(Instant.now(), Urls.redact(url), sequence,
                bytes, retries, durations.getOrDefault(sequence, 0.0)));
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

    private void reportGap(long first, long last) {
        double lost = 0;
        boolean estimated = false;
        // Segments never listed are estimated from the latest known durations (else the target duration).
        double typical = durations.isEmpty() ? targetDuration
                : durations.tailMap(Math.max(durations.firstKey(), durations.lastKey() - 5)).values().stream()
                        .mapToDouble(Double::doubleValue).average().orElse(targetDuration);
        Map<String, Integer> reasons = new LinkedHashMap<>();
        for (long s = first; s <= last; s++) {
            Double d = durations.get(s);
            if (d == null || d <= 0) {
                estimated = true;
                lost += typical;
            } else {
                lost += d;
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
