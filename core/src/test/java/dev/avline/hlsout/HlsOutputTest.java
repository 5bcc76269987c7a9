package dev.avline.hlsout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.avline.Avline;
import dev.avline.Container;
import dev.avline.Input;
import dev.avline.Output;
import dev.avline.RecordingResult;
import dev.avline.hls.LiveSettings;
import dev.avline.testkit.LiveHlsOrigin;
import dev.avline.testkit.MediaProbe;
import dev.avline.testkit.MediaReport;
import dev.avline.testkit.TestMedia;

/**
 * The single-output HLS writer: a stream copy into a local HLS directory, read back with FFmpeg's
 * own HLS demuxer (and, for the time-shift case, recorded from a live origin with avline's client).
 */
class HlsOutputTest {
    @TempDir
    static Path dir;
    static Path source;
    static MediaReport in;

    @BeforeAll
    static void makeSource() {
        source = dir.resolve("src.ts");
        TestMedia.video(320, 240, 25).seconds(6).writeTo(source, "mpegts"); // a keyframe every second
        in = MediaProbe.decodeAll(source);
    }

    @Test
    void vodWithTransportStreamSegments() throws IOException {
        Path out = dir.resolve("vod");
        RecordingResult r = Avline.copy(Input.url(source.toString()), Output.hls(HlsOutput.vod(out).segmentSeconds(2))).run();
        assertEquals(RecordingResult.State.DONE, r.state(), String.valueOf(r.failure()));
        MediaPlaylist p = MediaPlaylist.parse(Files.readString(out.resolve("index.m3u8")));
        assertTrue(p.endList() && "VOD".equals(p.playlistType()), p.toString());
        assertEquals(3, p.segments().size(), p.toString());
        for (MediaPlaylist.Segment s : p.segments()) {
            assertEquals(2.0, s.duration(), 0.05, p.toString());
            assertTrue(s.uri().endsWith(".ts") && Files.size(out.resolve(s.uri())) > 0, s.uri());
        }
        assertNoTemporaryFiles(out);
        assertSameMedia(MediaProbe.decodeAll(out.resolve("index.m3u8")));
    }

    @Test
    void eventWithFragmentedMp4Segments() throws IOException {
        Path out = dir.resolve("event-fmp4");
        RecordingResult r = Avline.copy(Input.url(source.toString()),
                Output.hls(HlsOutput.event(out).segmentSeconds(2).segments(Container.FRAGMENTED_MP4))).run();
        assertEquals(RecordingResult.State.DONE, r.state(), String.valueOf(r.failure()));
        String text = Files.readString(out.resolve("index.m3u8"));
        MediaPlaylist p = MediaPlaylist.parse(text);
        assertTrue(p.endList() && "EVENT".equals(p.playlistType()), text);
        assertEquals("index_init.mp4", p.map(), text);
        assertTrue(Files.size(out.resolve("index_init.mp4")) > 0);
        assertEquals(3, p.segments().size(), text);
        assertTrue(p.segments().stream().allMatch(s -> s.uri().endsWith(".m4s")), text);
        // Read back through FFmpeg's HLS demuxer, copied into one file as a user would.
        Path copied = dir.resolve("event-fmp4.ts");
        RecordingResult back = Avline.copy(Input.url(out.resolve("index.m3u8").toString()), Output.file(copied)).run();
        assertEquals(RecordingResult.State.DONE, back.state(), String.valueOf(back.failure()));
        assertSameMedia(MediaProbe.decodeAll(copied));
    }

    @Test
    void liveWindowDeletesOldSegmentsAndDatesTheRest() throws IOException {
        Path out = dir.resolve("live");
        RecordingResult r = Avline.copy(Input.url(source.toString()),
                Output.hls(HlsOutput.live(out, 3).segmentSeconds(1))).run();
        assertEquals(RecordingResult.State.DONE, r.state(), String.valueOf(r.failure()));
        MediaPlaylist p = MediaPlaylist.parse(Files.readString(out.resolve("index.m3u8")));
        assertEquals(3, p.segments().size(), p.toString());
        assertEquals(3, p.mediaSequence(), "6 segments written, the first 3 left the window: " + p);
        assertTrue(p.segments().stream().allMatch(s -> s.programDateTime() != null), p.toString());
        try (Stream<Path> files = Files.list(out)) {
            long segments = files.filter(f -> f.toString().endsWith(".ts")).count();
            // FFmpeg keeps one segment beyond the window (hls_delete_threshold) for clients still reading it
            assertTrue(segments <= 4, segments + " segment files left");
        }
        MediaReport tail = MediaProbe.decodeAll(out.resolve("index.m3u8"));
        assertEquals(0, tail.totalDecodeErrors(), tail.toString());
        assertEquals(3.0, tail.video().duration(), 0.1, tail.toString());
    }

    /** A time-shift server: a live origin copied into a local live HLS directory, served, and recorded again. */
    @Test
    void liveInputToTimeShiftDirectoryServedAndRecorded() throws Exception {
        Path out = dir.resolve("timeshift");
        try (LiveHlsOrigin origin = LiveHlsOrigin.builder().segmentSeconds(0.5).video(160, 120, 20).window(6).start()) {
            LiveSettings live = LiveSettings.defaults().liveStartIndex(-1).outageBudget(Duration.ofSeconds(20));
            RecordingResult r = Avline.record(Input.url(origin.playlistUrl()), Output.hls(HlsOutput.live(out, 4).segmentSeconds(1)), live)
                    .maxDuration(Duration.ofSeconds(4)).run();
            assertEquals(RecordingResult.State.DONE, r.state(), String.valueOf(r.failure()));
        }
        MediaPlaylist p = MediaPlaylist.parse(Files.readString(out.resolve("index.m3u8")));
        assertTrue(p.segments().size() >= 3 && p.endList(), p.toString());
        try (HttpDirectory server = new HttpDirectory(out)) {
            Path recorded = dir.resolve("timeshift-recorded.ts");
            RecordingResult r = Avline.record(Input.url(server.url("index.m3u8")), Output.file(recorded),
                    LiveSettings.defaults().liveStartIndex(0).outageBudget(Duration.ofSeconds(10))).run();
            assertEquals(RecordingResult.State.DONE, r.state(), String.valueOf(r.failure()));
            MediaReport m = MediaProbe.decodeAll(recorded);
            assertEquals(0, m.totalDecodeErrors(), m.toString());
            assertTrue(m.allDtsStrictlyIncreasing(), m.toString());
            double listed = p.segments().stream().mapToDouble(MediaPlaylist.Segment::duration).sum();
            assertEquals(listed, m.video().duration(), 0.15, m.toString());
        }
    }

    private static void assertSameMedia(MediaReport out) {
        assertEquals(0, out.totalDecodeErrors(), out.toString());
        assertTrue(out.allDtsStrictlyIncreasing(), out.toString());
        assertEquals(in.video().frames(), out.video().frames(), out.toString());
        assertEquals(in.video().duration(), out.video().duration(), 0.05, out.toString());
        assertEquals(in.audio().duration(), out.audio().duration(), 0.05, out.toString());
    }

    private static void assertNoTemporaryFiles(Path d) throws IOException {
        try (Stream<Path> files = Files.list(d)) {
            List<Path> tmp = files.filter(f -> f.toString().endsWith(".tmp")).toList();
            assertFalse(!tmp.isEmpty(), "temporary files left: " + tmp);
        }
    }
}
