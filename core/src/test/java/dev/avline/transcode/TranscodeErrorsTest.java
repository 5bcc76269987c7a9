package dev.avline.transcode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.avline.Avline;
import dev.avline.Container;
import dev.avline.Input;
import dev.avline.Output;
import dev.avline.RecordingResult;
import dev.avline.ffi.FfmpegException;
import dev.avline.hw.HwKind;
import dev.avline.hw.HwProbe;
import dev.avline.testkit.TestMedia;

/** The first error stops everything, is reported with its stage, and leaves no half-open resource. */
class TranscodeErrorsTest {
    @TempDir
    static Path dir;
    static Path input;

    @BeforeAll
    static void makeInput() {
        input = dir.resolve("in.ts");
        TestMedia.video(320, 240, 25).seconds(3).writeTo(input, "mpegts");
    }

    /** Accepts some bytes, then fails like a closed socket. */
    private static final class FailingStream extends OutputStream {
        private long left;

        FailingStream(long bytes) {
            this.left = bytes;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len > left) throw new IOException("connection reset by the test");
            left -= len;
        }
    }

    @Test
    void aFailingOutputStopsThePipelineAndNamesTheMuxer() {
        RecordingResult r = Avline.transcode(Input.url(input.toString()),
                Output.stream(new FailingStream(100_000), Container.MPEGTS), TranscodeSettings.defaults()).run();
        assertEquals(RecordingResult.State.FAILED, r.state());
        StageFailure f = assertInstanceOf(StageFailure.class, r.failure(), String.valueOf(r.failure()));
        assertEquals("mux", f.stage());
        assertTrue(f.getMessage().contains("connection reset by the test"), f.getMessage());
        assertInstanceOf(FfmpegException.class, f.getCause());
    }

    @Test
    void aMissingInputFailsClearly() {
        Path out = dir.resolve("never.ts");
        RecordingResult r = Avline.transcode(Input.url(dir.resolve("missing.ts").toString()), Output.file(out),
                TranscodeSettings.defaults()).run();
        assertEquals(RecordingResult.State.FAILED, r.state());
        assertTrue(r.failure().getMessage().contains("missing.ts"), r.failure().getMessage());
        assertFalse(Files.exists(out), "no empty output file is left behind");
    }

    @Test
    void aTrackThatDoesNotExistIsNamed() {
        Path out = dir.resolve("tracks.ts");
        RecordingResult r = Avline.transcode(Input.url(input.toString()), Output.file(out),
                TranscodeSettings.builder().audioTracks(3).build()).run();
        assertEquals(RecordingResult.State.FAILED, r.state());
        assertTrue(r.failure().getMessage().startsWith("audio_tracks: track 3"), r.failure().getMessage());
        assertFalse(Files.exists(out));
    }

    @Test
    void copyOfACodecTheContainerCannotCarryIsRefused() {
        Path mkv = dir.resolve("pcm.mkv");
        TestMedia.video(160, 120, 25).seconds(1).audioEncoder("pcm_s16le", Map.of()).writeTo(mkv, "matroska");
        RecordingResult r = Avline.transcode(Input.url(mkv.toString()), Output.file(dir.resolve("pcm.ts")),
                TranscodeSettings.builder().audio(AudioSettings.copy()).build()).run();
        assertEquals(RecordingResult.State.FAILED, r.state());
        assertTrue(r.failure().getMessage().startsWith("audio.mode: COPY") && r.failure().getMessage().contains("pcm_s16le"),
                r.failure().getMessage());
    }

    @Test
    void aHardwareEncoderWithoutItsHardwareFailsWithFfmpegsReason() {
        assumeFalse(HwProbe.encoder(HwKind.CUDA, null, "h264_nvenc").ok(), "this machine has NVENC");
        RecordingResult r = Avline.transcode(Input.url(input.toString()), Output.file(dir.resolve("nvenc.ts")),
                TranscodeSettings.builder().video(VideoSettings.encoder("h264_nvenc")).build()).run();
        assertEquals(RecordingResult.State.FAILED, r.state());
        FfmpegException e = assertInstanceOf(FfmpegException.class, r.failure(), String.valueOf(r.failure()));
        assertTrue(e.getMessage().contains("h264_nvenc"), e.getMessage());
    }
}
