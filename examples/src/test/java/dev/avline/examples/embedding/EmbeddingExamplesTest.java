package dev.avline.examples.embedding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.avline.RecordingResult;
import dev.avline.testkit.LiveHlsOrigin;
import dev.avline.testkit.MediaProbe;
import dev.avline.testkit.MediaReport;
import dev.avline.testkit.OriginRequest;
import dev.avline.testkit.TestMedia;

/** The README's embedding examples do what it says they do. */
class EmbeddingExamplesTest {
    @TempDir
    Path dir;

    @Test
    void recordsLiveHlsToTs() {
        try (LiveHlsOrigin origin = LiveHlsOrigin.builder().segmentSeconds(1).initialSegments(3).start()) {
            Path out = dir.resolve("live.ts");
            RecordingResult r = RecordLiveHls.record(origin.playlistUrl(), out, Duration.ofSeconds(2), "127.0.0.1");
            assertEquals(RecordingResult.State.DONE, r.state(), String.valueOf(r.failure()));
            MediaReport rep = MediaProbe.decodeAll(out);
            assertEquals(0, rep.totalDecodeErrors(), rep.toString());
            assertTrue(rep.allDtsStrictlyIncreasing(), rep.toString());
            assertEquals(2.0, rep.video().duration(), 1.0, rep.toString());
            assertTrue(r.events().stream().anyMatch(e -> e.kind().equals("segment")), r.events().toString());
            assertTrue(origin.requests().stream().anyMatch(OriginRequest::isSegment), origin.requests().toString());
            assertTrue(origin.requests().stream().allMatch(q -> "my-server/1.0".equals(q.header("User-Agent"))),
                    "the User-Agent reaches every request, playlists and segments: " + origin.requests());
        }
    }

    @Test
    void aHostOutsideTheAllowListIsRefusedBeforeAnyRequest() {
        try (LiveHlsOrigin origin = LiveHlsOrigin.builder().segmentSeconds(1).initialSegments(3).start()) {
            RecordingResult r = RecordLiveHls.record(origin.playlistUrl(), dir.resolve("no.ts"), Duration.ofSeconds(2),
                    "cdn.example.com");
            assertEquals(RecordingResult.State.FAILED, r.state());
            assertTrue(r.events().stream().anyMatch(e -> e.kind().equals("policy_refusal")
                    && String.valueOf(e.details().get("reason")).contains("not in the allowed hosts")), r.events().toString());
            assertEquals(List.of(), origin.requests(), "nothing was requested");
        }
    }

    @Test
    void transcodesToH264AndAacWithHardwareAutoFallingBackWhereThereIsNoGpu() {
        Path in = dir.resolve("in.mp4");
        TestMedia.video(320, 240, 25).seconds(2).writeTo(in, "mp4");
        Path out = dir.resolve("out.ts");
        RecordingResult r = TranscodeWithHardware.transcode(in.toString(), out, false);
        assertEquals(RecordingResult.State.DONE, r.state(), String.valueOf(r.failure()));
        MediaReport rep = MediaProbe.decodeAll(out);
        assertEquals(0, rep.totalDecodeErrors(), rep.toString());
        assertEquals("h264", rep.video().codec());
        assertEquals("aac", rep.audio().codec());
        assertEquals(50, rep.video().frames(), rep.toString());
        // Every fallback (none where a GPU took the work) says why.
        r.events().stream().filter(e -> e.kind().equals("fallback"))
                .forEach(e -> assertTrue(!String.valueOf(e.details().get("reason")).isBlank(), e.toString()));
    }

    @Test
    void remuxesATsSegmentInMemory() {
        byte[] ts = TestMedia.video(320, 240, 25).seconds(2).toBytes("mpegts", Map.of());
        MediaReport rep = MediaProbe.decodeAll(RemuxSegmentInMemory.toFragmentedMp4(ts), null);
        assertEquals(50, rep.video().frames(), rep.toString());
        assertEquals(0, rep.totalDecodeErrors(), rep.toString());
        assertTrue(rep.format().contains("mp4"), rep.format());
    }
}
