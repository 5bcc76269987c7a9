package dev.avline.ffi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.bytedeco.ffmpeg.global.avutil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.event.Level;

class LogLevelMapTest {
    private final List<String> seen = new CopyOnWriteArrayList<>();

    @BeforeEach
    void observe() {
        Ffmpeg.ensureLoaded();
        LogBridge.observer = (level, line) -> seen.add(level + " " + line);
    }

    @AfterEach
    void restore() {
        LogBridge.observer = null;
        LogBridge.refreshLevel();
    }

    @Test
    void ffmpegLevelsMapOneToOneExceptRoutineInfo() {
        assertEquals(Level.ERROR, LogLevelMap.levelOf(avutil.AV_LOG_FATAL, "[hls @ 0x1] Skip ('#EXT-X-VERSION:3')"));
        assertEquals(Level.ERROR, LogLevelMap.levelOf(avutil.AV_LOG_ERROR, "anything"));
        assertEquals(Level.WARN, LogLevelMap.levelOf(avutil.AV_LOG_WARNING, "Opening 'x.ts' for reading"),
                "a warning is never demoted, whatever it says");
        assertEquals(Level.INFO, LogLevelMap.levelOf(avutil.AV_LOG_INFO, "[hls @ 0x55d0c8a1b2c0] New thing"));
        assertEquals(Level.DEBUG, LogLevelMap.levelOf(avutil.AV_LOG_INFO, "[hls @ 0x55d0c8a1b2c0] Skip ('#EXT-X-VERSION:3')"));
        assertEquals(Level.DEBUG, LogLevelMap.levelOf(avutil.AV_LOG_VERBOSE, "[tcp @ 0x1] Starting connection attempt"));
        assertEquals(Level.TRACE, LogLevelMap.levelOf(avutil.AV_LOG_DEBUG, "[h264 @ 0x1] Decoding VUI"));
        assertEquals(Level.TRACE, LogLevelMap.levelOf(avutil.AV_LOG_TRACE, "x"));
    }

    @Test
    void routineLinesAreRecognisedByComponentAndMessage() {
        assertTrue(LogLevelMap.isRoutine("[hls @ 0x7f3a] Skip ('#EXT-X-DISCONTINUITY-SEQUENCE:0')"));
        assertTrue(LogLevelMap.isRoutine("[hls @ 0x7f3a] Opening 'http://127.0.0.1:1/live/seg_3.ts' for reading"));
        assertTrue(LogLevelMap.isRoutine("[hls @ 0x7f3a] No longer receiving playlist 1 ('http://h/b.m3u8')"));
        assertTrue(LogLevelMap.isRoutine("[libx264 @ 0x1] frame I:200   Avg QP:26.42  size:  6980"));
        assertTrue(LogLevelMap.isRoutine("[aac @ 0x1] Qavg: 371.644"));
        assertFalse(LogLevelMap.isRoutine("[aac @ 0x1] Too many bits per frame requested"));
        assertFalse(LogLevelMap.isRoutine("[mpegts @ 0x1] Skip ('#EXT-X-VERSION:3')"), "only the HLS demuxer's Skip lines");
        assertFalse(LogLevelMap.isRoutine("Skip this"));
        assertFalse(LogLevelMap.isRoutine("[not a prefix] Skip ('#EXT')"));
    }

    @Test
    void componentIsTheInnermostPrefix() {
        assertEquals("hls", LogLevelMap.component("[hls @ 0x55d0c8a1b2c0] Skip ('#EXT-X-VERSION:3')"));
        assertEquals("h264", LogLevelMap.component("[mpegts @ 0x1] [h264 @ 0x2] nal_unit_type: 5"));
        assertEquals("nal_unit_type: 5", LogLevelMap.message("[mpegts @ 0x1] [h264 @ 0x2] nal_unit_type: 5"));
        assertNull(LogLevelMap.component("detected 2 logical cores"));
        assertEquals("detected 2 logical cores", LogLevelMap.message("detected 2 logical cores"));
        assertNull(LogLevelMap.component("[unterminated @ 0x1 text"));
    }

    /**
     * An HLS playlist opened by FFmpeg's own demuxer, with FFmpeg at INFO: its per-reload lines
     * ({@code Skip}, {@code Opening … for reading}) arrive, and go to DEBUG, not INFO.
     */
    @Test
    void hlsDemuxerChatterGoesToDebug(@TempDir Path dir) throws Exception {
        byte[] segment = Clips.transportStream(25);
        Files.write(dir.resolve("seg0.ts"), segment);
        Files.writeString(dir.resolve("index.m3u8"), "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:1\n"
                + "#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-INDEPENDENT-SEGMENTS\n#EXTINF:1.0,\nseg0.ts\n#EXT-X-ENDLIST\n");
        LogBridge.setLevel("info");
        try (InputContainer in = InputContainer.url(dir.resolve("index.m3u8").toString())
                .options(java.util.Map.of("allowed_extensions", "ts,m3u8")).open()) {
            assertTrue(Clips.countPackets(in) > 0);
        }
        assertTrue(seen.stream().anyMatch(l -> l.startsWith("DEBUG ") && l.contains("Skip ('#EXT-X-VERSION:3')")), seen.toString());
        assertTrue(seen.stream().anyMatch(l -> l.startsWith("DEBUG ") && l.contains("seg0.ts' for reading")), seen.toString());
        assertFalse(seen.stream().anyMatch(l -> l.startsWith("INFO ") && l.contains("[hls @")), seen.toString());
    }
}
