package dev.avline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.avline.events.StreamSkipped;

/** What a recording holds and how long its calls wait are bounded, whatever the job and its listeners do. */
class RecordingBoundsTest {
    @Test
    void aListenerThatFallsBehindLosesCountedEventsAndNeverBlocksTheJob() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger delivered = new AtomicInteger();
        int emitted = Notifier.CAPACITY * 3;
        Recording r = Avline.run(ctx -> {
            for (int i = 0; i < emitted; i++) ctx.emit(new StreamSkipped(Instant.now(), i, "data", "x", "test"));
            return new JobSummary("x", 0, 0, 0);
        }, "test").onEvent(e -> {
            try {
                release.await();
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            delivered.incrementAndGet();
        }).eventHistory(10).start();
        // The job emits everything and ends while the listener is stuck on its first event.
        RecordingResult result = r.await(Duration.ofSeconds(30));
        assertEquals(RecordingResult.State.DONE, result.state());
        assertEquals(10, result.events().size());
        assertEquals(emitted - 10, result.eventsDropped());
        long notDelivered = r.eventsNotDelivered();
        assertTrue(notDelivered >= emitted - Notifier.CAPACITY - 1, "dropped " + notDelivered);
        release.countDown();
        for (int i = 0; i < 100 && delivered.get() + notDelivered < emitted; i++) Thread.sleep(20);
        assertEquals(emitted, delivered.get() + notDelivered, "every event delivered or counted");
    }

    @Test
    void closeGivesUpOnAJobThatIgnoresItsStop() {
        CountDownLatch end = new CountDownLatch(1);
        Recording r = Avline.run(ctx -> {
            end.await(); // a job stuck where a stop cannot reach it
            return new JobSummary("x", 0, 0, 0);
        }, "stuck").daemon(true).closeTimeout(Duration.ofMillis(300)).start();
        assertTimeoutPreemptively(Duration.ofSeconds(20), r::close);
        assertFalse(r.isDone(), "the job is left running, not pretended finished");
        end.countDown();
        assertEquals(RecordingResult.State.STOPPED, r.await().state());
    }

    @Test
    void anHlsPlaylistFromBytesSaysWhatIsWrong() {
        byte[] playlist = "#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXTINF:1,\nseg.ts\n#EXT-X-ENDLIST\n".getBytes(StandardCharsets.UTF_8);
        RecordingResult r = Avline.copy(Input.bytes(playlist).format("hls"),
                Output.stream(OutputStream.nullOutputStream(), Container.MPEGTS)).run();
        assertEquals(RecordingResult.State.FAILED, r.state());
        AvlineException e = assertInstanceOf(AvlineException.class, r.error());
        assertTrue(e.getMessage().contains("needs the playlist's URL") && e.getMessage().contains("Input.url"), e.getMessage());
        assertFalse(e.getMessage().contains("Cannot allocate memory"), e.getMessage());
    }
}
