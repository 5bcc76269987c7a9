package dev.avline.examples.recorder.progress;

import java.util.List;

import dev.avline.events.Event;
import dev.avline.events.SegmentFetched;

/**
 * The live segments a recording fetched, summed up: a {@code segment} event comes for every segment
 * (thousands in a long recording), so the last JSON line counts them instead of listing them.
 *
 * @param count segments fetched whole (init sections included)
 * @param bytes their bytes
 * @param retried segments that needed more than one fetch
 * @param retries failed or short fetches before the good ones
 * @param mediaSeconds their media time, from the playlists
 */
public record SegmentTally(long count, long bytes, long retried, long retries, double mediaSeconds) {
    public static final SegmentTally NONE = new SegmentTally(0, 0, 0, 0, 0);

    static boolean isSegment(Event e) {
        return e instanceof SegmentFetched;
    }

    public static SegmentTally of(List<Event> events) {
        long count = 0;
        long bytes = 0;
        long retried = 0;
        long retries = 0;
        double seconds = 0;
        for (Event e : events) {
            if (!(e instanceof SegmentFetched s)) continue;
            count++;
            bytes += s.bytes();
            if (s.retries() > 0) retried++;
            retries += s.retries();
            seconds += s.mediaSeconds();
        }
        return new SegmentTally(count, bytes, retried, retries, seconds);
    }

    /**
     * Sums segments as their events are delivered: a recording's result keeps a bounded history of
     * events (routine segment events go first), so a long recording's tally is counted on the way.
     */
    public static final class Counter implements dev.avline.events.EventListener {
        private long count;
        private long bytes;
        private long retried;
        private long retries;
        private double seconds;

        @Override
        public synchronized void onEvent(Event e) {
            if (!(e instanceof SegmentFetched s)) return;
            count++;
            bytes += s.bytes();
            if (s.retries() > 0) retried++;
            retries += s.retries();
            seconds += s.mediaSeconds();
        }

        public synchronized SegmentTally tally() {
            return new SegmentTally(count, bytes, retried, retries, seconds);
        }
    }
}
