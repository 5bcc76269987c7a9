package dev.avline;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import dev.avline.events.Event;
import dev.avline.events.SegmentFetched;

/**
 * The events a job keeps for its result, bounded by a count: a live recording makes one
 * {@code segment} event per segment (tens of thousands a day), so the history keeps at most
 * {@code limit} events and counts the others. Routine {@code segment} events go first when it is
 * full, so a day of segments never pushes out the gaps, reconnects and rotations that matter;
 * listeners see every event as it happens either way. O(1) per event.
 */
final class EventHistory {
    /** Kept by default: about 0.2–0.3 MB per recording (a segment event with its URL is ~250 bytes). */
    static final int DEFAULT_LIMIT = 1_000;

    private record Entry(long seq, Event event) {
    }

    private final int limit;
    private final ArrayDeque<Entry> routine = new ArrayDeque<>();
    private final ArrayDeque<Entry> notable = new ArrayDeque<>();
    private long seq;
    private long dropped;

    EventHistory(int limit) {
        if (limit < 0) throw new IllegalArgumentException("event history must not be negative: " + limit);
        this.limit = limit;
    }

    synchronized void add(Event e) {
        if (limit == 0) {
            dropped++;
            return;
        }
        if (routine.size() + notable.size() == limit) {
            if (!routine.isEmpty()) routine.removeFirst();
            else notable.removeFirst();
            dropped++;
        }
        (e instanceof SegmentFetched ? routine : notable).addLast(new Entry(seq++, e));
    }

    /** The kept events in the order they happened. */
    synchronized List<Event> events() {
        List<Event> out = new ArrayList<>(routine.size() + notable.size());
        var r = routine.iterator();
        var n = notable.iterator();
        Entry a = r.hasNext() ? r.next() : null;
        Entry b = n.hasNext() ? n.next() : null;
        while (a != null || b != null) {
            if (b == null || (a != null && a.seq() < b.seq())) {
                out.add(a.event());
                a = r.hasNext() ? r.next() : null;
            } else {
                out.add(b.event());
                b = n.hasNext() ? n.next() : null;
            }
        }
        return List.copyOf(out);
    }

    synchronized long dropped() {
        return dropped;
    }
}
