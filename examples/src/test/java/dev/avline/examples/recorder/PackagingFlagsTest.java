package dev.avline.examples.recorder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.avline.Container;
import dev.avline.examples.recorder.config.RecorderConfig;
import dev.avline.hlsout.HlsOutput;
import dev.avline.transcode.TranscodeSettings;
import picocli.CommandLine;

/** --hls-out, --ladder, --adaptive, --two-pass and --video-bitrate: what they become, and what they refuse, by name. */
class PackagingFlagsTest {
    @TempDir
    Path dir;

    private RecorderSettings resolve(String... args) {
        RecorderCommand c = new RecorderCommand();
        new CommandLine(c).parseArgs(args);
        return SettingsResolver.resolve(c, RecorderConfig.none(), false, () -> dir);
    }

    private String refusal(String... args) {
        return assertThrows(UsageException.class, () -> resolve(args)).getMessage();
    }

    private Path file() throws Exception {
        Path f = dir.resolve("movie.ts");
        Files.write(f, new byte[188]);
        return f;
    }

    @Test
    void hlsOutReplacesOutputAndPicksThePlaylistByInput() throws Exception {
        Path out = dir.resolve("hls");
        RecorderSettings s = resolve("--hls-out", out.toString(), "--format", "mp4", "--hls-segment", "2", file().toString());
        assertEquals(out.resolve("index.m3u8").toAbsolutePath(), s.output());
        HlsOutput vod = JobPlanner.hls(s, false);
        assertEquals(HlsOutput.Kind.VOD, vod.kind());
        assertEquals(Container.FRAGMENTED_MP4, vod.segments());
        assertEquals(2.0, vod.segmentSeconds());
        HlsOutput live = JobPlanner.hls(resolve("--hls-out", out.toString(), "--hls-window", "10", "http://127.0.0.1:1/live.m3u8"), true);
        assertEquals(HlsOutput.Kind.LIVE, live.kind());
        assertEquals(10, live.window());
        assertTrue(live.programDateTime());
        assertEquals(HlsOutput.Kind.EVENT, JobPlanner.hls(resolve("--hls-out", out.toString(), "--hls-type", "event",
                "http://127.0.0.1:1/live.m3u8"), true).kind());
    }

    @Test
    void ladderFromHeightsOrAJsonFile() throws Exception {
        RecorderSettings s = resolve("--ladder", "1080,720,480", "--adaptive", "--hls-out", dir.resolve("abr").toString(),
                "http://127.0.0.1:1/live.m3u8");
        assertEquals(Mode.TRANSCODE, s.mode().value());
        assertEquals("--ladder", s.mode().source());
        assertEquals(dir.resolve("abr").resolve("master.m3u8").toAbsolutePath(), s.output());
        assertEquals(3, s.packaging().ladder().renditions().size());
        assertEquals(5_000_000, s.packaging().ladder().renditions().get(0).bitrate());
        assertNotNull(s.packaging().ladder().adaptation());
        Path json = dir.resolve("ladder.json");
        Files.writeString(json, "{\"renditions\": [{\"name\": \"hd\", \"width\": 1280, \"height\": 720, \"bitrate\": 2500000},"
                + " {\"height\": 360, \"bitrate\": 700000}], \"preset\": \"faster\"}");
        RecorderSettings f = resolve("--ladder", json.toString(), "--two-pass", "--audio-normalize",
                "--hls-out", dir.resolve("vod").toString(), file().toString());
        assertEquals(java.util.List.of("hd", "360p"), f.packaging().ladder().renditions().stream().map(r -> r.name()).toList());
        assertEquals("faster", f.packaging().ladder().video().preset());
        assertTrue(f.packaging().ladder().twoPass());
        assertTrue(f.packaging().ladder().audio().loudnorm().twoPass(), "loudness measured in the same first pass");
    }

    @Test
    void transcodeGetsAdaptationTwoPassAndABitrate() throws Exception {
        TranscodeSettings t = TranscodeOptions.settings(resolve("--transcode", "--adaptive", "http://127.0.0.1:1/x.m3u8",
                dir.resolve("o.ts").toString()), "http://127.0.0.1:1/x.m3u8", true);
        assertNotNull(t.adaptation());
        assertTrue(t.hardware().isNone(), "adaptation is libx264's");
        String in = file().toString();
        TranscodeSettings two = TranscodeOptions.settings(resolve("--transcode", "--two-pass", "--video-bitrate", "2.5M", in,
                dir.resolve("o.ts").toString()), in, false);
        assertTrue(two.twoPass());
        assertEquals(2_500_000, two.video().bitrate());
        assertNull(TranscodeOptions.settings(resolve("--transcode", in, dir.resolve("o.ts").toString()), in, false).adaptation());
    }

