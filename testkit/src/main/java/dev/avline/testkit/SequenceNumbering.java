package dev.avline.testkit;

import java.util.Map;
import java.util.TreeMap;

/**
 * Publication index ↔ media sequence number. Numbering can restart (a restarted packager), so a
 * sequence number may name more than one index; the newest numbering that has it wins. Not
 * thread-safe: the origin guards it with its timeline lock.
 */
final class SequenceNumbering {
    private final TreeMap<Long, Long> restarts = new TreeMap<>(); // first index → its media sequence number

    SequenceNumbering(long startSequence) {
        restarts.put(0L, startSequence);
    }

    /** From {@code index} on, numbering continues from {@code sequence}. */
    void restartAt(long index, long sequence) {
        restarts.put(index, sequence);
    }

    long sequenceOf(long index) {
        Map.Entry<Long, Long> e = restarts.floorEntry(Math.max(0, index));
        return e.getValue() + (index - e.getKey());
    }

    /** The index where the numbering in force at {@code index} began. */
    long restartBefore(long index) {
        return restarts.floorKey(index);
    }

    /**
     * The publication index of a media sequence number, under the newest numbering that has it
     * (published by {@code newest} or, with {@code future}, about to be); -1 when none.
     */
    long indexOf(long sequence, boolean future, long newest) {
        Long next = null;
        for (Map.Entry<Long, Long> e : restarts.descendingMap().entrySet()) {
            long index = e.getKey() + (sequence - e.getValue());
            boolean inRange = sequence >= e.getValue() && (next == null || index < next);
            if (inRange && (future || index <= newest)) return index;
            next = e.getKey();
        }
        return -1;
    }

    /**
     * The oldest index listed when {@code newest} is the newest: the window, never before a
     * restart (a playlist lists one numbering only).
     */
    long oldestListed(long newest, int window) {
        long restart = restarts.floorKey(Math.max(0, newest));
        return Math.max(restart, Math.max(0, newest - window + 1));
    }
}
