package dev.avline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.avline.hls.LiveSettings;
import dev.avline.hw.Hardware;
import dev.avline.testkit.LiveHlsOrigin;
import dev.avline.testkit.MediaProbe;
import dev.avline.testkit.MediaReport;
import dev.avline.testkit.TestMedia;
import dev.avline.transcode.TranscodeSettings;

/**
 * No file is ever lost: an existing output survives every failure (refused without overwrite; with
 * it, written beside and renamed into place only on success), the input is never its own output,
 * and what a failed job wrote with media in it is kept and reported, never deleted.
 */
class OutputSafetyTest {
    @TempDir
    static Path media;
    static Path ts;
    static byte[] tsBytes;
    static byte[] old;

    @TempDir
    Path dir;

    @BeforeAll
    static void make() throws Exception {
        ts = media.resolve("source.ts");
        TestMedia.video(160, 120, 25).seconds(2).writeTo(ts, "mpegts");
        tsBytes = Files.readAllBytes(ts);
        Path o = media.resolve("old.ts");
        TestMedia.video(176, 144, 25).seconds(1).writeTo(o, "mpegts");
        old = Files.readAllBytes(o);
    }

    /** A valid recording already at the output path. */
    private Path existing(String name) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, old);
        return p;
    }

    private void assertOldFileIntactAndNothingElse(Path out) throws IOException {
        assertArrayEquals(old, Files.readAllBytes(out), "the existing file was changed");
        try (var files = Files.list(dir)) {
            List<String> names = files.map(f -> f.getFileName().toString()).sorted().toList();
            assertEquals(List.of(out.getFileName().toString()), names, "files left beside it");
        }
    }

    private static RecordingResult failed(RecordingResult r) {
        assertEquals(RecordingResult.State.FAILED, r.state(), () -> "expected a failure, got " + r);
        return r;
    }

    @Test
    void anExistingFileIsRefusedBeforeAnythingOpensUnlessOverwriting() throws Exception {
        Path out = existing("kept.ts");
        RecordingResult r = failed(Avline.copy(Input.url(ts.toString()), Output.file(out)).run());
        OutputRefused e = assertInstanceOf(OutputRefused.class, r.failure());
        assertEquals(out, e.path());
        assertTrue(e.getMessage().contains("already exists") && e.getMessage().contains("overwrite"), e.getMessage());
        assertOldFileIntactAndNothingElse(out);
        r = failed(Avline.transcode(Input.url(ts.toString()), Output.file(out),
                TranscodeSettings.builder().hardware(Hardware.none()).build()).run());
        assertInstanceOf(OutputRefused.class, r.failure());
        assertOldFileIntactAndNothingElse(out);
        try (LiveHlsOrigin origin = LiveHlsOrigin.builder().segmentSeconds(0.5).video(160, 120, 20).start()) {
            r = failed(Avline.record(Input.url(origin.playlistUrl()), Output.file(out), LiveSettings.defaults()).run());
            assertInstanceOf(OutputRefused.class, r.failure());
            assertEquals(List.of(), origin.requests(), "a refused output must be refused before the input is opened");
        }
        assertOldFileIntactAndNothingElse(out);
    }

    @Test
    void overwritingReplacesTheFileOnlyWhenTheJobSucceeds() throws Exception {
        Path out = existing("replaced.ts");
        RecordingResult r = Avline.copy(Input.url(ts.toString()), Output.file(out).overwrite(true)).run();
        assertEquals(RecordingResult.State.DONE, r.state(), String.valueOf(r.failure()));
        MediaReport rep = MediaProbe.decodeAll(out);
        assertEquals(160, rep.video().width(), "the new recording took the old one's place");
        assertEquals(2.0, rep.video().duration(), 0.1);
        assertEquals(Files.size(out), r.bytes());
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file left");
        }
    }

    @Test
    void unknownOutputOptionLeavesTheOldFile() throws Exception {
        Path out = existing("option.ts");
        RecordingResult r = failed(Avline.copy(Input.url(ts.toString()),
                Output.file(out).overwrite(true).option("mpegts_flagz", "1")).run());
        assertTrue(r.failure().getMessage().contains("mpegts_flagz"), r.failure().getMessage());
        assertNull(r.partial());
        assertOldFileIntactAndNothingElse(out);
    }

    @Test
    void corruptTransportStreamFailingInTheHeaderLeavesTheOldFile() throws Exception {
        byte[] garbage = new byte[64 * 1024];
        new Random(9).nextBytes(garbage);
        Path corrupt = media.resolve("corrupt.ts");
        Files.write(corrupt, garbage);
        Path out = existing("corrupt-in.ts");
        RecordingResult r = failed(Avline.copy(Input.url(corrupt.toString()).format("mpegts"), Output.file(out).overwrite(true)).run());
        assertInstanceOf(AvlineException.class, r.error());
        assertOldFileIntactAndNothingElse(out);
        Path fresh = dir.resolve("corrupt-new.ts");
        failed(Avline.copy(Input.url(corrupt.toString()).format("mpegts"), Output.file(fresh)).run());
        assertTrue(!Files.exists(fresh), "no empty file looks like a recording");
    }

    @Test
    void transcodeFailingToOpenItsAudioEncoderLeavesTheOldFile() throws Exception {
        Path mkv = media.resolve("192k.mkv");
        if (!Files.exists(mkv)) {
            TestMedia.video(160, 120, 25).seconds(1).audioEncoder("pcm_s16le", Map.of()).audioFormat(192000, 2)
                    .writeTo(mkv, "matroska");
        }
        Path out = existing("encoder.ts");
        RecordingResult r = failed(Avline.transcode(Input.url(mkv.toString()), Output.file(out).overwrite(true),
                TranscodeSettings.builder().hardware(Hardware.none()).build()).run());
        assertTrue(r.failure().getMessage().contains("aac"), r.failure().getMessage());
        assertNull(r.partial());
        assertOldFileIntactAndNothingElse(out);
    }

    /** The source, failing with an I/O error after half of it: a failure in the middle of the stream. */
    private static InputStream failingHalfway() {
        return new FilterInputStream(new ByteArrayInputStream(tsBytes)) {
            private int served;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (served > tsBytes.length / 2) throw new IOException("connection reset by peer");
                int n = super.read(b, off, Math.min(len, 8192));
                served += Math.max(0, n);
                return n;
            }
        };
    }

    @Test
    void aFailureMidStreamKeepsThePartialBesideTheOldFile() throws Exception {
        Path out = existing("mid.mp4");
        RecordingResult r = failed(Avline.copy(Input.stream(failingHalfway()).format("mpegts"),
                Output.file(out, Container.FRAGMENTED_MP4).overwrite(true)).run());
        assertTrue(r.failure().getMessage().contains("connection reset by peer"), r.failure().getMessage());
        assertArrayEquals(old, Files.readAllBytes(out), "the existing file was changed");
        assertEquals(dir.resolve("mid.partial.mp4"), r.partial());
        MediaReport partial = MediaProbe.decodeAll(r.partial());
        assertEquals(0, partial.totalDecodeErrors());
        assertEquals(r.packets(), partial.video().packets() + partial.audio().packets(), "the partial holds what was reported");
        assertTrue(partial.video().duration() > 0.3, "media in the partial: " + partial);
    }

    @Test
    void aFailureMidStreamKeepsANewFileWhereItIs() throws Exception {
        Path out = dir.resolve("new.ts");
        RecordingResult r = failed(Avline.copy(Input.stream(failingHalfway()).format("mpegts"), Output.file(out)).run());
        assertEquals(out, r.partial());
        assertEquals(Files.size(out), r.bytes());
        assertTrue(MediaProbe.decodeAll(out).video().packets() > 0);
    }

    @Test
    void aCopyOntoItsOwnInputIsRefusedEvenThroughALinkOrWithOverwrite() throws Exception {
        Path input = dir.resolve("self.ts");
        Files.write(input, tsBytes);
        Path link = Files.createSymbolicLink(dir.resolve("link.ts"), input);
        for (Output o : List.of(Output.file(input), Output.file(input).overwrite(true), Output.file(link).overwrite(true))) {
            RecordingResult r = failed(Avline.copy(Input.url(input.toString()), o).run());
            OutputRefused e = assertInstanceOf(OutputRefused.class, r.failure());
            assertTrue(e.getMessage().contains("is the input"), e.getMessage());
            r = failed(Avline.copy(Input.url("file:" + link), o).run());
            assertInstanceOf(OutputRefused.class, r.failure());
        }
        assertArrayEquals(tsBytes, Files.readAllBytes(input), "the input was changed");
        try (var files = Files.list(dir)) {
            assertEquals(2, files.count());
        }
    }

    @Test
    void aNewFileIsWrittenInPlaceAndCanBeReadWhileItGrows() throws Exception {
        Path out = dir.resolve("growing.ts");
        InputStream slow = new FilterInputStream(new ByteArrayInputStream(tsBytes)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
                return super.read(b, off, Math.min(len, 4096));
            }
        };
        try (Recording r = Avline.copy(Input.stream(slow).format("mpegts"), Output.file(out)).start()) {
            long seen = 0;
            for (int i = 0; i < 500 && !r.isDone() && seen == 0; i++) {
                Thread.sleep(10);
                if (Files.exists(out)) seen = Files.size(out);
            }
            assertTrue(seen > 0 || r.isDone(), "the output is at its own path, growing");
            assertEquals(RecordingResult.State.DONE, r.await().state());
        }
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "written in place: no sibling");
        }
    }
}
