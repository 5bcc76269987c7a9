package dev.avline.examples.recorder;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.avline.examples.recorder.config.ConfigLoader;
import dev.avline.examples.recorder.config.RecorderConfig;
import picocli.CommandLine;

/** What this build refuses, and by which name. No job is started here. */
class JobPlannerTest {
    @TempDir
    Path dir;

    private RecorderSettings settings(String json, String... args) {
        RecorderCommand c = new RecorderCommand();
        new CommandLine(c).parseArgs(args);
        RecorderConfig file = json == null ? RecorderConfig.none()
                : new ConfigLoader().parse(json.getBytes(StandardCharsets.UTF_8), "test.json");
        return SettingsResolver.resolve(c, file, false, () -> dir);
    }

    private String refusal(String json, String... args) {
        RecorderSettings s = settings(json, args);
        return assertThrows(UsageException.class, () -> new JobPlanner().plan(s, "http://127.0.0.1:1/x.m3u8")).getMessage();
    }

    @Test
    void transcodeIsRefusedByTheNameGiven() {
        String out = dir.resolve("o.ts").toString();
        assertTrue(refusal(null, "--transcode", "in", out).startsWith("--transcode is not available in this build"));
        assertTrue(refusal("{\"avline\": {\"mode\": \"transcode\"}}", "in", out)
                .startsWith("avline.mode: transcode is not available in this build"));
    }

    @Test
    void hardwareAndLoudnessAreRefusedNotIgnored() {
        String out = dir.resolve("o.ts").toString();
        assertTrue(refusal(null, "--hw", "vaapi", "in", out).startsWith("--hw is not available in this build"));
        assertTrue(refusal(null, "--audio-normalize", "in", out).startsWith("--audio-normalize is not available in this build"));
        assertTrue(refusal("{\"ffmpeg\": {\"audio_normalize\": true}}", "in", out)
                .startsWith("ffmpeg.audio_normalize: true is not available in this build"));
    }

    @Test
    void theFieldsUsualConfigPlansACopy() {
        // hw_accel is in every config the field has; it is for --transcode and must not stop a copy.
        RecorderSettings s = settings("{\"ffmpeg\": {\"hw_accel\": \"auto\", \"reconnect_enabled\": true,"
                + " \"audio_normalize\": false, \"probe_size\": \"10M\", \"stats_period\": 5, \"loglevel\": \"error\"}}",
                "--duration", "2", "http://127.0.0.1:1/live.m3u8", dir.resolve("o.ts").toString());
        assertNotNull(new JobPlanner().plan(s, s.input()));
    }
}
