package dev.avline.examples.recorder.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.avline.Container;
import dev.avline.examples.recorder.Hardware;
import dev.avline.examples.recorder.Mode;
import dev.avline.examples.recorder.ProgressMode;
import dev.avline.examples.recorder.UsageException;

class ConfigLoaderTest {
    private final ConfigLoader loader = new ConfigLoader();

    private RecorderConfig parse(String json) {
        return loader.parse(json.getBytes(StandardCharsets.UTF_8), "test.json");
    }

    private String error(String json) {
        return assertThrows(UsageException.class, () -> parse(json)).getMessage();
    }

    @Test
    void readsTheFieldsSchemaIntoTypedValues() {
        RecorderConfig c = parse("{\"ffmpeg\": {\"hw_accel\": \"auto\", \"reconnect_enabled\": true, "
                + "\"audio_normalize\": false, \"probe_size\": \"10M\", \"stats_period\": 5, \"loglevel\": \"error\"}}");
        assertEquals(Hardware.AUTO, c.ffmpeg().hwAccel());
        assertEquals(Boolean.TRUE, c.ffmpeg().reconnectEnabled());
        assertEquals(Boolean.FALSE, c.ffmpeg().audioNormalize());
        assertEquals(10_000_000L, c.ffmpeg().probeSizeBytes());
        assertEquals(Duration.ofSeconds(5), c.ffmpeg().statsPeriod());
        assertEquals("error", c.ffmpeg().loglevel());
        assertNull(c.avline().mode(), "keys not in the file stay unset");
    }

    @Test
    void readsAvlinesOwnKeys() {
        RecorderConfig c = parse("{\"avline\": {\"mode\": \"copy\", \"output_format\": \"mp4\", \"variant\": 800000,"
                + " \"headers\": {\"Referer\": \"https://example.com/\"}, \"duration\": 2.5, \"progress\": \"json\","
                + " \"input_options\": {\"rw_timeout\": 5000000}, \"outage_budget\": 120}}");
        assertEquals(Mode.COPY, c.avline().mode());
        assertEquals(Container.FRAGMENTED_MP4, c.avline().outputFormat());
        assertEquals("800000", c.avline().variant().toString());
        assertEquals(Map.of("Referer", "https://example.com/"), c.avline().headers());
        assertEquals(Duration.ofMillis(2500), c.avline().duration());
        assertEquals(ProgressMode.JSON, c.avline().progress());
        assertEquals(Map.of("rw_timeout", "5000000"), c.avline().inputOptions());
        assertEquals(Duration.ofSeconds(120), c.avline().outageBudget());
        String m = error("{\"avline\": {\"outage_budget\": 0.5}}");
        assertTrue(m.contains("avline.outage_budget: expected a number of seconds of at least 1"), m);
    }

    @Test
    void anUnknownKeyIsNamedWithItsPath() {
        String m = error("{\"ffmpeg\": {\"probesize\": \"10M\"}}");
        assertTrue(m.contains("ffmpeg.probesize: unknown key"), m);
        assertTrue(m.contains("probe_size"), "lists the known keys: " + m);
        assertTrue(m.startsWith("config test.json: "), m);
        assertTrue(error("{\"ffmpg\": {}}").contains("ffmpg: unknown key"));
        assertTrue(error("{\"avline\": {\"outputformat\": \"ts\"}}").contains("avline.outputformat: unknown key"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"ffmpeg\": {\"probe_size\": \"ten\"}}            | ffmpeg.probe_size: expected a size like 10M",
            "{\"ffmpeg\": {\"probe_size\": 4}}                  | ffmpeg.probe_size: expected a size like 10M",
            "{\"ffmpeg\": {\"probe_size\": \"10MB\"}}           | ffmpeg.probe_size: expected a size like 10M",
            "{\"ffmpeg\": {\"stats_period\": \"5\"}}            | ffmpeg.stats_period: expected a number of seconds",
            "{\"ffmpeg\": {\"stats_period\": 0.01}}             | ffmpeg.stats_period: expected a number of seconds of at least 0.1",
            "{\"ffmpeg\": {\"loglevel\": \"loud\"}}             | ffmpeg.loglevel: expected one of quiet, panic",
            "{\"ffmpeg\": {\"hw_accel\": \"gpu\"}}              | ffmpeg.hw_accel: expected auto, vaapi, cuda, qsv or none",
            "{\"ffmpeg\": {\"reconnect_enabled\": \"yes\"}}     | ffmpeg.reconnect_enabled: expected true or false",
            "{\"ffmpeg\": {\"audio_normalize\": 1}}             | ffmpeg.audio_normalize: expected true or false",
            "{\"ffmpeg\": []}                                   | ffmpeg: expected a JSON object",
            "{\"avline\": {\"mode\": \"encode\"}}               | avline.mode: expected copy or transcode",
            "{\"avline\": {\"output_format\": \"avi\"}}         | avline.output_format: expected \"ts\", \"mp4\", \"mp4-faststart\" or \"mkv\"",
            "{\"avline\": {\"variant\": \"highest\"}}           | avline.variant: expected best, worst or a bandwidth",
            "{\"avline\": {\"duration\": -3}}                   | avline.duration: expected a number of seconds",
            "{\"avline\": {\"progress\": \"fancy\"}}            | avline.progress: expected bar, json or none",
            "{\"avline\": {\"headers\": {\"X-A\": {}}}}         | avline.headers.X-A: expected a string",
            "{\"avline\": {\"headers\": {\"Bad Name\": \"v\"}}} | avline.headers.Bad Name: invalid character",
            "[1, 2]                                             | (top level): expected a JSON object",
    })
    void aBadValueIsNamedWithItsPath(String json, String expected) {
        String m = error(json);
        assertTrue(m.contains(expected), "expected \"" + expected + "\" in: " + m);
    }

    @Test
    void brokenJsonSaysWhere() {
        String m = error("{\"ffmpeg\": {\"loglevel\": \"error\",}\n}");
        assertTrue(m.contains("not valid JSON at line 1"), m);
        String dup = error("{\"ffmpeg\": {\"loglevel\": \"error\", \"loglevel\": \"info\"}}");
        assertTrue(dup.contains("loglevel"), "a duplicate key is named: " + dup);
        assertTrue(error("").contains("empty"));
    }

    @Test
    void loadNamesAMissingFileAsTheOption(@TempDir Path dir) throws Exception {
        String m = assertThrows(UsageException.class, () -> loader.load(dir.resolve("nope.json"))).getMessage();
        assertTrue(m.startsWith("--config: no such file"), m);
        Path ok = Files.writeString(dir.resolve("ok.json"), "{}");
        RecorderConfig c = loader.load(ok);
        assertEquals(ok.toString(), c.source());
        assertTrue(c.avline().headers().isEmpty());
        assertNull(c.ffmpeg().probeSizeBytes());
    }
}
