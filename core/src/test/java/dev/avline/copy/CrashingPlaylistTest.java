package dev.avline.copy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.avline.Avline;
import dev.avline.Container;
import dev.avline.Input;
import dev.avline.Output;
import dev.avline.RecordingResult;
import dev.avline.AvlineException;
import dev.avline.hw.Hardware;
import dev.avline.testkit.TestMedia;
import dev.avline.transcode.TranscodeSettings;

/**
 * A playlist that is both a master and a media playlist crashes FFmpeg 7.1.1's HLS demuxer (SIGSEGV
 * in av_read_frame: the bundled ffmpeg CLI dies too; the fuzzer found it). In-process that would be
 * the whole JVM, so avline refuses it before FFmpeg sees it: if this test's JVM survives, the guard
 * works. A valid playlist beside it still copies.
 */
class CrashingPlaylistTest {
    private static final String MIXED = "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\n#EXTINF:0.5,\nseg_000.ts\n#EXTINF:0.5,\nseg_001.ts\n";

    @TempDir
    static Path dir;
    static LoopbackHttp http;

    @BeforeAll
    static void media() throws Exception {
        TestMedia.video(160, 120, 10).seconds(1).writeHls(dir, 0.5, "mpegts");
        Files.writeString(dir.resolve("mixed.m3u8"), MIXED);
        Files.writeString(dir.resolve("master.m3u8"), "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\nmixed.m3u8\n");
        http = new LoopbackHttp(dir);
    }

    private static AvlineException refused(RecordingResult r) {
        assertEquals(RecordingResult.State.FAILED, r.state());
        AvlineException e = assertInstanceOf(AvlineException.class, r.error());
        assertEquals("INVALIDDATA", e.errorName());
        assertTrue(e.getMessage().contains("both a master playlist") || e.getMessage().contains("names other variants"),
                e.getMessage());
        return e;
    }

    private static Output nowhere() {
        return Output.stream(OutputStream.nullOutputStream(), Container.MPEGTS);
    }

    @Test
    void aMixedPlaylistIsRefusedOnDiskOverHttpAndAsAVariant() {
        refused(Avline.copy(Input.url(dir.resolve("mixed.m3u8").toString()), nowhere()).run());
        refused(Avline.copy(Input.url(http.url("mixed.m3u8")), nowhere()).run());
        refused(Avline.copy(Input.url(dir.resolve("master.m3u8").toString()), nowhere()).run());
        refused(Avline.transcode(Input.url(http.url("master.m3u8")), nowhere(),
                TranscodeSettings.builder().hardware(Hardware.none()).build()).run());
    }

    @Test
    void aValidPlaylistStillCopies() {
        RecordingResult r = Avline.copy(Input.url(dir.resolve("index.m3u8").toString()), nowhere()).run();
        assertEquals(RecordingResult.State.DONE, r.state(), String.valueOf(r.failure()));
        assertTrue(r.packets() > 0);
    }
}