    @Test
    void progressJsonCarriesEachRenditionsSpeed() throws Exception {
        dev.avline.Progress p = new dev.avline.Progress(java.time.Duration.ofSeconds(2), 60, 30, 2, 1000, 4, 1.0, 0, 0, 0,
                "none", java.util.Map.of(), false, java.util.List.of(
                        new dev.avline.Progress.RenditionProgress("720p", 1280, 720, 60, 2.0, 1.0, 700, 2.8, true),
                        new dev.avline.Progress.RenditionProgress("360p", 640, 360, 62, 2.1, 1.05, 300, 1.1, true)));
        com.fasterxml.jackson.databind.JsonNode n = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(dev.avline.examples.recorder.progress.JsonLines.snapshot(p, dir.resolve("master.m3u8")));
        assertEquals(2, n.get("renditions").size(), n.toString());
        assertEquals("360p", n.get("renditions").get(1).get("name").asText());
        assertEquals(1.05, n.get("renditions").get(1).get("speed").asDouble(), 1e-9);
        assertEquals(640, n.get("renditions").get(1).get("width").asInt());
        assertTrue(n.get("renditions").get(0).get("active").asBoolean());
    }

    @Test
    void refusesWhatDoesNotFitNamingTheFlag() throws Exception {
        String out = dir.resolve("o.ts").toString();
        String hls = dir.resolve("h").toString();
        String live = "http://127.0.0.1:1/live.m3u8";
        assertEquals("--ladder writes HLS: give --hls-out DIR (and no OUTPUT)", refusal("--ladder", "720", live, out));
        assertEquals("--ladder re-encodes every rendition: it cannot be combined with --copy",
                refusal("--copy", "--ladder", "720", "--hls-out", hls, live));
        assertEquals("--hls-out DIR is where the recording goes: give no OUTPUT with it", refusal("--hls-out", hls, live, out));
        assertTrue(refusal("--adaptive", live, out).startsWith("--adaptive applies to --transcode and --ladder only"));
        assertTrue(refusal("--transcode", "--two-pass", file().toString(), out).startsWith("--two-pass needs --ladder"));
        assertEquals("--two-pass reads the input twice: give a local file as INPUT",
                refusal("--ladder", "720", "--two-pass", "--hls-out", hls, live));
        assertEquals("--two-pass is for files and --adaptive for live inputs: choose one",
                refusal("--ladder", "720", "--two-pass", "--adaptive", "--hls-out", hls, file().toString()));
        assertEquals("--video-bitrate applies to --transcode only", refusal("--video-bitrate", "2M", live, out));
        assertEquals("--video-bitrate: a --ladder's bitrates are its renditions'",
                refusal("--ladder", "720", "--video-bitrate", "2M", "--hls-out", hls, live));
        assertEquals("--hls-window applies to --hls-out only", refusal("--hls-window", "10", live, out));
        assertEquals("--hls-window: expected at least 3 segments, got 2", refusal("--hls-out", hls, "--hls-window", "2", live));
        assertTrue(refusal("--ladder", "721", "--hls-out", hls, live).startsWith("--ladder: no preset for height 721"));
        Path json = dir.resolve("bad.json");
        Files.writeString(json, "{\"renditions\": [{\"height\": 720, \"bitrate\": 3000000, \"fps\": 30}]}");
        assertTrue(refusal("--ladder", json.toString(), "--hls-out", hls, live).contains("renditions[0]: unknown key 'fps'"));
        CommandLine.ParameterException e = assertThrows(CommandLine.ParameterException.class,
                () -> new CommandLine(new RecorderCommand()).parseArgs("--hls-type", "archive", live));
        assertTrue(e.getMessage().contains("expected live, event or vod"), e.getMessage());
        assertFalse(refusal("--hls-out", dir.resolve("missing").resolve("deeper").toString(), live).isEmpty());
    }
}
