package dev.avline.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.avline.Avline;
import dev.avline.Container;
import dev.avline.Input;
import dev.avline.RecordingResult;
import dev.avline.hw.HwAccel;
import dev.avline.testkit.LiveHlsOrigin;
import dev.avline.testkit.MediaProbe;
import dev.avline.testkit.MediaReport;
import dev.avline.testkit.TestMedia;
import dev.avline.transcode.TranscodeSettings;

/** The field's JSON schema as plain maps (what any JSON library returns), checked, typed and mapped onto avline. */
class AvlineConfigTest {
    @TempDir
    Path dir;

    /** A JSON object as a map, keys in order: {@code obj("a", 1, "b", obj(...))}. */
    private static Map<String, Object> obj(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    private static String error(Object root) {
        return assertThrows(ConfigException.class, () -> AvlineConfig.fromJsonValue(root, "rec.json")).getMessage();
    }

    @Test
    void everyKeyIsTyped() {
        AvlineConfig c = AvlineConfig.fromMap(obj(
                "ffmpeg", obj("hw_accel", "none", "reconnect_enabled", false, "audio_normalize", true, "probe_size", "10M",
                        "stats_period", 0.5, "loglevel", "WARNING"),
                "avline", obj("mode", "transcode", "output_format", "mkv", "variant", 800000,
                        "headers", obj("Referer", "https://example.com/"), "duration", 60, "progress", "json",
                        "input_options", obj("rw_timeout", 15000000, "analyzeduration", new BigDecimal("2000000")),
                        "outage_budget", 30L)), "rec.json");
        assertEquals(HwAccel.NONE, c.ffmpeg().hwAccel());
        assertEquals(false, c.ffmpeg().reconnectEnabled());
        assertEquals(true, c.ffmpeg().audioNormalize());
        assertEquals(10_000_000L, c.ffmpeg().probeSizeBytes());
        assertEquals(Duration.ofMillis(500), c.ffmpeg().statsPeriod());
        assertEquals("warning", c.ffmpeg().loglevel());
        assertEquals(AvlineConfig.Mode.TRANSCODE, c.mode());
        assertEquals(Container.MATROSKA, c.avline().outputFormat());
        assertEquals(Map.of("Referer", "https://example.com/"), c.avline().headers());
        assertEquals(Duration.ofSeconds(60), c.avline().duration());
        assertEquals("json", c.avline().progress());
        assertEquals(Map.of("rw_timeout", "15000000", "analyzeduration", "2000000"), c.avline().inputOptions(),
                "numbers become the strings FFmpeg's options take");
        assertEquals(Duration.ofSeconds(30), c.avline().outageBudget());

        AvlineConfig none = AvlineConfig.none();
        assertNull(none.ffmpeg().hwAccel());
        assertEquals(AvlineConfig.Mode.COPY, none.mode());
        assertTrue(none.reconnect());
    }

    @Test
    void badKeysAndValuesAreNamedByPath() {
        assertTrue(error(obj("ffmpg", obj())).startsWith("config rec.json: ffmpg: unknown key"));
        assertTrue(error(obj("ffmpeg", obj("probesize", "10M"))).contains("ffmpeg.probesize: unknown key (known keys of ffmpeg: hw_accel"));
        assertTrue(error(obj("ffmpeg", obj("probe_size", "ten"))).contains("ffmpeg.probe_size: expected a size like 10M, got \"ten\""));
        assertTrue(error(obj("ffmpeg", obj("probe_size", 4))).contains("ffmpeg.probe_size: expected a size like 10M"));
        assertTrue(error(obj("ffmpeg", obj("stats_period", "5"))).contains("ffmpeg.stats_period: expected a number of seconds, got \"5\""));
        assertTrue(error(obj("ffmpeg", obj("reconnect_enabled", "yes"))).contains("ffmpeg.reconnect_enabled: expected true or false"));
        assertTrue(error(obj("ffmpeg", obj("hw_accel", "gpu"))).contains("ffmpeg.hw_accel: expected auto, vaapi, cuda, qsv or none"));
        assertTrue(error(obj("ffmpeg", List.of())).contains("ffmpeg: expected a JSON object {...}, got an array"));
        assertTrue(error(obj("avline", obj("output_format", "avi"))).contains("avline.output_format: expected \"ts\", \"mp4\""));
        assertTrue(error(obj("avline", obj("variant", 1.5))).contains("avline.variant: expected"));
        assertTrue(error(obj("avline", obj("headers", obj("Bad Name", "v")))).contains("avline.headers.Bad Name: invalid character"));
        assertTrue(error(obj("avline", obj("input_options", obj("x", List.of())))).contains("avline.input_options.x: expected a string"));
        assertTrue(error(List.of(1, 2)).contains("(top level): expected a JSON object"));
        assertTrue(error(null).contains("empty"));
        ConfigException e = assertThrows(ConfigException.class, () -> AvlineConfig.fromMap(obj("avline", obj("duration", -3)), null));
        assertEquals("avline.duration", e.path());
        assertTrue(e.reason().startsWith("expected a number of seconds of at least"), e.reason());
    }

    @Test
    void mapsOntoInputsLiveSettingsAndTranscodes() {
        AvlineConfig c = AvlineConfig.fromMap(obj(
                "ffmpeg", obj("probe_size", "2Mi", "reconnect_enabled", true),
                "avline", obj("headers", obj("X-Token", "t"), "variant", "worst", "outage_budget", 120,
                        "input_options", obj("rw_timeout", "15000000", "user_agent", "ua/1"))), null);
        Input in = c.input("https://cdn.example.com/live/master.m3u8");
        assertEquals(Map.of("X-Token", "t"), in.headers());
        assertEquals(String.valueOf(2 * 1024 * 1024), in.options().get("probesize"));
        assertEquals(dev.avline.Variant.worst().toString(), in.variant().toString());

        LivePlan live = c.live();
        assertEquals(Duration.ofSeconds(120), live.settings().outageBudget());
        assertEquals(Duration.ofSeconds(15), live.settings().rwTimeout());
        assertEquals(Map.of("user_agent", "ua/1"), live.inputOptions(), "what the live recorder does not take stays on the input");
        assertEquals("1", c.inputOptions(true).get("reconnect"));
        assertEquals("ua/1", c.inputOptions(true).get("user_agent"));
        assertEquals(null, c.inputOptions(false).get("reconnect"), "no HTTP options for a file");

        String m = assertThrows(ConfigException.class, () -> AvlineConfig.fromMap(obj("avline",
                obj("input_options", obj("reconnect_at_eof", "1"))), "rec.json").live()).getMessage();
        assertTrue(m.startsWith("config rec.json: avline.input_options.reconnect_at_eof: set by avline's live HLS recording"), m);

        TranscodeSettings t = AvlineConfig.fromMap(obj("ffmpeg", obj("hw_accel", "none", "audio_normalize", true)), null)
                .transcodeSettings();
        assertEquals("libx264", t.video().encoder());
        assertEquals(HwAccel.NONE, t.hardware().accel());
        assertTrue(t.audio().loudnorm() != null, "audio_normalize: loudnorm");
        assertEquals(HwAccel.AUTO, AvlineConfig.none().transcodeSettings().hardware().accel(), "hw_accel defaults to auto");
    }

    @Test
    void aServerRunsAJobFromItsConfig() {
        AvlineConfig c = AvlineConfig.fromMap(obj(
                "ffmpeg", obj("stats_period", 0.2),
                "avline", obj("output_format", "ts", "duration", 2)), "channel.json");
        try (LiveHlsOrigin origin = LiveHlsOrigin.builder().segmentSeconds(1).vod(4).start()) {
            LivePlan live = c.live();
            Path out = dir.resolve("channel.bin");
            RecordingResult r = c.apply(Avline.record(c.input(origin.playlistUrl()).options(live.inputOptions()),
                    c.output(out), live.settings())).run();
            assertEquals(RecordingResult.State.DONE, r.state(), String.valueOf(r.failure()));
            MediaReport rep = MediaProbe.decodeAll(out);
            assertEquals("mpegts", rep.format(), "output_format wins over the extension");
            assertEquals(2.0, rep.video().duration(), 0.1, "duration: the job stopped at 2 s of 4: " + rep);
            assertEquals(0, rep.totalDecodeErrors());
        }
        // The same config, a file input: a copy.
        Path src = dir.resolve("src.ts");
        TestMedia.video(160, 120, 25).seconds(3).writeTo(src, "mpegts");
        Path out = dir.resolve("copy.ts");
        RecordingResult r = c.apply(Avline.copy(c.input(src.toString()).options(c.inputOptions(false)), c.output(out))).run();
        assertEquals(2.0, r.mediaSeconds(), 0.1);
    }
}
