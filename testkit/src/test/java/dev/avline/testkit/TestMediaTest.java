package dev.avline.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestMediaTest {
    @TempDir
    Path dir;

    @Test
    void generatedTransportStreamDecodesWithExpectedStreamsAndDuration() {
        Path ts = dir.resolve("a.ts");
        TestMedia.video(320, 240, 25).audioTracks(2).seconds(3).writeTo(ts, "mpegts");
        MediaReport r = MediaProbe.decodeAll(ts);
        assertEquals(3, r.streams().size(), r.toString());
        assertEquals("h264", r.video().codec());
        assertEquals(75, r.video().frames(), r.toString());
        assertEquals(3.0, r.video().duration(), 0.05, r.toString());
        assertEquals(2, r.ofType("audio").size());
        assertEquals(3.0, r.audio().duration(), 0.05, r.toString());
        assertEquals(0, r.totalDecodeErrors());
        assertTrue(r.allDtsStrictlyIncreasing());
    }

    @Test
    void generatedHlsWithFmp4SegmentsDecodes() throws Exception {
        Path playlist = TestMedia.video(320, 240, 25).seconds(4).writeHls(dir, 1, "fmp4");
        assertTrue(Files.readString(playlist).contains("#EXT-X-MAP"), Files.readString(playlist));
        MediaReport r = MediaProbe.decodeAll(playlist);
        assertEquals(100, r.video().frames(), r.toString());
        assertEquals(0, r.totalDecodeErrors());
    }

    @Test
    void inMemoryTransportStreamDecodes() {
        byte[] ts = TestMedia.video(160, 120, 25).seconds(2).toBytes("mpegts", Map.of());
        MediaReport r = MediaProbe.decodeAll(ts, "mpegts");
        assertEquals(50, r.video().frames(), r.toString());
    }
}
