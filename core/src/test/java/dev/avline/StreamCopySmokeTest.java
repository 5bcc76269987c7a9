package dev.avline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.avline.testkit.MediaProbe;
import dev.avline.testkit.MediaReport;
import dev.avline.testkit.TestMedia;

class StreamCopySmokeTest {
    @TempDir
    Path dir;

    @Test
    void copiesHlsFmp4ToTransportStream() {
        Path playlist = TestMedia.video(320, 240, 25).seconds(4).writeHls(dir, 1, "fmp4");
        Path out = dir.resolve("out.ts");
        RecordingResult r = Avline.copy(Input.url(playlist.toString()), Output.file(out)).run();
        assertEquals(RecordingResult.State.DONE, r.state(), String.valueOf(r.failure()));
        MediaReport rep = MediaProbe.decodeAll(out);
        assertEquals(100, rep.video().frames(), rep.toString());
        assertEquals(4.0, rep.video().duration(), 0.05);
        assertEquals(0, rep.totalDecodeErrors());
        assertTrue(rep.allDtsStrictlyIncreasing());
    }

    @Test
    void remuxesSegmentInMemory() {
        byte[] ts = TestMedia.video(320, 240, 25).seconds(4).toBytes("mpegts", Map.of());
        byte[] mp4 = Avline.remuxSegment(ts, Container.FRAGMENTED_MP4);
        MediaReport rep = MediaProbe.decodeAll(mp4, null);
        assertEquals(100, rep.video().frames(), rep.toString());
        assertEquals(0, rep.totalDecodeErrors());
    }
}
