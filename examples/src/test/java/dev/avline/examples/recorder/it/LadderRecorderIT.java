package dev.avline.examples.recorder.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.avline.hlsout.MediaPlaylist;
import dev.avline.testkit.LiveHlsOrigin;
import dev.avline.testkit.MediaProbe;
import dev.avline.testkit.MediaReport;
import dev.avline.testkit.TestMedia;

/**
 * The recorder's HLS output as users run it, from the shaded jar in its own JVM: a ladder of a
 * local file in two passes, with each rendition's speed in the JSON progress; and a time-shift
 * directory written from a live origin on 127.0.0.1.
 */
class LadderRecorderIT {
    private static final Duration RUN_LIMIT = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static List<JsonNode> json(List<String> lines) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String l : lines) out.add(JSON.readTree(l));
        return out;
    }

    @Test
    void ladderOfAFileInTwoPassesWithEachRenditionsSpeed() throws Exception {
        Path in = dir.resolve("in.ts");
        TestMedia.video(640, 360, 25).seconds(4).writeTo(in, "mpegts");
        Path spec = dir.resolve("ladder.json");
        Files.writeString(spec, "{\"renditions\": [{\"name\": \"360p\", \"width\": 640, \"height\": 360, \"bitrate\": 600000},"
                + " {\"name\": \"180p\", \"width\": 320, \"height\": 180, \"bitrate\": 200000}], \"preset\": \"veryfast\"}");
        Path out = dir.resolve("abr");
        try (RecorderProcess p = RecorderProcess.start(dir, "--ladder", spec.toString(), "--two-pass", "--hls-out", out.toString(),
                "--hls-segment", "2", "--progress", "json", "--stats-period", "0.1", in.toString())) {
            assertEquals(0, p.exitCode(RUN_LIMIT), p.stderr());
            List<JsonNode> lines = json(p.stdoutLines());
            JsonNode last = lines.get(lines.size() - 1);
            assertEquals("done", last.get("state").asText(), last.toString());
            assertEquals("transcode", last.get("mode").asText());
            assertEquals(out.resolve("master.m3u8").toAbsolutePath().toString(), last.get("output").asText());
            List<JsonNode> snapshots = lines.subList(0, lines.size() - 1);
            assertFalse(snapshots.isEmpty(), "snapshots while encoding: " + p.stdoutLines());
            JsonNode snap = snapshots.get(snapshots.size() - 1);
            assertEquals(2, snap.get("renditions").size(), snap.toString());
            for (JsonNode r : snap.get("renditions")) {
                assertTrue(r.get("speed").asDouble() > 0 && r.has("frames") && r.has("bytes"), r.toString());
            }
        }
        String master = Files.readString(out.resolve("master.m3u8"));
        assertTrue(master.contains("RESOLUTION=640x360") && master.contains("RESOLUTION=320x180"), master);
        for (String name : new String[] {"360p", "180p"}) {
            Path playlist = out.resolve(name).resolve("index.m3u8");
            MediaPlaylist pl = MediaPlaylist.parse(Files.readString(playlist));
            assertEquals("VOD", pl.playlistType(), pl.toString());
            assertEquals(2, pl.segments().size(), pl.toString());
            MediaReport m = MediaProbe.decodeAll(playlist);
            assertEquals(0, m.totalDecodeErrors(), m.toString());
            assertEquals(100, m.video().frames(), m.toString());
        }
    }

    @Test
    void liveOriginToATimeShiftDirectory() throws Exception {
        Path out = dir.resolve("timeshift");
        try (LiveHlsOrigin origin = LiveHlsOrigin.builder().segmentSeconds(0.5).video(320, 240, 24).window(6).initialSegments(1).start();
             RecorderProcess p = RecorderProcess.start(dir, "--duration", "4", "--hls-out", out.toString(), "--hls-segment", "1",
                     "--hls-window", "3", "--progress", "json", origin.playlistUrl())) {
            assertEquals(0, p.exitCode(RUN_LIMIT), p.stderr());
            List<JsonNode> lines = json(p.stdoutLines());
            JsonNode last = lines.get(lines.size() - 1);
            assertEquals("done", last.get("state").asText(), last.toString());
            assertEquals("copy", last.get("mode").asText());
            assertTrue(last.get("segments").get("count").asLong() >= 6, "recorded by avline's live client: " + last);
            assertTrue(last.get("bytes").asLong() > 0, last.toString());
        }
        MediaPlaylist pl = MediaPlaylist.parse(Files.readString(out.resolve("index.m3u8")));
        assertEquals(3, pl.segments().size(), "a live window of 3: " + pl);
        assertTrue(pl.mediaSequence() > 0, "older segments left the window: " + pl);
        assertTrue(pl.segments().stream().allMatch(s -> s.programDateTime() != null), pl.toString());
        MediaReport m = MediaProbe.decodeAll(out.resolve("index.m3u8"));
        assertEquals(0, m.totalDecodeErrors(), m.toString());
        assertTrue(m.allDtsStrictlyIncreasing(), m.toString());
        assertEquals(pl.totalSeconds(), m.video().duration(), 0.1, m.toString());
    }
}
