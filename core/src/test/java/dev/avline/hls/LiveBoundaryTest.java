package dev.avline.hls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.avline.Avline;
import dev.avline.Input;
import dev.avline.Output;
import dev.avline.Recording;
import dev.avline.RecordingResult;
import dev.avline.events.OutputRotated;
import dev.avline.testkit.LiveHlsOrigin;
import dev.avline.testkit.MediaProbe;
import dev.avline.testkit.MediaReport;
import dev.avline.testkit.OriginRequest;

/**
 * What the origin changes at a boundary: other codec parameters (a new output file), a restarted
 * media sequence (followed, not mistaken for old segments), a playlist that goes back a little (not
 * a restart).
 */
class LiveBoundaryTest {
    private static final double SEG = 0.5;

    @TempDir
    Path dir;

    private static void waitFor(LiveHlsOrigin origin, long seq) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (origin.newestSequence() < seq && System.nanoTime() < deadline) Thread.sleep(20);
    }

    /** Each delivered segment was requested from the origin exactly once with success. */
    private static void eachFetchedOnce(LiveHlsOrigin origin, List<Long> delivered) {
        Map<Long, Long> ok = origin.requests().stream().filter(OriginRequest::delivered)
                .collect(Collectors.groupingBy(OriginRequest::sequence, Collectors.counting()));
        for (long s : delivered) assertEquals(1L, ok.get(s), "segment " + s + " fetched " + ok.get(s) + " times");
    }

    private static MediaReport clean(Path file, int segments, int width, int channels) {
        MediaReport rep = MediaProbe.decodeAll(file);
        assertEquals(0, rep.totalDecodeErrors(), file + ": " + rep);
        assertTrue(rep.allDtsStrictlyIncreasing(), file + ": " + rep);
        assertEquals(width, rep.video().width(), file + ": " + rep);
        assertEquals(channels, rep.audio().channels(), file + ": " + rep);
        assertEquals(segments * SEG, rep.video().duration(), 0.11, file + ": " + rep);
        assertEquals(segments * 10L, rep.video().frames(), 2, file + ": " + rep);
        return rep;
    }

    @Test
    void codecParameterChangesRotateToNewFilesThatEachDecodeCleanly() throws Exception {
        try (LiveHlsOrigin origin = LiveCheck.origin()) {
            Path out = dir.resolve("rot.ts");
            try (Recording rec = Avline.record(Input.url(origin.playlistUrl()), Output.file(out), LiveCheck.fast()).start()) {
                waitFor(origin, origin.newestSequence() + 2);
                long bigger = origin.switchMedia(192, 144, 2);
                waitFor(origin, bigger + 2);
                long mono = origin.switchMedia(192, 144, 1);
                waitFor(origin, mono + 2);
                origin.endList();
                RecordingResult r = rec.await(Duration.ofSeconds(30));
                assertTrue(r.succeeded(), () -> "failed: " + r.failure());
                List<Long> seqs = LiveCheck.delivered(r);
                long first = seqs.get(0);
                long last = seqs.get(seqs.size() - 1);
                assertEquals(last - first + 1, seqs.size(), "every segment once, none lost: " + seqs);
                assertTrue(LiveCheck.gaps(r).isEmpty(), LiveCheck.gaps(r).toString());

                List<OutputRotated> rotations = r.events().stream().filter(e -> e instanceof OutputRotated)
                        .map(e -> (OutputRotated) e).toList();
                assertEquals(2, rotations.size(), r.events().toString());
                Path second = dir.resolve("rot-001.ts");
                Path third = dir.resolve("rot-002.ts");
                assertEquals(out.toString(), rotations.get(0).previous());
                assertEquals(second.toString(), rotations.get(0).next());
                assertTrue(rotations.get(0).reason().contains("picture size 160x120 → 192x144"), rotations.get(0).reason());
                assertEquals(second.toString(), rotations.get(1).previous());
                assertEquals(third.toString(), rotations.get(1).next());
                assertTrue(rotations.get(1).reason().contains("2 ch → 48000 Hz 1 ch"), rotations.get(1).reason());

                clean(out, (int) (bigger - first), 160, 2);
                clean(second, (int) (mono - bigger), 192, 2);
                clean(third, (int) (last - mono + 1), 192, 1);
                assertEquals(rotations.get(0).previousSeconds(), (bigger - first) * SEG, 0.11);
                eachFetchedOnce(origin, seqs);
            }
        }
    }

    @Test
    void restartedMediaSequenceIsFollowedWithoutLossOrDuplicates() throws Exception {
        try (LiveHlsOrigin origin = LiveHlsOrigin.builder().segmentSeconds(SEG).video(160, 120, 20).window(6)
                .startSequence(1000).start()) {
            Path out = dir.resolve("restart.ts");
            try (Recording rec = Avline.record(Input.url(origin.playlistUrl()), Output.file(out), LiveCheck.fast()).start()) {
                waitFor(origin, origin.newestSequence() + 2);
                long lastOld = origin.newestSequence();
                origin.restartNumbering(0);
                long deadline = System.nanoTime() + 20_000_000_000L;
                while ((origin.newestSequence() >= 1000 || origin.newestSequence() < 4) && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                origin.endList();
                RecordingResult r = rec.await(Duration.ofSeconds(30));
                assertTrue(r.succeeded(), () -> "failed: " + r.failure());
                List<Long> seqs = LiveCheck.delivered(r);
                List<Long> before = seqs.stream().filter(s -> s >= 1000).toList();
                List<Long> after = seqs.stream().filter(s -> s < 1000).toList();
                assertEquals(seqs, concat(before, after), "old numbering first, then the new one: " + seqs);
                assertEquals(before.get(before.size() - 1) - before.get(0) + 1, before.size(), "old: " + before);
                assertTrue(before.get(before.size() - 1) >= lastOld, "recorded up to the restart: " + before);
                assertEquals(List.of(0L, 1L, 2L, 3L, 4L), after.subList(0, 5), "the new numbering from its start: " + after);
                assertEquals(after.get(after.size() - 1) + 1, after.size(), "new: " + after);
                assertTrue(LiveCheck.gaps(r).isEmpty(), LiveCheck.gaps(r).toString());
                assertTrue(LiveCheck.count(r, "discontinuity") >= 1, "timestamps went back and were rebased");

                MediaReport rep = MediaProbe.decodeAll(out);
                assertEquals(0, rep.totalDecodeErrors(), rep.toString());
                assertTrue(rep.allDtsStrictlyIncreasing(), rep.toString());
                assertEquals(seqs.size() * SEG, rep.video().duration(), 0.11, rep.toString());
                assertEquals(seqs.size() * 10L, rep.video().frames(), 2, rep.toString());
            }
        }
    }

    @Test
    void playlistThatGoesBackALittleIsNotARestart() throws Exception {
        try (LiveHlsOrigin origin = LiveCheck.origin()) {
            Path out = dir.resolve("stale.ts");
            try (Recording rec = Avline.record(Input.url(origin.playlistUrl()), Output.file(out), LiveCheck.fast()).start()) {
                waitFor(origin, origin.newestSequence() + 2);
                origin.stalePlaylist(2, Duration.ofMillis(1500));
                Thread.sleep(1500);
                waitFor(origin, origin.newestSequence() + 3);
                origin.endList();
                RecordingResult r = rec.await(Duration.ofSeconds(30));
                LiveCheck.verify(r, out, SEG, Set.of());
                eachFetchedOnce(origin, LiveCheck.delivered(r));
            }
        }
    }

    private static List<Long> concat(List<Long> a, List<Long> b) {
        List<Long> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
