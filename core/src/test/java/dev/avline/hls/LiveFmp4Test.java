package dev.avline.hls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.avline.Avline;
import dev.avline.Input;
import dev.avline.Output;
import dev.avline.Recording;
import dev.avline.RecordingResult;
import dev.avline.testkit.LiveHlsOrigin;
import dev.avline.testkit.MediaReport;
import dev.avline.testkit.OriginRequest;

/**
 * Live HLS with fragmented-MP4 segments ({@code .m4s} after an {@code EXT-X-MAP} init section),
 * recorded to MPEG-TS and to fragmented MP4, through a fault and a change of init section.
 */
class LiveFmp4Test {
    private static final double SEG = 0.5;

    @TempDir
    Path dir;

    private static LiveHlsOrigin origin() {
        return LiveHlsOrigin.builder().segmentSeconds(SEG).video(160, 120, 20).window(6).fmp4(true).start();
    }

    private static void waitFor(LiveHlsOrigin origin, long seq) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (origin.newestSequence() < seq && System.nanoTime() < deadline) Thread.sleep(20);
    }

    /** Records with a one-time fault on one segment and a new init section from another on. */
    private RecordingResult record(LiveHlsOrigin origin, Path out, boolean reset) throws Exception {
        try (Recording rec = Avline.record(Input.url(origin.playlistUrl()), Output.file(out), LiveCheck.fast()).start()) {
            waitFor(origin, origin.newestSequence() + 1);
            long faulty = origin.nextSequence() + 1;
            if (reset) origin.resetMidBody(faulty);
            else origin.shortBody(faulty);
            waitFor(origin, faulty);
            long newInit = origin.newInitSection();
            waitFor(origin, newInit + 3);
            origin.endList();
            RecordingResult r = rec.await(Duration.ofSeconds(30));
            List<OriginRequest> reqs = origin.requests();
            assertTrue(reqs.stream().anyMatch(q -> q.sequence() == faulty && (reset ? "reset" : "short").equals(q.fault())),
                    reqs.toString());
            assertTrue(reqs.stream().anyMatch(q -> q.path().endsWith("/init_1.mp4") && q.status() == 200),
                    "the new init section was read: " + reqs);
            assertTrue(LiveCheck.delivered(r).contains(faulty));
            assertTrue(LiveCheck.delivered(r).contains(newInit));
            return r;
        }
    }

    @Test
    void fragmentedMp4ToTransportStreamThroughAShortBodyAndANewInitSection() throws Exception {
        try (LiveHlsOrigin origin = origin()) {
            Path out = dir.resolve("fmp4.ts");
            RecordingResult r = record(origin, out, false);
            MediaReport rep = LiveCheck.verify(r, out, SEG, Set.of());
            assertEquals("mpegts", rep.format());
            assertEquals(0, LiveCheck.count(r, "rotation"), "same codec parameters: one file");
        }
    }

    @Test
    void fragmentedMp4ToFragmentedMp4ThroughAResetAndANewInitSection() throws Exception {
        try (LiveHlsOrigin origin = origin()) {
            Path out = dir.resolve("fmp4.mp4");
            RecordingResult r = record(origin, out, true);
            MediaReport rep = LiveCheck.verify(r, out, SEG, Set.of());
            assertTrue(rep.format().contains("mp4"), rep.format());
            assertEquals(0, LiveCheck.count(r, "rotation"), "same codec parameters: one file");
        }
    }
}
