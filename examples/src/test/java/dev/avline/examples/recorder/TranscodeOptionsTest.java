package dev.avline.examples.recorder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.avline.examples.recorder.config.ConfigLoader;
import dev.avline.examples.recorder.config.RecorderConfig;
import dev.avline.hw.HwAccel;
import dev.avline.transcode.Loudnorm;
import dev.avline.transcode.StreamMode;
import dev.avline.transcode.TranscodeSettings;
import picocli.CommandLine;

/** The recorder's flags and config as transcode settings. */
class TranscodeOptionsTest {
    @TempDir
    Path dir;

    private RecorderSettings settings(String json, String... args) {
        RecorderCommand c = new RecorderCommand();
        new CommandLine(c).parseArgs(args);
        RecorderConfig file = json == null ? RecorderConfig.none()
                : new ConfigLoader().parse(json.getBytes(StandardCharsets.UTF_8), "test.json");
        return SettingsResolver.resolve(c, file, false, () -> dir);
    }

    @Test
    void theFieldsSoftwarePathWithEveryStreamReencoded() {
        RecorderSettings s = settings(null, "--transcode", "in.ts", dir.resolve("o.ts").toString());
        TranscodeSettings t = TranscodeOptions.settings(s, "in.ts", false);
        assertEquals("libx264", t.video().encoder());
        assertEquals("ultrafast", t.video().preset());
        assertEquals("baseline", t.video().profile());
        assertEquals(StreamMode.TRANSCODE, t.video().mode());
        assertEquals("aac", t.audio().encoder());
        assertEquals(128_000, t.audio().bitrate());
        assertEquals(StreamMode.TRANSCODE, t.audio().mode(), "an AAC input track is re-encoded too, not copied");
        assertNull(t.audio().loudnorm());
        assertTrue(t.audioTracks().isEmpty(), "every audio track kept");
        assertEquals(HwAccel.AUTO, t.hardware().accel(), "the default hardware is auto");
    }

    @Test
    void hardwareFromTheFlagOverTheConfig() {
        String out = dir.resolve("o.ts").toString();
        assertEquals(HwAccel.CUDA, TranscodeOptions.settings(settings("{\"ffmpeg\": {\"hw_accel\": \"cuda\"}}",
                "--transcode", "in.ts", out), "in.ts", false).hardware().accel());
        assertEquals(HwAccel.NONE, TranscodeOptions.settings(settings("{\"ffmpeg\": {\"hw_accel\": \"cuda\"}}",
                "--transcode", "--hw", "none", "in.ts", out), "in.ts", false).hardware().accel());
        for (String kind : new String[] {"auto", "vaapi", "cuda", "qsv", "none"}) {
            assertEquals(HwAccel.parse(kind), TranscodeOptions.settings(settings(null, "--transcode", "--hw", kind, "in.ts", out),
                    "in.ts", false).hardware().accel(), kind);
        }
    }

    @Test
    void loudnessIsTwoPassForAWholeLocalFileAndDynamicOtherwise() throws Exception {
        Path file = Files.write(dir.resolve("in.ts"), new byte[188]);
        String out = dir.resolve("o.ts").toString();
        Loudnorm whole = TranscodeOptions.settings(settings(null, "--transcode", "--audio-normalize", file.toString(), out),
                file.toString(), false).audio().loudnorm();
        assertEquals(Loudnorm.ebuR128().withTwoPass(true), whole);
        Loudnorm fromConfig = TranscodeOptions.settings(settings("{\"ffmpeg\": {\"audio_normalize\": true}}", "--transcode",
                file.toString(), out), "file:" + file, false).audio().loudnorm();
        assertTrue(fromConfig.twoPass(), "a file: URL is a file");

        Loudnorm limited = TranscodeOptions.settings(settings(null, "--transcode", "--audio-normalize", "--duration", "5",
                file.toString(), out), file.toString(), false).audio().loudnorm();
        assertEquals(Loudnorm.ebuR128(), limited, "with --duration the first pass would measure what is not recorded");
        String remote = "http://127.0.0.1:1/movie.mp4";
        assertFalse(TranscodeOptions.settings(settings(null, "--transcode", "--audio-normalize", remote, out), remote, false)
                .audio().loudnorm().twoPass());
        String live = "http://127.0.0.1:1/live.m3u8";
        assertFalse(TranscodeOptions.settings(settings(null, "--transcode", "--audio-normalize", live, out), live, true)
                .audio().loudnorm().twoPass());
    }

    @Test
    void onlyRegularFilesCountAsLocalFiles() throws Exception {
        Path file = Files.write(dir.resolve("a.ts"), new byte[1]);
        assertTrue(TranscodeOptions.isLocalFile(file.toString()));
        assertTrue(TranscodeOptions.isLocalFile("file:" + file));
        assertTrue(TranscodeOptions.isLocalFile("file://" + file));
        assertFalse(TranscodeOptions.isLocalFile(dir.resolve("missing.ts").toString()));
        assertFalse(TranscodeOptions.isLocalFile(dir.toString()), "a directory");
        assertFalse(TranscodeOptions.isLocalFile("https://example.com/a.ts"));
        assertFalse(TranscodeOptions.isLocalFile("udp://127.0.0.1:1234"));
        assertFalse(TranscodeOptions.isLocalFile("pipe:0"));
        assertFalse(TranscodeOptions.isLocalFile(null));
    }
}
