package dev.avline.hw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.avline.Avline;
import dev.avline.Input;
import dev.avline.Output;
import dev.avline.Progress;
import dev.avline.RecordingResult;
import dev.avline.events.Fallback;
import dev.avline.testkit.MediaProbe;
import dev.avline.testkit.MediaReport;
import dev.avline.testkit.TestMedia;
import dev.avline.transcode.TranscodeSettings;
import dev.avline.transcode.VideoSettings;

/** Runs only where a device exists (assumeTrue): the same job on the GPU, checked the same way. */
class HardwareTranscodeTest {
    @TempDir
    static Path dir;
    static Path input;
    static MediaReport in;

    @BeforeAll
    static void makeInput() {
        input = dir.resolve("in720.ts");
        TestMedia.video(1280, 720, 30).seconds(4).writeTo(input, "mpegts");
        in = MediaProbe.decodeAll(input);
    }

    private static void check(HwKind kind, VideoSettings video) {
        assumeTrue(HwProbe.device(kind, null).ok(), "no " + kind.deviceType() + " device here");
        List<Progress> progress = new ArrayList<>();
        Path out = dir.resolve(kind.deviceType() + "-" + video.width() + "-" + video.deinterlace() + ".ts");
        long t0 = System.nanoTime();
        RecordingResult r = Avline.transcode(Input.url(input.toString()), Output.file(out),
                TranscodeSettings.builder().video(video).hardware(Hardware.of(HwAccel.valueOf(kind.name()))).build())
                .onProgress(progress::add).run();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(RecordingResult.State.DONE, r.state(), String.valueOf(r.failure()));
        String hw = progress.get(progress.size() - 1).hardware();
        System.out.printf("%s %s: %d ms, hardware '%s', events %s%n", kind, video, ms, hw, r.events());
        boolean encoderWorks = HwProbe.encoder(kind, null, kind.encoderFor("h264")).ok();
        assertTrue(hw.startsWith(kind.deviceType()), hw);
        if (!encoderWorks) {
            assertTrue(r.events().stream().anyMatch(e -> e instanceof Fallback f && f.stage().equals("encode")), r.events().toString());
            assertTrue(hw.endsWith("libx264"), hw);
        }
        assertTrue(r.events().stream().noneMatch(e -> e instanceof Fallback f && f.stage().equals("decode")), r.events().toString());
        MediaReport rep = MediaProbe.decodeAll(out);
        assertEquals(in.video().frames(), rep.video().frames(), rep.toString());
        assertEquals(0, rep.totalDecodeErrors(), rep.toString());
        assertEquals(video.width() > 0 ? video.width() : 1280, rep.video().width());
        assertEquals(in.video().duration(), rep.video().duration(), 1 / 30.0);
    }

    @Test
    void cuda() {
        check(HwKind.CUDA, VideoSettings.h264());
    }

    @Test
    void cudaScaled() {
        check(HwKind.CUDA, VideoSettings.h264().scale(640, 360));
    }

    @Test
    void cudaDeinterlacedAndScaled() {
        check(HwKind.CUDA, VideoSettings.h264().scale(640, 360).deinterlace(dev.avline.transcode.Deinterlace.BWDIF));
    }

    @Test
    void vaapi() {
        check(HwKind.VAAPI, VideoSettings.h264());
    }

    @Test
    void qsv() {
        check(HwKind.QSV, VideoSettings.h264());
    }
}
