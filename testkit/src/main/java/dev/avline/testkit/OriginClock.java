package dev.avline.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Real time to publication index: segment {@code n} (0 for the first one published) appears
 * {@code n - initialSegments + 1} segment durations after the origin started, less the time the
 * playlist spent frozen, until {@link #end()} stops the clock for good. Publication indexes, not
 * sequence numbers, drive everything else because numbering can restart.
 */
final class OriginClock {
    private final long startNanos = System.nanoTime();
    private final long segmentNanos;
    private final int initialSegments;
    private final List<long[]> freezes = new ArrayList<>(); // [start, end) in nanoTime
    private volatile long endIndex = Long.MIN_VALUE;       // set by end()

    OriginClock(long segmentNanos, int initialSegments) {
        this.segmentNanos = segmentNanos;
        this.initialSegments = initialSegments;
    }

    /** The newest published publication index. */
    long newestIndex() {
        long end = endIndex;
        if (end != Long.MIN_VALUE) return end;
        return initialSegments - 1 + mediaNanos(System.nanoTime()) / segmentNanos;
    }

    /** Holds publication for {@code d} from now; it then resumes where it stopped, {@code d} late. */
    void freeze(Duration d) {
        long now = System.nanoTime();
        synchronized (freezes) {
            freezes.add(new long[] {now, now + d.toNanos()});
        }
    }

    /** Stops the clock at the newest index for good; returns that index. */
    long end() {
        long newest = newestIndex();
        endIndex = newest;
        return newest;
    }

    /** Stops the clock at {@code index} for good (a VOD origin: everything published at once). */
    void endAt(long index) {
        endIndex = index;
    }

    boolean ended() {
        return endIndex != Long.MIN_VALUE;
    }

    /** Time since start that counted towards publication (frozen spans taken out). */
    private long mediaNanos(long now) {
        long m = now - startNanos;
        synchronized (freezes) {
            for (long[] f : freezes) {
                long s = Math.max(f[0], startNanos);
                long e = Math.min(f[1], now);
                if (e > s) m -= e - s;
            }
        }
        return Math.max(0, m);
    }
}
