package dev.avline.copy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.avline.Avline;
import dev.avline.Container;
import dev.avline.Input;
import dev.avline.Output;
import dev.avline.RecordingResult;
import dev.avline.AvlineException;
import dev.avline.testkit.MediaProbe;
import dev.avline.testkit.MediaReport;
import dev.avline.testkit.TestMedia;

/**
 * Bad inputs end in a FAILED result whose message names the problem, with no output file when
 * nothing was written, and a finalized, playable one (and the amount written) when something was.
 */
class BadInputTest {
    @TempDir
    static Path dir;
    static Path ts;
    static LoopbackHttp http;

    @BeforeAll
    static void media() throws Exception {
        ts = dir.resolve("good.ts");
        TestMedia.video(320, 240, 25).seconds(2).writeTo(ts, "mpegts");
        http = new LoopbackHttp(dir);
    }

    @AfterAll
    static void stop() {
        if (http != null) http.close();
    }

    /** Runs a copy that must fail; returns its failure after checking nothing was left behind. */
    private static AvlineException failsWithoutOutput(Input in, Path out) {
        RecordingResult r = Avline.copy(in, Output.file(out)).run();
        assertEquals(RecordingResult.State.FAILED, r.state());
        assertFalse(r.succeeded());
        assertEquals(0, r.packets());
        assertFalse(Files.exists(out), "an output file was left behind although nothing was written");
        return assertInstanceOf(AvlineException.class, r.error());
    }

    @Test
    void missingFile() {
        Path missing = dir.resolve("missing.ts");
        AvlineException e = failsWithoutOutput(Input.url(missing.toString()), dir.resolve("out-missing.ts"));
        assertEquals("ENOENT", e.errorName());
        assertTrue(e.getMessage().contains(missing.toString()) && e.getMessage().contains("No such file or directory"),
                e.getMessage());
    }

    @Test
    void bytesThatAreNotMedia() {
        byte[] text = "<html><body>Service unavailable</body></html>\n".repeat(400).getBytes(StandardCharsets.UTF_8);
        AvlineException e = failsWithoutOutput(Input.bytes(text), dir.resolve("out-html.ts"));
        assertEquals("INVALIDDATA", e.errorName(), e.getMessage());
        assertTrue(e.getMessage().contains("Invalid data found when processing input"), e.getMessage());
        AvlineException direct = assertThrows(AvlineException.class, () -> Avline.remuxSegment(text, Container.MPEGTS));
        assertEquals("INVALIDDATA", direct.errorName(), direct.getMessage());
    }

    @Test
    void httpNotFound() {
        String url = http.url("nowhere/index.m3u8?token=s3cr3t");
        AvlineException e = failsWithoutOutput(Input.url(url), dir.resolve("out-404.ts"));
        assertEquals("HTTP_NOT_FOUND", e.errorName(), e.getMessage());
        assertTrue(e.getMessage().contains("404 Not Found"), e.getMessage());
        assertTrue(e.getMessage().contains("/nowhere/index.m3u8?token=***"), e.getMessage());
        assertFalse(e.getMessage().contains("s3cr3t"), e.getMessage());
    }

    @Test
    void unknownInputOption() {
        AvlineException e = failsWithoutOutput(Input.url(ts.toString()).option("probe_score", "100"),
                dir.resolve("out-opt.ts"));
        assertEquals("OPTION_NOT_FOUND", e.errorName());
        assertTrue(e.getMessage().contains("unknown option probe_score"), e.getMessage());
    }

    @Test
    void unknownOutputOption() {
        Path out = dir.resolve("out-muxopt.ts");
        RecordingResult r = Avline.copy(Input.url(ts.toString()), Output.file(out).option("mpegts_flagz", "1")).run();
        assertEquals(RecordingResult.State.FAILED, r.state());
        assertTrue(r.failure().getMessage().contains("mpegts_flagz"), r.failure().getMessage());
        assertFalse(Files.exists(out));
    }

    @Test
    void unknownDemuxer() {
        AvlineException e = failsWithoutOutput(Input.url(ts.toString()).format("mpegtz"), dir.resolve("out-demux.ts"));
        assertEquals("DEMUXER_NOT_FOUND", e.errorName());
        assertTrue(e.getMessage().contains("no demuxer named 'mpegtz'"), e.getMessage());
    }

