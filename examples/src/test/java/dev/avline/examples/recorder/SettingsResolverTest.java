package dev.avline.examples.recorder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.avline.Container;
import dev.avline.examples.recorder.config.ConfigLoader;
import dev.avline.examples.recorder.config.RecorderConfig;
import picocli.CommandLine;

class SettingsResolverTest {
    @TempDir
    Path dir;

    private RecorderCommand cli(String... args) {
        RecorderCommand c = new RecorderCommand();
        new CommandLine(c).parseArgs(args);
        return c;
    }

    private RecorderConfig config(String json) {
        return new ConfigLoader().parse(json.getBytes(StandardCharsets.UTF_8), "test.json");
    }

    private RecorderSettings resolve(RecorderConfig file, String... args) {
        return SettingsResolver.resolve(cli(args), file, false, () -> dir);
    }

    @Test
    void defaultsWithoutConfig() {
        RecorderSettings s = resolve(RecorderConfig.none(), "http://127.0.0.1/live.m3u8", dir.resolve("out.ts").toString());
        assertEquals(Mode.COPY, s.mode().value());
        assertTrue(s.mode().isDefault());
        assertEquals(Container.MPEGTS, s.container());
        assertNull(s.duration());
        assertEquals(Duration.ofSeconds(5), s.statsPeriod());
        assertEquals(ProgressMode.NONE, s.progress(), "no terminal: no bar");
        assertTrue(s.reconnect());
        assertEquals("error", s.loglevel());
        assertEquals("best", s.variant().toString());
    }

    @Test
    void theBarIsTheDefaultOnATerminal() {
        RecorderSettings s = SettingsResolver.resolve(cli("in.ts", dir.resolve("o.ts").toString()), RecorderConfig.none(),
                true, () -> dir);
        assertEquals(ProgressMode.BAR, s.progress());
    }

    @Test
    void flagsOverrideTheFileAndTheFileOverridesDefaults() {
        RecorderConfig file = config("{\"ffmpeg\": {\"stats_period\": 2, \"hw_accel\": \"cuda\", \"probe_size\": \"1M\","
                + " \"reconnect_enabled\": false, \"loglevel\": \"warning\"},"
                + " \"avline\": {\"duration\": 30, \"variant\": \"worst\", \"progress\": \"none\", \"output_format\": \"mp4\","
                + " \"headers\": {\"Referer\": \"https://a.example/\", \"X-Keep\": \"1\"}}}");
        RecorderSettings s = resolve(file, "--duration", "3", "--stats-period", "0.5", "--progress", "json",
                "--header", "referer: https://b.example/", "--variant", "1200000", "in.m3u8",
                dir.resolve("out.ts").toString());
        assertEquals(Duration.ofSeconds(3), s.duration());
        assertEquals(Duration.ofMillis(500), s.statsPeriod());
        assertEquals(ProgressMode.JSON, s.progress());
        assertEquals("1200000", s.variant().toString());
        assertEquals(Map.of("X-Keep", "1", "referer", "https://b.example/"), s.headers(), "the flag replaces the file's header");
        assertEquals(Container.FRAGMENTED_MP4, s.container(), "output_format beats the extension");
        assertEquals(new Setting<>(Hardware.CUDA, "ffmpeg.hw_accel"), s.hardware());
        assertEquals(1_000_000L, s.probeSizeBytes());
        assertEquals(false, s.reconnect());
        assertEquals("warning", s.loglevel());

        RecorderSettings fileOnly = resolve(file, "in.m3u8", dir.resolve("out.ts").toString());
        assertEquals(Duration.ofSeconds(30), fileOnly.duration());
        assertEquals(Duration.ofSeconds(2), fileOnly.statsPeriod());
        assertEquals(ProgressMode.NONE, fileOnly.progress());
    }

    @Test
    void containerFromExtensionOrFormat() {
        assertEquals(Container.FRAGMENTED_MP4, resolve(RecorderConfig.none(), "in", dir.resolve("a.mp4").toString()).container());
        assertEquals(Container.MPEGTS,
                resolve(RecorderConfig.none(), "--format", "ts", "in", dir.resolve("a.bin").toString()).container());
        assertEquals(Container.MATROSKA, resolve(RecorderConfig.none(), "in", dir.resolve("a.mkv").toString()).container());
        assertEquals(Container.MP4_FASTSTART,
                resolve(RecorderConfig.none(), "--format", "mp4-faststart", "in", dir.resolve("a.mp4").toString()).container());
        String m = assertThrows(UsageException.class,
                () -> resolve(RecorderConfig.none(), "in", dir.resolve("a.avi").toString())).getMessage();
        assertTrue(m.startsWith("OUTPUT: cannot tell the container from \"a.avi\"") && m.contains(".mkv"), m);
    }

    @Test
    void missingArgumentsAndBadOutputAreNamed() {
        assertTrue(assertThrows(UsageException.class, () -> resolve(RecorderConfig.none())).getMessage()
                .startsWith("missing INPUT and OUTPUT"));
        assertTrue(assertThrows(UsageException.class, () -> resolve(RecorderConfig.none(), "in.ts")).getMessage()
                .startsWith("missing OUTPUT"));
        assertTrue(assertThrows(UsageException.class,
                () -> resolve(RecorderConfig.none(), "in.ts", dir.resolve("no/such/dir/o.ts").toString())).getMessage()
                .startsWith("OUTPUT: directory does not exist"));
        assertTrue(assertThrows(UsageException.class,
                () -> resolve(RecorderConfig.none(), "in.ts", dir.toString())).getMessage().contains("is a directory"));
    }

    @Test
    void demoRecordsTwentySecondsIntoAFreshDirectory() {
        RecorderSettings s = resolve(RecorderConfig.none(), "--demo");
        assertTrue(s.demo());
        assertNull(s.input());
        assertEquals(Duration.ofSeconds(20), s.duration());
        assertEquals(dir.resolve("avline-demo.ts"), s.output());

        RecorderSettings named = resolve(RecorderConfig.none(), "--demo", "--duration", "4", dir.resolve("d.mp4").toString());
        assertEquals(dir.resolve("d.mp4"), named.output());
        assertEquals(Container.FRAGMENTED_MP4, named.container());
        assertEquals(Duration.ofSeconds(4), named.duration());

        String m = assertThrows(UsageException.class, () -> resolve(RecorderConfig.none(), "--demo", "in.ts",
                dir.resolve("o.ts").toString())).getMessage();
        assertTrue(m.startsWith("--demo records its own stream"), m);
    }
}
