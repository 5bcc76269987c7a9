package dev.avline.transcode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.avline.Avline;
import dev.avline.Container;
import dev.avline.Input;
import dev.avline.Output;
import dev.avline.Progress;
import dev.avline.Recording;
import dev.avline.RecordingResult;
import dev.avline.testkit.MediaProbe;
import dev.avline.testkit.MediaReport;
import dev.avline.testkit.TestMedia;

/** Progress snapshots and stopping, on an input paced like a live source (4 s of media served in ~2 s). */
class TranscodeProgressAndStopTest {
    @TempDir
    static Path dir;
    static byte[] clip;

    @BeforeAll
    static void makeInput() {
        clip = TestMedia.video(320, 240, 25).seconds(4).toBytes("mpegts", java.util.Map.of());
    }

    private static Input paced() {
        return Input.stream(new PacedInputStream(clip, 2.0)).format("mpegts");
    }

    @Test
    void progressComesEveryPeriodWithIncreasingOutTime() {
        List<Progress> seen = new CopyOnWriteArrayList<>();
        Path out = dir.resolve("progress.ts");
        RecordingResult r = Avline.transcode(paced(), Output.file(out), TranscodeSettings.defaults())
                .statsPeriod(Duration.ofMillis(100)).onProgress(seen::add).run();
        assertEquals(RecordingResult.State.DONE, r.state(), String.valueOf(r.failure()));
        assertTrue(seen.size() >= 4, "snapshots: " + seen.size());
        Progress last = seen.get(seen.size() - 1);
        assertTrue(last.last(), "the final summary comes last: " + last);
        assertEquals(100, last.frames(), last.toString());
        assertEquals(r.bytes(), last.bytes());
        assertEquals("none", last.hardware());
        assertTrue(last.outTimeSeconds() > 3.9, last.toString());
        assertTrue(last.speed() > 0 && last.fps() > 0 && last.bitrateKbps() > 0, last.toString());
        assertEquals(0, last.dropped());
        assertEquals(0, last.duplicated());
        assertTrue(last.queueDepths().keySet().containsAll(List.of("mux", "decode#0", "filter#0", "encode#0", "decode#1")),
                last.queueDepths().toString());
        for (int i = 1; i < seen.size(); i++) {
            Progress a = seen.get(i - 1);
            Progress b = seen.get(i);
            assertTrue(b.outTimeSeconds() >= a.outTimeSeconds(), "out_time went back: " + a + " → " + b);
            if (!b.last()) {
                assertTrue(b.elapsed().minus(a.elapsed()).toMillis() >= 100, "closer than the period: " + a + " → " + b);
            }
        }
        assertTrue(seen.get(seen.size() - 2).outTimeSeconds() > seen.get(0).outTimeSeconds(), "out_time never grew: " + seen);
    }

    @Test
    void stopHalfWayLeavesAPlayableFile() throws Exception {
        Path out = dir.resolve("stopped.ts");
        CountDownLatch halfway = new CountDownLatch(1);
        Recording rec = Avline.transcode(paced(), Output.file(out), TranscodeSettings.defaults())
                .statsPeriod(Duration.ofMillis(100))
                .onProgress(p -> {
                    if (p.outTimeSeconds() >= 1.5) halfway.countDown();
                }).start();
        assertTrue(halfway.await(30, TimeUnit.SECONDS), "never reached 1.5 s");
        rec.stop();
        RecordingResult r = rec.await(Duration.ofSeconds(30));
        assertEquals(RecordingResult.State.STOPPED, r.state(), String.valueOf(r.failure()));
        MediaReport rep = MediaProbe.decodeAll(out);
        assertEquals(0, rep.totalDecodeErrors(), rep.toString());
        assertTrue(rep.allDtsStrictlyIncreasing(), rep.toString());
        assertTrue(rep.video().frames() >= 30 && rep.video().frames() < 100, rep.toString());
        assertTrue(rep.video().duration() >= 1.4 && rep.video().duration() < 4, rep.toString());
        assertEquals(rep.video().duration(), rep.audio().duration(), 0.1, "both streams end together: " + rep);
    }

    @Test
    void stopWritesAPlayableFragmentedMp4ToAStream() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CountDownLatch started = new CountDownLatch(1);
        Recording rec = Avline.transcode(paced(), Output.stream(bytes, Container.FRAGMENTED_MP4), TranscodeSettings.defaults())
                .statsPeriod(Duration.ofMillis(100))
                .onProgress(p -> {
                    if (p.outTimeSeconds() >= 1.0) started.countDown();
                }).start();
        assertTrue(started.await(30, TimeUnit.SECONDS));
        rec.close();
        RecordingResult r = rec.await();
        assertEquals(RecordingResult.State.STOPPED, r.state(), String.valueOf(r.failure()));
        MediaReport rep = MediaProbe.decodeAll(bytes.toByteArray(), null);
        assertEquals(0, rep.totalDecodeErrors(), rep.toString());
        assertFalse(rep.ofType("video").isEmpty());
        assertTrue(rep.video().frames() > 0 && rep.audio().frames() > 0, rep.toString());
    }
}
