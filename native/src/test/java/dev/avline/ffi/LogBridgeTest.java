package dev.avline.ffi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicReference;

import org.bytedeco.ffmpeg.global.avutil;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LogBridgeTest {
    @BeforeEach
    void load() {
        Ffmpeg.ensureLoaded();
        LogBridge.clearLastLine();
    }

    @Test
    void assemblesPartialLines() {
        LogBridge.onMessage(avutil.AV_LOG_WARNING, "Packet corrupt ");
        assertNull(LogBridge.lastLineOnThisThread(), "a partial line is not a line yet");
        LogBridge.onMessage(avutil.AV_LOG_WARNING, "(stream = 0, dts = 9000)");
        LogBridge.onMessage(avutil.AV_LOG_WARNING, ".\n");
        assertEquals("Packet corrupt (stream = 0, dts = 9000).", LogBridge.lastLineOnThisThread());
        LogBridge.onMessage(avutil.AV_LOG_ERROR, "first\nsecond\n");
        assertEquals("second", LogBridge.lastLineOnThisThread());
    }

    @Test
    void onlyWarningsAndErrorsBecomeTheLastLine() {
        LogBridge.onMessage(avutil.AV_LOG_ERROR, "real problem\n");
        LogBridge.onMessage(avutil.AV_LOG_INFO, "chatter\n");
        LogBridge.onMessage(avutil.AV_LOG_DEBUG, "more chatter\n");
        assertEquals("real problem", LogBridge.lastLineOnThisThread());
    }

    @Test
    void lastLineIsPerThread() throws Exception {
        LogBridge.onMessage(avutil.AV_LOG_ERROR, "main thread line\n");
        AtomicReference<String> other = new AtomicReference<>();
        AtomicReference<String> otherBefore = new AtomicReference<>("unset");
        Thread t = new Thread(() -> {
            otherBefore.set(LogBridge.lastLineOnThisThread());
            LogBridge.onMessage(avutil.AV_LOG_ERROR, "worker ");
            LogBridge.onMessage(avutil.AV_LOG_ERROR, "line\n");
            other.set(LogBridge.lastLineOnThisThread());
        });
        // a partial line of this thread must not be completed by the other thread's text
        LogBridge.onMessage(avutil.AV_LOG_ERROR, "half of ");
        t.start();
        t.join(5000);
        LogBridge.onMessage(avutil.AV_LOG_ERROR, "a main line\n");
        assertNull(otherBefore.get());
        assertEquals("worker line", other.get());
        assertEquals("half of a main line", LogBridge.lastLineOnThisThread());
    }

    @Test
    void redactsUrlsInLines() {
        LogBridge.onMessage(avutil.AV_LOG_ERROR,
                "Failed to open segment 'https://bob:pw@cdn.example/seg1.ts?token=zzz' for reading\n");
        String line = LogBridge.lastLineOnThisThread();
        assertEquals("Failed to open segment 'https://***@cdn.example/seg1.ts?token=***' for reading", line);
        assertFalse(line.contains("pw") || line.contains("zzz"));
    }

    @Test
    void nativeAvLogReachesTheBridgeRedactedAndFilteredByLevel() {
        // av_log with a format string: "%" must be doubled, it is printf-style in native code.
        avutil.av_log(null, avutil.AV_LOG_ERROR, "HTTP error 403 for 'http://u:pw@h/a.ts?sig=abc' (100%% sure)\n");
        assertEquals("HTTP error 403 for 'http://***@h/a.ts?sig=***' (100% sure)", LogBridge.lastLineOnThisThread());
        // FFmpeg's own level follows SLF4J's for dev.avline.ffmpeg (warn in the tests' simplelogger.properties).
        LogBridge.refreshLevel();
        assertEquals(avutil.AV_LOG_WARNING, avutil.av_log_get_level());
        avutil.av_log(null, avutil.AV_LOG_WARNING, "partial ");
        avutil.av_log(null, avutil.AV_LOG_WARNING, "warning\n");
        assertEquals("partial warning", LogBridge.lastLineOnThisThread());
    }

    @Test
    void expectedLinesGoToTraceOnThisThreadOnly() throws Exception {
        java.util.List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        LogBridge.observer = (level, line) -> seen.add(level + " " + line);
        try {
            try (AutoCloseable quiet = LogBridge.expecting("not on whitelist", "Failed to open codec")) {
                LogBridge.onMessage(avutil.AV_LOG_ERROR, "Codec (h264) not on whitelist 'aac'\n");
                LogBridge.onMessage(avutil.AV_LOG_WARNING, "Failed to open codec in avformat_find_stream_info\n");
                LogBridge.onMessage(avutil.AV_LOG_ERROR, "a real error\n");
            }
            LogBridge.onMessage(avutil.AV_LOG_ERROR, "Codec (hevc) not on whitelist 'aac'\n");
        } finally {
            LogBridge.observer = null;
        }
        assertEquals(java.util.List.of("ERROR a real error", "ERROR Codec (hevc) not on whitelist 'aac'"), seen,
                "expected lines never reach their FFmpeg level; after the scope they do again");
    }

    @Test
    void parsesLevelNames() {
        assertEquals(avutil.AV_LOG_WARNING, LogBridge.parseLevel("Warning"));
        assertEquals(avutil.AV_LOG_QUIET, LogBridge.parseLevel("quiet"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LogBridge.parseLevel("loud"));
        assertTrue(e.getMessage().contains("'loud'"));
    }
}
