package dev.avline.ffi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.bytedeco.ffmpeg.global.avutil;
import org.junit.jupiter.api.Test;

class FfmpegExceptionTest {
    @Test
    void messageNamesOperationCodeTextAndRedactedUrl() {
        LogBridge.clearLastLine();
        FfmpegException e = new FfmpegException("open input", AvError.HTTP_NOT_FOUND.code(),
                "http://alice:s3cret@cdn.example/live/index.m3u8?token=abc123&quality=hd");
        String m = e.getMessage();
        assertTrue(m.startsWith("open input failed for "), m);
        assertTrue(m.contains("HTTP_NOT_FOUND"), m);
        assertTrue(m.contains("Server returned 404 Not Found"), m);
        assertTrue(m.contains("http://***@cdn.example/live/index.m3u8?token=***&quality=hd"), m);
        assertFalse(m.contains("alice") || m.contains("s3cret") || m.contains("abc123"), m);
        assertEquals(AvError.HTTP_NOT_FOUND, e.error());
        assertEquals(AvError.HTTP_NOT_FOUND.code(), e.code());
        assertEquals("open input", e.operation());
        assertEquals("Server returned 404 Not Found", e.ffmpegMessage());
        assertFalse(e.url().contains("s3cret"));
    }

    @Test
    void carriesTheLastLogLineOfTheFailingThread() {
        LogBridge.onMessage(avutil.AV_LOG_ERROR, "Invalid data found at offset 188\n");
        FfmpegException e = new FfmpegException("read packet", AvError.INVALIDDATA.code(), "file.ts");
        assertEquals("Invalid data found at offset 188", e.lastLogLine());
        assertTrue(e.getMessage().endsWith("; FFmpeg said: Invalid data found at offset 188"), e.getMessage());
        LogBridge.clearLastLine();
        assertNull(new FfmpegException("read packet", AvError.EOF.code(), null).lastLogLine());
    }

    @Test
    void unknownCodesKeepTheirRawValue() {
        FfmpegException e = new FfmpegException("x", -4242, null);
        assertEquals(AvError.OTHER, e.error());
        assertEquals(-4242, e.code());
        assertTrue(e.getMessage().contains("AVERROR -4242"), e.getMessage());
        assertNull(e.url());
    }

    @Test
    void detailAndCauseAreKept() {
        IOException cause = new IOException("disk gone");
        FfmpegException e = new FfmpegException("write packet", AvError.EIO.code(), null, "the byte sink failed", cause);
        assertSame(cause, e.getCause());
        assertTrue(e.getMessage().contains("the byte sink failed (Input/output error, EIO)"), e.getMessage());
    }

    @Test
    void unknownOptionFailsNamingItAndWarnReturnsLeftovers() {
        Map<String, String> left = new LinkedHashMap<>();
        left.put("probe_score", "100");
        FfmpegException e = assertThrows(FfmpegException.class,
                () -> UnknownOptions.FAIL.apply(left, "open input", "http://u:p@h/x"));
        assertTrue(e.getMessage().contains("unknown option probe_score"), e.getMessage());
        assertEquals(AvError.OPTION_NOT_FOUND, e.error());
        assertFalse(e.getMessage().contains("u:p@"), e.getMessage());
        assertEquals(left, UnknownOptions.WARN.apply(left, "open input", null));
        assertEquals(left, UnknownOptions.IGNORE.apply(left, "open input", null));
        assertTrue(UnknownOptions.FAIL.apply(Map.of(), "open input", null).isEmpty());
        left.put("probesize2", "1");
        FfmpegException two = assertThrows(FfmpegException.class, () -> UnknownOptions.FAIL.apply(left, "op", null));
        assertTrue(two.getMessage().contains("unknown options probe_score, probesize2"), two.getMessage());
    }

    @Test
    void unknownInputOptionIsRejectedByNameAndWarnReportsIt() {
        byte[] ts = Clips.transportStream(10);
        FfmpegException e = assertThrows(FfmpegException.class, () -> InputContainer.consuming(IoContext.reading(ts))
                .options(Map.of("probe_score", "100", "probesize", "100000")).open());
        assertTrue(e.getMessage().contains("probe_score"), e.getMessage());
        assertFalse(e.getMessage().contains("probesize,"), e.getMessage());
        try (InputContainer in = InputContainer.consuming(IoContext.reading(ts))
                .options(Map.of("probe_score", "100", "probesize", "100000"))
                .unknownOptions(UnknownOptions.WARN).open()) {
            assertEquals(Map.of("probe_score", "100"), in.unusedOptions());
            assertEquals(1, in.streams().size());
        }
    }

    @Test
    void versionGateNamesWhatItFound() {
        String v = Ffmpeg.versions();
        assertTrue(v.contains("libavformat 61."), v);
        assertTrue(v.contains("libavcodec 61."), v);
        assertNull(Ffmpeg.versionProblem(61 << 16 | 7 << 8 | 100, 61 << 16 | 19 << 8 | 101));
        String problem = Ffmpeg.versionProblem(60 << 16 | 16 << 8 | 100, 61 << 16 | 19 << 8 | 101);
        assertTrue(problem.contains("found libavformat 60.16.100 and libavcodec 61.19.101"), problem);
        assertTrue(Ffmpeg.versionProblem(61 << 16, 62 << 16).contains("libavcodec 62.0.0"));
    }
}
