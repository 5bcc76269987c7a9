package dev.avline.testkit;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What each publication index carries: which media, the timestamp of its start, its init section
 * (fragmented MP4) and whether a discontinuity precedes it. Changes always take effect at a future
 * index, so what was already published never changes. Not thread-safe: the origin guards it with
 * its timeline lock.
 */
final class MediaSchedule {
    /** First segment at 10 s, like an encoder that was running before we joined. */
    static final long TS_BASE_90K = 10L * 90000;
    /** How far a non-resetting discontinuity jumps: far enough that no client mistakes it for jitter. */
    private static final long JUMP_90K = 1000L * 90000;

    /** The media published from a publication index on. */
    record Media(LiveMediaPool pool, long firstIndex) {
    }

    private final long segment90k;
    private final boolean fmp4;
    private final TreeMap<Long, Long> epochs = new TreeMap<>();   // first index → timestamp of its start (90 kHz)
    private final TreeMap<Long, Media> media = new TreeMap<>();   // first index → media from there on
    private final TreeMap<Long, Integer> inits = new TreeMap<>(); // first index → init section number (fMP4)
    private final Map<Integer, LiveMediaPool> initPools = new HashMap<>();
    private final TreeSet<Long> discontinuities = new TreeSet<>();

    MediaSchedule(LiveMediaPool first, long segment90k, boolean fmp4) {
        this.segment90k = segment90k;
        this.fmp4 = fmp4;
        epochs.put(0L, TS_BASE_90K);
        media.put(0L, new Media(first, 0));
        if (fmp4) {
            inits.put(0L, 0);
            initPools.put(0, first);
        }
    }

    /** Where segment {@code index} starts on the media clock (90 kHz): its epoch's start plus whole segments. */
    long start90k(long index) {
        Map.Entry<Long, Long> e = epochs.floorEntry(Math.max(0, index));
        return e.getValue() + (index - e.getKey()) * segment90k;
    }

    /** A new timestamp epoch at {@code index}: back to the stream's start, or 1000 s ahead. */
    void newEpoch(long index, boolean reset) {
        epochs.put(index, reset ? TS_BASE_90K : start90k(index) + JUMP_90K);
        discontinuities.add(index);
    }

    /** Other media from {@code index} on; timestamps continue, fMP4 gets a new init section. */
    void switchMedia(long index, LiveMediaPool next) {
        media.put(index, new Media(next, index));
        discontinuities.add(index);
        if (fmp4) addInit(index, next);
    }

    /** The same media under a new init section number from {@code index} on. */
    void newInitSection(long index) {
        addInit(index, media.floorEntry(index).getValue().pool());
    }

    private void addInit(long index, LiveMediaPool pool) {
        int id = inits.lastEntry().getValue() + 1;
        inits.put(index, id);
        initPools.put(id, pool);
    }

    Media mediaAt(long index) {
        return media.floorEntry(Math.max(0, index)).getValue();
    }

    /** The init section number in force at {@code index} (fMP4). */
    int initAt(long index) {
        return inits.floorEntry(index).getValue();
    }

    /** Whether {@code index} uses another init section than {@code index - 1} (fMP4). */
    boolean initChangesAt(long index) {
        return !inits.floorEntry(index).equals(inits.floorEntry(index - 1));
    }

    /** The media whose init section is number {@code id}, or null for an unknown number. */
    LiveMediaPool initPool(int id) {
        return initPools.get(id);
    }

    boolean discontinuityAt(long index) {
        return discontinuities.contains(index);
    }

    /** Discontinuities strictly between two indexes (for EXT-X-DISCONTINUITY-SEQUENCE). */
    long discontinuitiesBetween(long fromExclusive, long toExclusive) {
        return discontinuities.subSet(fromExclusive, false, toExclusive, false).size();
    }
}
