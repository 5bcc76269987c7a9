package dev.avline.ffi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening the wrong thing fails with an exception that names the problem. */
class ContainerErrorsTest {
    @TempDir
    Path dir;

    @Test
    void unknownDemuxerAndMuxerAreNamed() {
        FfmpegException in = assertThrows(FfmpegException.class,
                () -> InputContainer.url(dir.resolve("x.ts").toString()).format("mpegtz").open());
        assertEquals(AvError.DEMUXER_NOT_FOUND, in.error());
        assertTrue(in.getMessage().contains("no demuxer named 'mpegtz'"), in.getMessage());
        Path target = dir.resolve("out.ts");
        FfmpegException out = assertThrows(FfmpegException.class, () -> OutputContainer.toUrl(target.toString(), "mpegtz"));
        assertEquals(AvError.MUXER_NOT_FOUND, out.error());
        assertTrue(out.getMessage().contains("no muxer named 'mpegtz'"), out.getMessage());
        assertFalse(Files.exists(target));
        IoContext io = IoContext.writing(new ByteArrayOutputStream());
        assertThrows(FfmpegException.class, () -> OutputContainer.consuming(io, "nope"));
        assertTrue(io.isClosed(), "the consumed I/O context is closed on failure");
    }

    @Test
    void missingFileAndNonMediaBytes() throws Exception {
        FfmpegException missing = assertThrows(FfmpegException.class,
                () -> InputContainer.url(dir.resolve("missing.ts").toString()).open());
        assertEquals(AvError.ENOENT, missing.error());
        assertTrue(missing.getMessage().contains("missing.ts"), missing.getMessage());
        assertTrue(missing.getMessage().contains("No such file or directory"), missing.getMessage());

        Path text = dir.resolve("notes.ts");
        Files.write(text, "this is not a transport stream\n".repeat(2000).getBytes(StandardCharsets.US_ASCII));
        FfmpegException notMedia = assertThrows(FfmpegException.class, () -> InputContainer.url(text.toString()).open());
        assertEquals(AvError.INVALIDDATA, notMedia.error(), notMedia.getMessage());
        assertTrue(notMedia.getMessage().contains("Invalid data found when processing input"), notMedia.getMessage());

        IoContext io = IoContext.reading(new byte[4096]);
        FfmpegException zeros = assertThrows(FfmpegException.class, () -> InputContainer.consuming(io).open());
        assertTrue(zeros.getMessage().contains("(custom I/O)"), zeros.getMessage());
        assertTrue(io.isClosed(), "the consumed I/O context is closed on failure");
    }

    @Test
    void outputDirectoryThatDoesNotExist() {
        FfmpegException e = assertThrows(FfmpegException.class,
                () -> OutputContainer.toUrl(dir.resolve("no/such/dir/out.ts").toString(), "mpegts"));
        assertEquals(AvError.ENOENT, e.error());
        assertTrue(e.getMessage().startsWith("open output failed for "), e.getMessage());
    }

    @Test
    void trailerIsWrittenOnceAndCloseFinalizesAnOpenOutput() {
        byte[] ts = Clips.transportStream(10);
        ByteArrayOutputStream a = new ByteArrayOutputStream();
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (InputContainer in = InputContainer.consuming(IoContext.reading(ts)).open()) {
            OutputContainer explicit = OutputContainer.consuming(IoContext.writing(a), "mp4");
            OutputContainer byClose = OutputContainer.consuming(IoContext.writing(b), "mp4");
            for (OutputContainer out : new OutputContainer[] {explicit, byClose}) {
                out.addStreamCopying(in.stream(0));
                out.writeHeader(Map.of("movflags", "+frag_keyframe+empty_moov+default_base_moof"), UnknownOptions.FAIL);
            }
            try (Packet p = new Packet(); Packet copy = new Packet()) {
                Rational tb = in.stream(0).timeBase();
                while (in.read(p)) {
                    p.setStreamIndex(0);
                    p.refInto(copy);
                    p.rescale(tb, explicit.timeBase(0));
                    copy.rescale(tb, byClose.timeBase(0));
                    explicit.write(p);
                    byClose.write(copy);
                }
            }
            explicit.writeTrailer();
            long afterTrailer = explicit.bytesWritten();
            explicit.writeTrailer(); // a second call does nothing
            assertEquals(afterTrailer, explicit.bytesWritten());
            assertEquals(OutputContainer.State.TRAILER_WRITTEN, explicit.state());
            explicit.close();
            byClose.close(); // never saw writeTrailer: close writes it
            assertEquals(OutputContainer.State.CLOSED, byClose.state());
        }
        assertEquals(1, count(a.toByteArray(), "mfra"), "one trailer (mfra box)");
        assertEquals(1, count(b.toByteArray(), "mfra"), "close wrote the trailer once");
        assertEquals(a.size(), b.size());
        try (InputContainer check = InputContainer.consuming(IoContext.reading(b.toByteArray())).open()) {
            assertEquals(10, Clips.countPackets(check));
        }
    }

    @Test
    void stateMachineRefusesOutOfOrderCalls() {
        byte[] ts = Clips.transportStream(3);
        try (InputContainer in = InputContainer.consuming(IoContext.reading(ts)).open();
             OutputContainer out = OutputContainer.consuming(IoContext.writing(new ByteArrayOutputStream()), "mpegts");
             Packet p = new Packet()) {
            assertThrows(IllegalStateException.class, () -> out.write(p));
            assertThrows(IllegalStateException.class, out::writeTrailer);
            assertThrows(IllegalStateException.class, () -> out.timeBase(0));
            out.addStreamCopying(in.stream(0));
            FfmpegException bad = assertThrows(FfmpegException.class,
                    () -> out.writeHeader(Map.of("mpegts_flagz", "1"), UnknownOptions.FAIL));
            assertTrue(bad.getMessage().contains("mpegts_flagz"), bad.getMessage());
            assertEquals(OutputContainer.State.HEADER_WRITTEN, out.state(), "the header itself was written");
            assertThrows(IllegalStateException.class, () -> out.addStreamCopying(in.stream(0)));
        }
    }

    static int count(byte[] data, String fourcc) {
        byte[] f = fourcc.getBytes(StandardCharsets.US_ASCII);
        int n = 0;
        outer:
        for (int i = 0; i + f.length <= data.length; i++) {
            for (int j = 0; j < f.length; j++) if (data[i + j] != f[j]) continue outer;
            n++;
        }
        return n;
    }
}
