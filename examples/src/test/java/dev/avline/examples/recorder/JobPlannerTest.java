package dev.avline.examples.recorder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.avline.config.LivePlan;
import dev.avline.examples.recorder.config.ConfigLoader;
import dev.avline.examples.recorder.config.RecorderConfig;
import dev.avline.hls.LiveSettings;
import picocli.CommandLine;

/** Which job the settings become, and what a stream copy refuses, by which name. No job is started here. */
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
    void transcodeIsPlannedFromTheFlagOrTheConfig() {
        String out = dir.resolve("o.ts").toString();
        RecorderSettings flag = settings(null, "--transcode", "--hw", "vaapi", "--audio-normalize", "in.ts", out);
        assertNotNull(new JobPlanner().plan(flag, flag.input()));
        RecorderSettings file = settings("{\"avline\": {\"mode\": \"transcode\"}, \"ffmpeg\": {\"audio_normalize\": true}}",
                "http://127.0.0.1:1/x.m3u8", out);
        assertNotNull(new JobPlanner().plan(file, file.input()), "a live HLS input is planned without being opened");
    }

    @Test
    void optionsOfTheTranscodeAreRefusedWithACopyByTheNameGiven() {
        String out = dir.resolve("o.ts").toString();
        assertEquals("--hw applies to --transcode only: this is a stream copy, the default, which decodes nothing",
                refusal(null, "--hw", "vaapi", "in", out));
        assertEquals("--hw applies to --transcode only: this is a stream copy (--copy), which decodes nothing",
                refusal(null, "--copy", "--hw", "none", "in", out));
        assertTrue(refusal(null, "--audio-normalize", "in", out).startsWith("--audio-normalize applies to --transcode only"));
        assertTrue(refusal("{\"ffmpeg\": {\"audio_normalize\": true}}", "--copy", "in", out)
                .startsWith("ffmpeg.audio_normalize: true applies to --transcode only: this is a stream copy (--copy)"));
        assertTrue(refusal("{\"avline\": {\"mode\": \"copy\"}}", "--audio-normalize", "in", out)
                .contains("this is a stream copy (avline.mode)"));
    }

    private static final String FIELD_CONFIG = "{\"ffmpeg\": {\"hw_accel\": \"auto\", \"reconnect_enabled\": true,"
            + " \"audio_normalize\": false, \"probe_size\": \"10M\", \"stats_period\": 5, \"loglevel\": \"error\"}}";

    @Test
    void theFieldsUsualConfigPlansARecording() {
        // hw_accel is in every config the field has; it is for --transcode and must not stop a copy.
        RecorderSettings s = settings(FIELD_CONFIG, "--duration", "2", "http://127.0.0.1:1/live.m3u8", dir.resolve("o.ts").toString());
        assertNotNull(new JobPlanner().plan(s, s.input()));
        RecorderSettings file = settings(FIELD_CONFIG, "in.ts", dir.resolve("o.ts").toString());
        assertNotNull(new JobPlanner().plan(file, file.input()));
    }

    @Test
    void remoteHlsIsRecordedLiveAndEverythingElseCopied() {
        RecorderSettings s = settings(null, "x", dir.resolve("o.ts").toString());
        JobPlanner planner = new JobPlanner();
        assertTrue(planner.isLiveHls(s, "https://cdn.example.com/live/index.m3u8?token=1"));
        assertFalse(planner.isLiveHls(s, "https://cdn.example.com/live/stream.ts"));
        assertFalse(planner.isLiveHls(s, "http://127.0.0.1:1/movie.mp4"));
        assertFalse(planner.isLiveHls(s, dir.resolve("local.m3u8").toString()), "a local playlist is a copy");
        assertFalse(planner.isLiveHls(s, "file:" + dir.resolve("local.m3u8")), "a local playlist is a copy");
    }

    private LivePlan live(String json) {
        return LiveOptions.plan(settings(json, "http://h/x.m3u8", dir.resolve("o.ts").toString()));
    }

    @Test
    void reconnectEnabledKeepsAvlinesResilienceWithTheConfiguredBudget() {
        LivePlan p = live("{\"ffmpeg\": {\"reconnect_enabled\": true}, \"avline\": {\"outage_budget\": 300}}");
        assertEquals(Duration.ofSeconds(300), p.settings().outageBudget());
        assertEquals(LiveSettings.defaults().httpOptions(), p.settings().httpOptions());
        assertEquals(LiveSettings.defaults().fetchAttempts(), p.settings().fetchAttempts());
        assertEquals(LiveSettings.defaults().outageBudget(), live(null).settings().outageBudget());
    }

    @Test
    void reconnectDisabledRetriesNothingAndSurvivesNoOutage() {
        LiveSettings s = live("{\"ffmpeg\": {\"reconnect_enabled\": false}}").settings();
        assertEquals(1, s.fetchAttempts());
        assertEquals("0", s.httpOptions().get("reconnect_max_retries"));
        assertTrue(s.outageBudget().toMillis() < 1, s.toString());
        String both = assertThrows(UsageException.class,
                () -> live("{\"ffmpeg\": {\"reconnect_enabled\": false}, \"avline\": {\"outage_budget\": 30}}")).getMessage();
        assertTrue(both.startsWith("avline.outage_budget:"), both);
    }

    @Test
    void requestOptionsBecomeLiveSettingsAndTheRestStaysOnTheInput() {
        LivePlan p = live("{\"avline\": {\"input_options\": {\"rw_timeout\": \"15000000\", \"reconnect_delay_max\": \"2\","
                + " \"reconnect_on_http_error\": \"4xx,5xx\", \"live_start_index\": \"-1\", \"analyzeduration\": \"2000000\","
                + " \"user_agent\": \"ua/1\"}}}");
        assertEquals(Duration.ofSeconds(15), p.settings().rwTimeout());
        assertEquals("15000000", p.settings().httpOptions().get("rw_timeout"));
        assertEquals("2", p.settings().httpOptions().get("reconnect_delay_max"));
        assertEquals(LiveSettings.defaults().httpOptions().get("reconnect_max_retries"),
                p.settings().httpOptions().get("reconnect_max_retries"), "the others keep avline's defaults");
        assertEquals("4xx,5xx", p.settings().httpOptions().get("reconnect_on_http_error"));
        assertEquals(-1, p.settings().liveStartIndex());
        assertEquals(Map.of("analyzeduration", "2000000", "user_agent", "ua/1"), p.inputOptions());
    }

    @Test
    void optionsTheLiveRecorderSetsItselfAreRefusedByName() {
        String m = assertThrows(UsageException.class,
                () -> live("{\"avline\": {\"input_options\": {\"reconnect_at_eof\": \"1\"}}}")).getMessage();
        assertTrue(m.startsWith("avline.input_options.reconnect_at_eof: set by avline's live HLS recording itself"), m);
        m = assertThrows(UsageException.class,
                () -> live("{\"avline\": {\"input_options\": {\"rw_timeout\": \"soon\"}}}")).getMessage();
        assertEquals("avline.input_options.rw_timeout: expected a whole number, got \"soon\"", m);
        m = assertThrows(UsageException.class,
                () -> live("{\"avline\": {\"input_options\": {\"reconnect_on_http_error\": \"all\"}}}")).getMessage();
        assertTrue(m.startsWith("avline.input_options.reconnect_on_http_error: expected codes like 5xx"), m);
    }
}
