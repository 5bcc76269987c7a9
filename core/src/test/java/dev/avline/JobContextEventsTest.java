package dev.avline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.avline.events.Event;
import dev.avline.events.StreamSkipped;

class JobContextEventsTest {
    @Test
    void historyKeepsTheNewestEventsAndCountsTheOthers() {
        JobContext ctx = new JobContext("t", Duration.ofSeconds(5), null, null);
        int total = JobContext.EVENT_HISTORY + 5;
        for (int i = 0; i < total; i++) ctx.emit(new StreamSkipped(Instant.now(), i, "data", "x", "test"));
        List<Event> kept = ctx.events();
        assertEquals(JobContext.EVENT_HISTORY, kept.size());
        assertEquals(5, ((StreamSkipped) kept.get(0)).stream(), "the oldest go first");
        assertEquals(total - 1, ((StreamSkipped) kept.get(kept.size() - 1)).stream());
        assertEquals(5, ctx.eventsDropped());
    }
}
