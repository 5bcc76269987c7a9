package dev.avline.transcode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.avline.Avline;
import dev.avline.Container;
import dev.avline.Input;
import dev.avline.Output;
import dev.avline.RecordingResult;
import dev.avline.testkit.MediaProbe;
import dev.avline.testkit.MediaReport;
import dev.avline.testkit.TestMedia;

/**
 * H.264 without libx264: OpenH264, the software H.264 encoder of both FFmpeg builds, the only one
 * of the LGPL build (-Davline.lgpl). Runs in either build: media made and transcoded with it alone.
 */
class OpenH264Test {
    @TempDir
    Path dir;

    @Test
    void transcodesWithOpenH264Only() {
        Path in = dir.resolve("in.ts");
        TestMedia.video(320, 240, 25).seconds(2).videoEncoder("libopenh264", Map.of("g", "25")).writeTo(in, "mpegts");
        Path out = dir.resolve("out.mp4");
        TranscodeSettings s = TranscodeSettings.builder().video(VideoSettings.encoder("libopenh264").bitrate(500_000)).build();
        RecordingResult r = Avline.transcode(Input.url(in.toString()), Output.file(out, Container.MP4_FASTSTART), s).run();
        assertEquals(RecordingResult.State.DONE, r.state(), String.valueOf(r.failure()));
        MediaReport rep = MediaProbe.decodeAll(out);
        assertEquals("h264", rep.video().codec());
        assertEquals(50, rep.video().frames(), rep.toString());
        assertEquals(0, rep.totalDecodeErrors());
        assertTrue(rep.allDtsStrictlyIncreasing());
    }
}
