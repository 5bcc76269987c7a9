package dev.avline.hls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.avline.Avline;
import dev.avline.Input;
import dev.avline.Output;
import dev.avline.RecordingResult;
import dev.avline.events.OutputRotated;
import dev.avline.testkit.LiveHlsOrigin;
import dev.avline.testkit.MediaProbe;
import dev.avline.testkit.MediaReport;

/** Rotation, the maximum recording duration, and the segment size cap. */
class LiveLimitsTest {
    @TempDir
    Path dir;

    private static LiveHlsOrigin ended(int segments) {
        LiveHlsOrigin o = LiveHlsOrigin.builder().segmentSeconds(0.5).video(160, 120, 20).window(segments).start();
        o.endList();
        return o;
    }

    @Test
    void rotationNeverWritesOverAnExistingNumberedFile() throws Exception {
        try (LiveHlsOrigin origin = ended(4)) {
            Path out = dir.resolve("keep.ts");
            Path older = dir.resolve("keep-001.ts");
            java.nio.file.Files.writeString(older, "an earlier recording");
            RecordingResult r = Avline.record(Input.url(origin.playlistUrl()), Output.file(out),
                    LiveCheck.fast().liveStartIndex(0).rotateEvery(Duration.ofSeconds(1))).run();
            assertEquals(RecordingResult.State.DONE, r.state(), String.valueOf(r.failure()));
            assertEquals("an earlier recording", java.nio.file.Files.readString(older));
            OutputRotated first = r.events().stream().filter(e -> e instanceof OutputRotated).map(e -> (OutputRotated) e)
                    .findFirst().orElseThrow(() -> new AssertionError(r.events().toString()));
            assertEquals(dir.resolve("keep-002.ts").toString(), first.next(), "the next free number");
            assertEquals(0, MediaProbe.decodeAll(dir.resolve("keep-002.ts")).totalDecodeErrors());
        }
    }

    @Test
    void rotatesByDurationAtKeyframesIntoPlayableFiles() {
        try (LiveHlsOrigin origin = ended(6)) {
            Path out = dir.resolve("rec.ts");
            RecordingResult r = Avline.record(Input.url(origin.playlistUrl()), Output.file(out),
                    LiveCheck.fast().liveStartIndex(0).rotateEvery(Duration.ofSeconds(1))).run();
            assertEquals(RecordingResult.State.DONE, r.state(), String.valueOf(r.failure()));
            List<OutputRotated> rotations = r.events().stream().filter(e -> e instanceof OutputRotated)
                    .map(e -> (OutputRotated) e).toList();
            assertTrue(rotations.size() >= 2, r.events().toString());
            assertEquals(dir.resolve("rec-001.ts").toString(), rotations.get(0).next());
            double total = 0;
            for (int i = 0; i <= rotations.size(); i++) {
                Path p = i == 0 ? out : dir.resolve(String.format("rec-%03d.ts", i));
                MediaReport rep = MediaProbe.decodeAll(p);
                assertEquals(0, rep.totalDecodeErrors(), rep.toString());
                assertTrue(rep.allDtsStrictlyIncreasing(), rep.toString());
                if (i < rotations.size()) {
                    assertTrue(rep.video().duration() > 0.45 && rep.video().duration() < 1.11, p + ": " + rep);
                }
                total += rep.video().duration();
            }
            assertEquals(3.0, total, 0.1);
            assertTrue(r.mediaSeconds() >= 2.9, "summary counts every file: " + r.mediaSeconds());
        }
    }

    @Test
    void maximumDurationEndsTheRecording() {
        try (LiveHlsOrigin origin = LiveCheck.origin()) {
            Path out = dir.resolve("max.ts");
            RecordingResult r = Avline.record(Input.url(origin.playlistUrl()), Output.file(out),
                    LiveCheck.fast().maxDuration(Duration.ofMillis(1500))).run();
            assertEquals(RecordingResult.State.DONE, r.state(), String.valueOf(r.failure()));
            MediaReport rep = MediaProbe.decodeAll(out);
            assertEquals(1.5, rep.video().duration(), 0.1, rep.toString());
        }
    }

    @Test
    void segmentsOverTheSizeCapAreNotRecorded() {
        try (LiveHlsOrigin origin = ended(4)) {
            RecordingResult r = Avline.record(Input.url(origin.playlistUrl()), Output.file(dir.resolve("cap.ts")),
                    LiveCheck.fast().liveStartIndex(0).limits(64 * 1024, 2000, 1 << 20).outageBudget(Duration.ofSeconds(1))).run();
            assertEquals(RecordingResult.State.FAILED, r.state());
            assertEquals(0, r.packets());
            assertTrue(origin.requests().stream().filter(q -> q.isSegment()).count() >= 1);
        }
    }
}
