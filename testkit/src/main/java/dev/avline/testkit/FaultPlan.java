package dev.avline.testkit;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The faults a test asked for: per-segment and per-key failures that are used up as requests
 * arrive, and time windows (blackhole, playlist errors, stale playlist) measured on
 * {@link System#nanoTime()} so that wall-clock changes cannot shift them.
 */
final class FaultPlan {
    enum Kind { RESET, SHORT, STATUS }

    /** A fault for the next {@code times} requests of one segment or key. */
    static final class Fault {
        final Kind kind;
        final int status;
        private final AtomicInteger remaining;

        Fault(Kind kind, int status, int times) {
            this.kind = kind;
            this.status = status;
            this.remaining = new AtomicInteger(times);
        }

        /** Uses one application up; false once none is left (concurrent requests never over-apply it). */
        boolean take() {
            return remaining.getAndUpdate(v -> v > 0 ? v - 1 : 0) > 0;
        }
    }

    private final Map<Long, Fault> segments = new ConcurrentHashMap<>(); // by media sequence number
    private final Map<Long, Fault> keys = new ConcurrentHashMap<>();     // by key number
    private final Map<String, Fault> paths = new ConcurrentHashMap<>();  // by request target or path
    private volatile long blackholeUntil;
    private volatile long playlistErrorUntil;
    private volatile int playlistErrorStatus;
    private volatile long staleUntil;
    private volatile int staleSegments;

    void segment(long sequence, Kind kind, int status, int times) {
        segments.put(sequence, new Fault(kind, status, times));
    }

    void key(long keyNumber, int status, int times) {
        keys.put(keyNumber, new Fault(Kind.STATUS, status, times));
    }

    /** A fault for the next {@code times} requests of a path (or of an exact target with its query). */
    void path(String target, Kind kind, int status, int times) {
        paths.put(target, new Fault(kind, status, times));
    }

    /** The fault to apply to this request (its full target first, then its path), or null; uses one up. */
    Fault takePath(String target, String path) {
        Fault f = paths.get(target);
        if (f == null) f = paths.get(path);
        return f != null && f.take() ? f : null;
    }

    /** The fault to apply to this request of {@code sequence}, or null (each call uses one up). */
    Fault takeSegment(long sequence) {
        Fault f = segments.get(sequence);
        return f != null && f.take() ? f : null;
    }

    /** Like {@link #takeSegment}, for a key request. */
    Fault takeKey(long keyNumber) {
        Fault f = keys.get(keyNumber);
        return f != null && f.take() ? f : null;
    }

    void blackhole(Duration d) {
        blackholeUntil = System.nanoTime() + d.toNanos();
    }

    boolean blackholed() {
        return System.nanoTime() - blackholeUntil < 0;
    }

    void failPlaylist(int status, Duration d) {
        playlistErrorStatus = status;
        playlistErrorUntil = System.nanoTime() + d.toNanos();
    }

    /** The status playlist requests get now, or 0 when they are served. */
    int playlistErrorStatus() {
        return System.nanoTime() - playlistErrorUntil < 0 ? playlistErrorStatus : 0;
    }

    void stalePlaylist(int segments, Duration d) {
        staleSegments = segments;
        staleUntil = System.nanoTime() + d.toNanos();
    }

    boolean stale() {
        return System.nanoTime() - staleUntil < 0;
    }

    /** How many segments behind a stale playlist is (meaningful while {@link #stale()}). */
    int staleSegments() {
        return staleSegments;
    }
}
