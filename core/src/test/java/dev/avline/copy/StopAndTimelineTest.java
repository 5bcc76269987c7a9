package dev.avline.copy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.avline.Avline;
import dev.avline.Container;
import dev.avline.Input;
import dev.avline.Output;
import dev.avline.Recording;
import dev.avline.RecordingResult;
import dev.avline.events.Discontinuity;
import dev.avline.ChunkFeed;
import dev.avline.testkit.MediaProbe;
import dev.avline.testkit.MediaReport;
import dev.avline.testkit.TestMedia;

/** Stopping from another thread, and inputs whose clock jumps. */
class StopAndTimelineTest {
    private static final Duration PROMPT = Duration.ofSeconds(15); // "not forever" on a shared 2-core machine

    @TempDir
    static Path dir;
    static byte[] ts;

    @BeforeAll
    static void media() {
        ts = TestMedia.video(320, 240, 25).seconds(4).toBytes("mpegts", Map.of());
    }

    @Test
    void stopHalfWayThroughASlowInputLeavesAFinalizedPlayableFile() throws Exception {
        AtomicLong served = new AtomicLong();
        InputStream slow = new ByteArrayInputStream(ts) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                int n = super.read(b, off, Math.min(len, 4096));
                if (n > 0) served.addAndGet(n);
                return n;
            }
        };
        Path out = dir.resolve("stopped.mp4");
        Recording r = Avline.copy(Input.stream(slow).format("mpegts"), Output.file(out, Container.FRAGMENTED_MP4)).start();
        while (served.get() < ts.length / 2 && !r.isDone()) Thread.sleep(5);
        assertFalse(r.isDone(), "the input was not slow enough to stop half-way");
        r.stop();
        r.stop(); // idempotent
        RecordingResult result = r.await(PROMPT);
        assertEquals(RecordingResult.State.STOPPED, result.state(), String.valueOf(result.failure()));
        MediaReport rep = MediaProbe.decodeAll(out);
        Checks.assertPlayable(rep);
        assertTrue(rep.video().duration() > 1 && rep.video().duration() < 3.9, rep.toString());
        byte[] bytes = Files.readAllBytes(out);
        assertEquals(1, FileCopyTest.count(bytes, "mfra"), "the trailer was written exactly once");
        assertEquals(bytes.length, result.bytes());
        assertEquals(rep.video().packets() + rep.audio().packets(), result.packets());
        assertEquals(rep.video().duration(), result.mediaSeconds(), 0.1);
        r.close(); // after the end: a no-op
    }

    @Test
    void stopWhileBlockedOnALiveFeedReturnsPromptly() throws Exception {
        ChunkFeed feed = new ChunkFeed();
        int half = ts.length / 2 / 188 * 188;
        for (int off = 0; off < half; off += 188 * 40) {
            feed.offer(Arrays.copyOfRange(ts, off, Math.min(half, off + 188 * 40)));
        }
        // ... and then nothing more: a live source gone quiet
        Path out = dir.resolve("feed.ts");
        Recording r = Avline.copy(Input.feed(feed).format("mpegts"), Output.file(out)).start();
        long deadline = System.nanoTime() + PROMPT.toNanos();
        while (feed.queuedChunks() > 0 && System.nanoTime() < deadline) Thread.sleep(10);
        assertEquals(0, feed.queuedChunks(), "the copy did not read the feed");
        Thread.sleep(300); // let it write what it read and block waiting for more
        assertFalse(r.isDone());
        r.stop();
        RecordingResult result = r.await(PROMPT);
        assertEquals(RecordingResult.State.STOPPED, result.state(), String.valueOf(result.failure()));
        MediaReport rep = MediaProbe.decodeAll(out);
        Checks.assertPlayable(rep);
        assertTrue(rep.video().duration() > 1, rep.toString());
        // the feeder learns the reader is gone instead of blocking forever on a full feed
        assertTrue(feed.isCancelled());
        assertTimeoutPreemptively(PROMPT, () -> {
            for (int i = 0; i < 200; i++) assertFalse(feed.offer(new byte[188]));
            feed.finish();
        });
    }

    @Test
    void stopBeforeAnythingArrivesIsAStopNotAFailure() throws Exception {
        ChunkFeed feed = new ChunkFeed();
        Path out = dir.resolve("never.ts");
        Recording r = Avline.copy(Input.feed(feed), Output.file(out)).start();
        Thread.sleep(200);
        r.stop();
        RecordingResult result = r.await(PROMPT);
        assertEquals(RecordingResult.State.STOPPED, result.state(), String.valueOf(result.failure()));
        assertEquals(0, result.packets());
        assertFalse(Files.exists(out), "nothing was recorded, so there is no file");
    }

    @Test
    void restartedClockIsRebasedIntoOneContinuousTimeline() {
        // Two encodes with the same start time back to back, as across an HLS discontinuity.
        byte[] part = TestMedia.video(320, 240, 25).seconds(2).toBytes("mpegts", Map.of("mpegts_flags", "+initial_discontinuity"));
        byte[] joined = concat(part, part);
        MediaReport one = MediaProbe.decodeAll(part, "mpegts");
        for (Container c : Container.values()) {
            Path out = dir.resolve("restarted-" + c.shortName() + c.extension());
            RecordingResult r = Avline.copy(Input.bytes(joined), Output.file(out, c)).run();
            assertEquals(RecordingResult.State.DONE, r.state(), String.valueOf(r.failure()));
            MediaReport rep = MediaProbe.decodeAll(out);
            Checks.assertPlayable(rep);
            assertEquals(2 * one.video().frames(), rep.video().frames(), rep.toString());
            assertEquals(2 * one.audio().packets(), rep.audio().packets(), rep.toString());
            // continuous: twice one part, give or take a frame (no gap, no overlap)
            assertEquals(2 * one.video().duration(), rep.video().duration(), Checks.oneFrame(rep.video()), rep.toString());
            assertEquals(2 * one.audio().duration(), rep.audio().duration(), Checks.oneFrame(rep.audio()), rep.toString());
            assertInSync(rep);
            List<Discontinuity> jumps = discontinuities(r);
            assertFalse(jumps.isEmpty(), "no discontinuity event");
            assertEquals(-2.0, jumps.get(0).jumpSeconds(), 0.1, jumps.toString());
            assertEquals(2.0, jumps.get(0).outputSeconds(), 0.1, jumps.toString());
        }
    }

    @Test
    void forwardJumpIsClosedUp() {
        byte[] first = TestMedia.video(320, 240, 25).seconds(2).toBytes("mpegts", Map.of("mpegts_flags", "+initial_discontinuity"));
        byte[] later = TestMedia.video(320, 240, 25).seconds(2).startAt(60)
                .toBytes("mpegts", Map.of("mpegts_flags", "+initial_discontinuity"));
        Path out = dir.resolve("jumped.ts");
        RecordingResult r = Avline.copy(Input.bytes(concat(first, later)), Output.file(out)).run();
        assertEquals(RecordingResult.State.DONE, r.state(), String.valueOf(r.failure()));
        MediaReport rep = MediaProbe.decodeAll(out);
        Checks.assertPlayable(rep);
        MediaReport one = MediaProbe.decodeAll(first, "mpegts");
        assertEquals(2 * one.video().duration(), rep.video().duration(), Checks.oneFrame(rep.video()), rep.toString());
        assertEquals(2 * one.audio().duration(), rep.audio().duration(), Checks.oneFrame(rep.audio()), rep.toString());
        assertInSync(rep);
        List<Discontinuity> jumps = discontinuities(r);
        assertFalse(jumps.isEmpty(), "no discontinuity event");
        assertEquals(58.0, jumps.get(0).jumpSeconds(), 0.2, jumps.toString());
        assertEquals(rep.audio().lastPtsEnd(), r.mediaSeconds(), 0.1);
    }

    /** Audio and video end together, as they did in each part (a rebase must not shift one against the other). */
    private static void assertInSync(MediaReport rep) {
        assertEquals(rep.video().lastPtsEnd(), rep.audio().lastPtsEnd(), 0.05, rep.toString());
    }

    private static List<Discontinuity> discontinuities(RecordingResult r) {
        return r.events().stream().filter(e -> e instanceof Discontinuity).map(e -> (Discontinuity) e).toList();
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
