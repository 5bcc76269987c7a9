package dev.avline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.avline.events.Event;
import dev.avline.events.Reconnect;
import dev.avline.events.SegmentFetched;
import dev.avline.events.StreamSkipped;

class JobContextEventsTest {
    @Test
    void historyKeepsTheNewestEventsAndCountsTheOthers() {
        JobContext ctx = new JobContext("t", Duration.ofSeconds(5), null, null);
        int total = EventHistory.DEFAULT_LIMIT + 5;
        for (int i = 0; i < total; i++) ctx.emit(new StreamSkipped(Instant.now(), i, "data", "x", "test"));
        List<Event> kept = ctx.events();
        assertEquals(EventHistory.DEFAULT_LIMIT, kept.size());
        assertEquals(5, ((StreamSkipped) kept.get(0)).stream(), "the oldest go first");
        assertEquals(total - 1, ((StreamSkipped) kept.get(kept.size() - 1)).stream());
        assertEquals(5, ctx.eventsDropped());
    }

    @Test
    void routineSegmentEventsGiveWayToTheOnesThatMatterAndOrderIsKept() {
        JobContext ctx = new JobContext("t", Duration.ofSeconds(5), null, null, 10, JobThreads.PLATFORM);
        ctx.emit(new Reconnect(Instant.now(), 1, "first outage", 1.0));
        for (int i = 0; i < 100; i++) {
            ctx.emit(new SegmentFetched(Instant.now(), "http://h/s" + i + ".ts", i, 1000, 0, 0.5));
            if (i == 50) ctx.emit(new Reconnect(Instant.now(), 2, "second outage", 1.0));
        }
        List<Event> kept = ctx.events();
        assertEquals(10, kept.size());
        assertEquals(92, ctx.eventsDropped());
        assertEquals("first outage", ((Reconnect) kept.get(0)).reason(), "a day of segments must not push out a reconnect");
        assertEquals("second outage", ((Reconnect) kept.get(1)).reason());
        for (int i = 2; i < 10; i++) assertEquals(90 + i, ((SegmentFetched) kept.get(i)).sequence(), "the newest segments, in order");
    }

    @Test
    void aHistoryOfZeroKeepsNothingAndCountsAll() {
        JobContext ctx = new JobContext("t", Duration.ofSeconds(5), null, null, 0, JobThreads.PLATFORM);
        for (int i = 0; i < 7; i++) ctx.emit(new StreamSkipped(Instant.now(), i, "data", "x", "test"));
        assertTrue(ctx.events().isEmpty());
        assertEquals(7, ctx.eventsDropped());
    }
}
