package dev.avline.testkit;

import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The bytes of each segment as served, made on first request (muxing costs) and then kept while the
 * origin may still serve it, so that every request (and {@link LiveHlsOrigin#segmentBytes}) sees
 * identical bytes: a cut-short response followed by a range request must resume the same body.
 * Segments that left the origin's retention are dropped ({@link #retainFrom}): a live origin
 * running for hours holds a window's worth, not everything it ever served.
 */
final class SegmentStore {
    private final Object timelineLock;
    private final MediaSchedule schedule;
    private final SequenceNumbering numbering;
    private final SegmentCipher cipher;
    private final boolean fmp4;
    private final ConcurrentSkipListMap<Long, byte[]> cache = new ConcurrentSkipListMap<>(); // by publication index
    private volatile long retainFrom = Long.MIN_VALUE;

    /** {@code timelineLock} guards {@code schedule} and {@code numbering}. */
    SegmentStore(Object timelineLock, MediaSchedule schedule, SequenceNumbering numbering, SegmentCipher cipher,
                 boolean fmp4) {
        this.timelineLock = timelineLock;
        this.schedule = schedule;
        this.numbering = numbering;
        this.cipher = cipher;
        this.fmp4 = fmp4;
    }

    byte[] bytesAt(long index) {
        // one that is no longer retained is made again for the caller, not kept
        if (index < retainFrom) return mux(index);
        return cache.computeIfAbsent(index, this::mux);
    }

    /** Drops every segment before {@code index}: the origin will not serve them again. */
    void retainFrom(long index) {
        if (index <= retainFrom) return;
        retainFrom = index;
        cache.headMap(index).clear();
    }

    /** How many segments are held (for tests of the origin's own memory). */
    int size() {
        return cache.size();
    }

    /**
     * Drops a segment made early (asked for before it was published) because the timeline
     * changed at it.
     */
    void forget(long index) {
        cache.remove(index);
    }

    private byte[] mux(long index) {
        MediaSchedule.Media m;
        long base;
        long sequence;
        synchronized (timelineLock) {
            m = schedule.mediaAt(index);
            base = schedule.start90k(index);
            sequence = numbering.sequenceOf(index);
        }
        // the pool holds a few segments' worth of media and loops it
        int poolIndex = (int) Math.floorMod(index - m.firstIndex(), (long) m.pool().segmentCount());
        byte[] clear;
        synchronized (m.pool()) { // a pool's muxer is single-threaded
            clear = fmp4 ? m.pool().muxFmp4(poolIndex, base) : m.pool().muxTs(poolIndex, base);
        }
        return cipher.enabled() ? cipher.encrypt(clear, index, sequence) : clear;
    }
}
