package dev.avline.testkit;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongToIntFunction;

/**
 * The one growing file of an origin in byte-range mode ({@code #EXT-X-BYTERANGE} segments of
 * {@code stream.ts}, or of {@code stream.mp4} after its init section): where each published
 * segment lies in it. Offsets are laid out in publication order as segments are published and
 * forgotten with the segments themselves, so the table stays as small as the origin's retention.
 */
final class ByteRangeFile {
    private final long headerLength;
    private final TreeMap<Long, long[]> byIndex = new TreeMap<>(); // publication index → {offset, length}
    private final TreeMap<Long, Long> byOffset = new TreeMap<>();  // offset → publication index
    private long nextIndex;
    private long nextOffset;

    /** {@code headerLength}: bytes before the first segment (the fMP4 init section), else 0. */
    ByteRangeFile(long headerLength) {
        this.headerLength = headerLength;
        this.nextOffset = headerLength;
    }

    long headerLength() {
        return headerLength;
    }

    /** Lays out every segment up to {@code newest}, measuring each with {@code lengthOf}. */
    synchronized void extendTo(long newest, LongToIntFunction lengthOf) {
        for (; nextIndex <= newest; nextIndex++) {
            long length = lengthOf.applyAsInt(nextIndex);
            byIndex.put(nextIndex, new long[] {nextOffset, length});
            byOffset.put(nextOffset, nextIndex);
            nextOffset += length;
        }
    }

    /** {offset, length} of a laid-out segment, or null. */
    synchronized long[] span(long index) {
        long[] s = byIndex.get(index);
        return s == null ? null : s.clone();
    }

    /** The file's size so far. */
    synchronized long size() {
        return nextOffset;
    }

    /** The laid-out segment that holds byte {@code offset}, or -1 (the header, or forgotten). */
    synchronized long indexAt(long offset) {
        Map.Entry<Long, Long> e = byOffset.floorEntry(offset);
        if (e == null) return -1;
        long[] s = byIndex.get(e.getValue());
        return offset < s[0] + s[1] ? e.getValue() : -1;
    }

    /** Whether the file is still held whole (nothing forgotten yet). */
    synchronized boolean whole() {
        return byIndex.isEmpty() || byIndex.firstKey() == 0;
    }

    /** Forgets segments before {@code index} (they left the origin's retention). */
    synchronized void forgetBefore(long index) {
        while (!byIndex.isEmpty() && byIndex.firstKey() < index) {
            long[] s = byIndex.pollFirstEntry().getValue();
            byOffset.remove(s[0]);
        }
    }

    /** How many segments are laid out (for tests of the origin's own memory). */
    synchronized int laidOut() {
        return byIndex.size();
    }
}
