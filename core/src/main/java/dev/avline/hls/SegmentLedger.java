package dev.avline.hls;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The state of one media playlist in a live recording, in one place, and nothing else: which
 * segments are listed, where the recording stands (the cursor: the next segment to hand to a
 * demuxer), what was handed over, and what was lost and why. It does no I/O and reads no clock
 * (callers pass the time), so every transition can be tested directly.
 *
 * <pre>
 *   listed ──fetched──▶ fetched ──fed──▶ fed
 *     │                    (a body arrived whole)   (a demuxer has it: never fetched or written again)
 *     └──lost──▶ lost      (refused, failed past patience, expired, marked EXT-X-GAP, skipped by a delta update)
 * </pre>
 *
 * Losses are collected until the next segment is fed (or the recording ends) and then reported
 * as one {@link Loss}: a recording that continues after lost media says so exactly once.
 * Memory is bounded by the playlist: segments behind the cursor are forgotten.
 */
final class SegmentLedger {
    /** Failures of one segment before it may be given up (with {@link #patience}). */
    static final int GIVE_UP_AFTER_FAILURES = 3;

    enum Phase { LISTED, FETCHED, FED, LOST }

    /** What the recording does next. */
    sealed interface Step permits Fetch, Wait, End {
    }

    /** Fetch this segment (the one at the cursor). */
    record Fetch(MediaSegment segment) implements Step {
    }

    /** Nothing to fetch until the playlist lists more. */
    record Wait() implements Step {
    }

    /** The playlist ended ({@code #EXT-X-ENDLIST}) and everything listed was handled. */
    record End() implements Step {
    }

    private static final Step WAIT = new Wait();
    private static final Step END = new End();

    /**
     * Segments lost in a row, reported as one gap.
     *
     * @param seconds lost media time: the playlists' durations, or the program date-times around
     *        the loss when both sides have one
     * @param estimated true when some lost segments were never listed (their duration is a guess)
     */
    record Loss(long first, long last, double seconds, boolean estimated, String reason) {
    }

    /** What learning a playlist changed. */
    enum Learned { NOTHING_NEW, NEW_SEGMENTS, RESTARTED }

    private static final class Entry {
        final MediaSegment segment;
        Phase phase = Phase.LISTED;

        Entry(MediaSegment segment) {
            this.segment = segment;
        }
    }

    private final int liveStartIndex;
    private final TreeMap<Long, Entry> entries = new TreeMap<>();
    private long cursor = -1;
    private MediaSegment lastFed;
    private boolean restarted;      // the next segment fed starts after a restart of the numbering
    private boolean endList;
    private double targetDuration;
    private long newestListed = -1;
    // losses not yet reported
    private long lossFirst = -1;
    private long lossLast = -1;
    private double lossSeconds;
    private boolean lossEstimated;
    private final Map<String, Integer> lossReasons = new LinkedHashMap<>();
    private MediaSegment fedBeforeLoss;
    // failures of the segment at the cursor
    private long failing = -1;
    private int failures;
    private long firstFailureNanos;
    private String lastFailure;

    /** @param liveStartIndex where a live playlist (no EXT-X-START) starts: negative counts from its end */
    SegmentLedger(int liveStartIndex) {
        this.liveStartIndex = liveStartIndex;
    }

    // ------------------------------------------------------------------ playlists

