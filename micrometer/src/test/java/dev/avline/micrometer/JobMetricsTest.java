package dev.avline.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import dev.avline.Avline;
import dev.avline.Input;
import dev.avline.Output;
import dev.avline.Recording;
import dev.avline.RecordingResult;
import dev.avline.hls.LiveSettings;
import dev.avline.hw.Hardware;
import dev.avline.testkit.LiveHlsOrigin;
import dev.avline.testkit.TestMedia;
import dev.avline.transcode.TranscodeSettings;

/** Real jobs (copy, live recording, transcode) bound to a SimpleMeterRegistry; the meters are checked against their results. */
class JobMetricsTest {
    @TempDir
    Path dir;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private double count(String name, String... tags) {
        Counter c = registry.find(name).tags(tags).counter();
        return c == null ? 0 : c.count();
    }

    /** track() counts the end on the job's own thread, just after await() may return. */
    private void awaitEnd(String state) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (registry.find("avline.jobs.ended").tag("state", state).counter() == null && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(registry.find("avline.jobs.ended").tag("state", state).counter() != null, "the end was counted");
    }

    @Test
    void aCopyCountsWhatItWroteAndLeavesNoGauge() throws Exception {
        Path in = dir.resolve("in.ts");
        TestMedia.video(320, 240, 25).seconds(3).writeTo(in, "mpegts");
        JobMetrics m = JobMetrics.of(registry, "copy", "clip");
        AtomicInteger forwarded = new AtomicInteger();
        Recording r = Avline.copy(Input.url(in.toString()), Output.file(dir.resolve("out.ts")))
                .statsPeriod(Duration.ofMillis(100))
                .onProgress(m.progress(p -> forwarded.incrementAndGet()))
                .onEvent(m.events(null))
                .start();
        m.track(r);
        RecordingResult result = r.await();
        assertEquals(RecordingResult.State.DONE, result.state(), String.valueOf(result.failure()));
        awaitEnd("done");

        assertEquals(result.bytes(), count("avline.output.bytes", "kind", "copy", "label", "clip"), 0.0);
        assertEquals(result.mediaSeconds(), count("avline.media.seconds", "kind", "copy", "label", "clip"), 1e-9);
        assertTrue(count("avline.frames", "kind", "copy") > 0);
        assertEquals(1.0, count("avline.jobs.ended", "state", "done"));
        assertTrue(forwarded.get() > 0, "the caller's own listener still gets progress");
        assertNull(registry.find("avline.speed").gauge(), "a finished job's gauges are removed");
        assertNull(registry.find("avline.output.bitrate").gauge());
    }

    @Test
    void aLiveRecordingCountsItsGapsAndReconnects() throws Exception {
        try (LiveHlsOrigin origin = LiveHlsOrigin.builder().segmentSeconds(0.5).video(160, 120, 20).window(6).start()) {
            LiveSettings fast = LiveSettings.defaults().stallTimeout(Duration.ofMillis(2500)).rwTimeout(Duration.ofSeconds(1))
                    .outageBudget(Duration.ofSeconds(20)).liveStartIndex(-1);
            JobMetrics m = JobMetrics.of(registry, "live", "channel-7");
            Recording r = Avline.record(Input.url(origin.playlistUrl()), Output.file(dir.resolve("live.ts")), fast)
                    .statsPeriod(Duration.ofMillis(100)).onProgress(m.progress(null)).onEvent(m.events(null)).start();
            m.track(r);
            long lost = origin.nextSequence() + 1;
            origin.notFound(lost);                               // one segment the origin never serves: a gap
            waitFor(origin, lost + 2);
            origin.failPlaylist(500, Duration.ofSeconds(2));     // an outage the recording survives: a reconnect
            waitFor(origin, origin.newestSequence() + 6);        // 3 s: the outage, then media again
            assertTrue(registry.find("avline.speed").tags("kind", "live", "label", "channel-7").gauge() != null,
                    "the running job's speed is a gauge");
            origin.endList();
            RecordingResult result = r.await(Duration.ofSeconds(30));
            awaitEnd("done");

            long gapEvents = result.events().stream().filter(e -> e.kind().equals("gap")).count();
            long reconnectEvents = result.events().stream().filter(e -> e.kind().equals("reconnect")).count();
            assertTrue(gapEvents >= 1 && reconnectEvents >= 1, result.events().toString());
            assertEquals(gapEvents, count("avline.gaps", "label", "channel-7"));
            assertEquals(gapEvents, count("avline.events", "event", "gap"));
            assertTrue(count("avline.gap.seconds") >= 0.5 * gapEvents - 1e-9, "lost media time is counted");
            assertEquals(reconnectEvents, count("avline.reconnects", "kind", "live"));
            assertEquals(result.bytes(), count("avline.output.bytes", "label", "channel-7"), 0.0);
            assertNull(registry.find("avline.speed").gauge());
        }
    }

    @Test
    void aTranscodeShowsItsQueuesWhileItRunsAndCountsItsFallbacks() throws Exception {
        Path in = dir.resolve("in.ts");
        TestMedia.video(320, 240, 25).seconds(3).writeTo(in, "mpegts");
        JobMetrics m = JobMetrics.of(registry, "transcode", "vod");
        AtomicInteger queueGauges = new AtomicInteger();
        Recording r = Avline.transcode(Input.url(in.toString()), Output.file(dir.resolve("out.ts")),
                        TranscodeSettings.builder().hardware(Hardware.auto()).build())
                .statsPeriod(Duration.ofMillis(100))
                .onProgress(m.progress(p -> queueGauges.accumulateAndGet(
                        registry.find("avline.queue.depth").tags("kind", "transcode").gauges().size(), Math::max)))
                .onEvent(m.events(null))
                .start();
        m.track(r);
        RecordingResult result = r.await();
        assertEquals(RecordingResult.State.DONE, result.state(), String.valueOf(result.failure()));
        awaitEnd("done");

        assertTrue(queueGauges.get() >= 3, "decode, encode and mux queues were gauges while it ran: " + queueGauges.get());
        assertTrue(registry.find("avline.queue.depth").gauges().isEmpty(), "and are gone now");
        long fallbackEvents = result.events().stream().filter(e -> e.kind().equals("fallback")).count();
        double fallbacks = registry.find("avline.fallbacks").counters().stream().mapToDouble(Counter::count).sum();
        assertEquals(fallbackEvents, fallbacks, 0.0, "one per fallback event (a machine without a GPU has one: device)");
        assertEquals(result.bytes(), count("avline.output.bytes", "kind", "transcode"), 0.0);
    }

    private static void waitFor(LiveHlsOrigin origin, long sequence) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (origin.newestSequence() < sequence && System.nanoTime() < deadline) Thread.sleep(20);
    }
}