    @Test
    void codecTheOutputContainerCannotCarry() {
        Path mkv = dir.resolve("pcm.mkv");
        TestMedia.video(160, 120, 25).seconds(1).audioEncoder("pcm_s16le", Map.of()).writeTo(mkv, "matroska");
        assertEquals("pcm_s16le", MediaProbe.decodeAll(mkv).audio().codec());
        AvlineException e = failsWithoutOutput(Input.url(mkv.toString()), dir.resolve("out-pcm.ts"));
        assertTrue(e.getMessage().contains("MPEG-TS cannot carry audio codec pcm_s16le (stream #1)"), e.getMessage());
        assertTrue(e.getMessage().contains("transcode it"), e.getMessage());
        // The advice is honest: when it names the other container, a copy to it works.
        if (e.getMessage().contains("choose mp4 output")) {
            Path mp4 = dir.resolve("out-pcm.mp4");
            RecordingResult r = Avline.copy(Input.url(mkv.toString()), Output.file(mp4)).run();
            assertEquals(RecordingResult.State.DONE, r.state(), String.valueOf(r.failure()));
            Checks.assertFaithfulCopy(MediaProbe.decodeAll(mkv), MediaProbe.decodeAll(mp4));
        }
    }

    @Test
    void anInputThatCannotBeCopiedLeavesAnExistingFileAlone() throws Exception {
        Path mkv = dir.resolve("pcm2.mkv");
        TestMedia.video(160, 120, 25).seconds(1).audioEncoder("pcm_s16le", Map.of()).writeTo(mkv, "matroska");
        Path previous = dir.resolve("previous-recording.ts");
        Files.copy(ts, previous);
        RecordingResult r = Avline.copy(Input.url(mkv.toString()), Output.file(previous)).run();
        assertEquals(RecordingResult.State.FAILED, r.state());
        assertEquals(Files.size(ts), Files.size(previous), "the old file was truncated or deleted");
    }

    @Test
    void aCodecNeitherContainerCarriesGetsNoFalseAdvice() {
        Path mkv = dir.resolve("flv1.mkv");
        TestMedia.video(160, 120, 25).seconds(1).audioTracks(0).videoEncoder("flv", Map.of()).writeTo(mkv, "matroska");
        AvlineException ts = failsWithoutOutput(Input.url(mkv.toString()), dir.resolve("out-flv.ts"));
        assertTrue(ts.getMessage().contains("MPEG-TS cannot carry video codec flv1 (stream #0): transcode it"),
                ts.getMessage());
        RecordingResult r = Avline.copy(Input.url(mkv.toString()), Output.file(dir.resolve("out-flv.mp4"))).run();
        assertEquals(RecordingResult.State.FAILED, r.state());
        assertTrue(r.failure().getMessage().contains("fragmented MP4 cannot carry video codec flv1 (stream #0): transcode it"),
                r.failure().getMessage());
        assertFalse(r.failure().getMessage().contains("choose"), r.failure().getMessage());
        assertFalse(Files.exists(dir.resolve("out-flv.mp4")));
    }

    @Test
    void failureAfterDataWasWrittenFinalizesTheOutputAndSaysHowMuch() throws Exception {
        byte[] data = Files.readAllBytes(ts);
        IOException cut = new IOException("connection reset by peer");
        InputStream failing = new FilterInputStream(new ByteArrayInputStream(data)) {
            private int served;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (served > data.length / 2) throw cut;
                int n = super.read(b, off, Math.min(len, 8192));
                served += Math.max(0, n);
                return n;
            }
        };
        Path out = dir.resolve("cut.mp4");
        RecordingResult r = Avline.copy(Input.stream(failing).format("mpegts"), Output.file(out, Container.FRAGMENTED_MP4))
                .run();
        assertEquals(RecordingResult.State.FAILED, r.state());
        assertTrue(r.failure().getMessage().contains("connection reset by peer"), r.failure().getMessage());
        assertTrue(Files.exists(out));
        assertEquals(Files.size(out), r.bytes());
        MediaReport rep = MediaProbe.decodeAll(out);
        Checks.assertPlayable(rep);
        assertEquals(rep.video().packets() + rep.audio().packets(), r.packets());
        assertTrue(r.mediaSeconds() > 0.3 && r.mediaSeconds() < 1.9, "media " + r.mediaSeconds());
        assertEquals(rep.video().duration(), r.mediaSeconds(), 0.1);
        assertEquals(1, FileCopyTest.count(Files.readAllBytes(out), "mfra"), "finalized once");
    }

    @Test
    void outputDirectoryMissing() {
        Path out = dir.resolve("no/such/dir/out.ts");
        RecordingResult r = Avline.copy(Input.url(ts.toString()), Output.file(out)).run();
        assertEquals(RecordingResult.State.FAILED, r.state());
        assertTrue(r.failure().getMessage().contains("no/such/dir"), r.failure().getMessage());
    }
}