    /** Learns a (re)loaded playlist: new segments, the start on the first one, expiry, a restart of the numbering. */
    Learned learn(MediaPlaylist p) {
        if (p.targetDuration() > 0) targetDuration = p.targetDuration();
        if (p.endList()) endList = true;
        if (p.segments().isEmpty()) return Learned.NOTHING_NEW;
        Learned result = Learned.NOTHING_NEW;
        if (lastFed != null && p.lastSequence() < lastFed.sequence() - Math.max(3, p.segments().size())) {
            restartNumbering(p);
            result = Learned.RESTARTED;
        }
        if (cursor < 0) cursor = start(p);
        if (cursor < p.firstSequence()) {
            boolean skippedByDelta = p.skipped() > 0 && cursor >= p.mediaSequence();
            loseRange(cursor, p.firstSequence() - 1, skippedByDelta
                    ? "left out of a delta update (EXT-X-SKIP) and never listed in full"
                    : "expired from the playlist before it could be fetched");
            cursor = p.firstSequence();
        }
        for (MediaSegment s : p.segments()) {
            if (s.sequence() < cursor) continue;
            if (!entries.containsKey(s.sequence())) {
                entries.put(s.sequence(), new Entry(s));
                if (result == Learned.NOTHING_NEW) result = Learned.NEW_SEGMENTS;
            }
        }
        newestListed = Math.max(newestListed, p.lastSequence());
        return result;
    }

    /**
     * Where a recording of {@code p} starts: VOD and EVENT playlists from their first segment (or
     * {@code EXT-X-START}), live ones at {@code EXT-X-START} or {@code liveStartIndex} from the end.
     */
    long start(MediaPlaylist p) {
        long first = p.firstSequence();
        long last = p.lastSequence();
        Double offset = p.startOffset();
        if (offset != null) return first + segmentAt(p, offset);
        if (p.keepsEverySegment()) return p.skipped() > 0 ? p.mediaSequence() : first;
        return liveStartIndex < 0 ? Math.max(first, last + 1 + liveStartIndex) : Math.min(first + liveStartIndex, last);
    }

    /** Index of the segment that holds {@code offset} seconds (negative: from the end). */
    private static int segmentAt(MediaPlaylist p, double offset) {
        double total = p.totalDuration();
        double t = offset < 0 ? Math.max(0, total + offset) : Math.min(offset, total);
        double at = 0;
        for (int i = 0; i < p.segments().size(); i++) {
            at += p.segments().get(i).duration();
            if (t < at) return i;
        }
        return p.segments().size() - 1;
    }

    private void restartNumbering(MediaPlaylist p) {
        for (Entry e : entries.values()) {
            if (e.phase == Phase.LISTED || e.phase == Phase.FETCHED) {
                lose(e.segment.sequence(), "listed before the origin restarted its numbering, never fetched");
            }
        }
        entries.clear();
        cursor = p.firstSequence();
        newestListed = -1;
        restarted = true;
        failing = -1;
    }

    // ------------------------------------------------------------------ what next

    /** The next step; segments marked {@code EXT-X-GAP} are lost on the way (never fetched). */
    Step next() {
        while (true) {
            if (cursor < 0) return endList ? END : WAIT;
            Entry e = entries.get(cursor);
            if (e == null) return endList && cursor > newestListed ? END : WAIT;
            if (e.segment.gap()) {
                lose(cursor, "marked EXT-X-GAP by the origin (it has no media for it)");
                continue;
            }
            return new Fetch(e.segment);
        }
    }

    /**
     * True when {@code next} cannot follow what was fed last in the same demuxer: a discontinuity,
     * another init section, a restart of the numbering, or the first segment of the recording.
     */
    boolean startsNewRun(MediaSegment next) {
        return lastFed == null || restarted || !lastFed.continuesInto(next);
    }

    // ------------------------------------------------------------------ transitions

    void fetched(long sequence) {
        Entry e = entries.get(sequence);
        if (e != null) e.phase = Phase.FETCHED;
    }

    /**
     * The segment at the cursor went to a demuxer: it is never fetched or written again.
     *
     * @return the losses before it, to report now, or null
     */
    Loss fed(long sequence) {
        Entry e = entries.get(sequence);
        if (e == null) throw new IllegalStateException("segment " + sequence + " is not listed");
        e.phase = Phase.FED;
        Loss loss = takeLoss(e.segment);
        lastFed = e.segment;
        restarted = false;
        cursor = sequence + 1;
        failing = -1;
        while (!entries.isEmpty() && entries.firstKey() < cursor) entries.pollFirstEntry(); // nothing behind the cursor is needed again
        return loss;
    }

    /** A segment that will not be recorded (refused, too large, undecryptable for good). */
    void lost(long sequence, String reason) {
        lose(sequence, reason);
    }

    /**
     * Records a failure another attempt may fix (network, 5xx, a body cut short). True while the
     * segment is worth another try: it is given up after {@value #GIVE_UP_AFTER_FAILURES}
     * failures that span at least {@link #patience()} (it is then lost with this reason).
     */
    boolean failedTransiently(long sequence, String reason, long nowNanos) {
        if (failing != sequence) {
            failing = sequence;
            failures = 0;
            firstFailureNanos = nowNanos;
        }
        failures++;
        lastFailure = reason;
        if (failures < GIVE_UP_AFTER_FAILURES || nowNanos - firstFailureNanos < patience().toNanos()) return true;
        lose(sequence, reason);
        return false;
    }

    /** How long a failing segment is tried: twice the target duration, at least 2 s. */
    Duration patience() {
        return Duration.ofMillis((long) (Math.max(2.0, 2 * targetDuration) * 1000));
    }

    /** The losses not reported yet (at the end of a recording), or null. */
    Loss finish() {
        return takeLoss(null);
    }

    private void lose(long sequence, String reason) {
        Entry e = entries.get(sequence);
        if (e != null) e.phase = Phase.LOST;
        double d = e != null ? e.segment.duration() : typicalDuration();
        if (lossFirst < 0) {
            lossFirst = sequence;
            fedBeforeLoss = lastFed;
        }
        lossLast = sequence;
        lossSeconds += d;
        lossEstimated |= e == null;
        lossReasons.merge(reason, 1, Integer::sum);
        if (sequence >= cursor) cursor = sequence + 1;
        if (failing == sequence) failing = -1;
        entries.remove(sequence);
    }

    private void loseRange(long first, long last, String reason) {
        for (long s = first; s <= last; s++) lose(s, reason);
    }

    private Loss takeLoss(MediaSegment next) {
        if (lossFirst < 0) return null;
        double seconds = lossSeconds;
        MediaSegment before = fedBeforeLoss;
        if (next != null && before != null && next.programDateTime() != null && before.programDateTime() != null) {
            double between = Duration.between(before.programDateTime(), next.programDateTime()).toNanos() / 1e9 - before.duration();
            if (between > 0) seconds = between;
        }
        Loss l = new Loss(lossFirst, lossLast, seconds, lossEstimated, String.join("; ", lossReasons.keySet()));
        lossFirst = -1;
        lossLast = -1;
        lossSeconds = 0;
        lossEstimated = false;
        lossReasons.clear();
        fedBeforeLoss = null;
        return l;
    }

    private double typicalDuration() {
        double sum = 0;
        int n = 0;
        for (Entry e : entries.descendingMap().values()) {
            if (e.segment.duration() > 0) {
                sum += e.segment.duration();
                if (++n == 5) break;
            }
        }
        if (n == 0 && lastFed != null && lastFed.duration() > 0) return lastFed.duration();
        return n == 0 ? targetDuration : sum / n;
    }

    // ------------------------------------------------------------------ reading

    long cursor() {
        return cursor;
    }

    MediaSegment lastFed() {
        return lastFed;
    }

    boolean endListSeen() {
        return endList;
    }

    double targetDuration() {
        return targetDuration;
    }

    /** Why the segment at the cursor failed last, or null. */
    String lastFailure() {
        return lastFailure;
    }

    Phase phase(long sequence) {
        Entry e = entries.get(sequence);
        return e == null ? null : e.phase;
    }

    /** Segments remembered (bounded by the playlist's window). */
    int size() {
        return entries.size();
    }
}
