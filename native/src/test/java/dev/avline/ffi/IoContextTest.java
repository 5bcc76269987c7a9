package dev.avline.ffi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class IoContextTest {
    static byte[] ts;
    static int packets;

    @BeforeAll
    static void clip() {
        ts = Clips.transportStream(25);
        try (InputContainer in = InputContainer.url("data:video/mp2t;base64," + java.util.Base64.getEncoder().encodeToString(ts))
                .format("mpegts").open()) {
            packets = Clips.countPackets(in);
        }
        assertEquals(25, packets);
        assertEquals(0, ts.length % 188);
        assertEquals(0x47, ts[0]);
    }

    /** Heap, direct and read-only buffers in, heap and direct buffers out: the same bytes, the rest counted. */
    @Test
    void buffersInAndOutGiveTheSameBytes() {
        byte[] reference = remuxInto(IoContext.reading(ts), ByteBuffer.allocate(ts.length * 2));
        ByteBuffer direct = ByteBuffer.allocateDirect(ts.length).put(ts).flip();
        assertArrayEquals(reference, remuxInto(IoContext.reading(direct), ByteBuffer.allocateDirect(ts.length * 2)));
        assertArrayEquals(reference, remuxInto(IoContext.reading(ByteBuffer.wrap(ts).asReadOnlyBuffer()),
                ByteBuffer.allocate(ts.length * 2)));
        ByteBuffer small = ByteBuffer.allocate(1000);
        IoContext sink = IoContext.writingInto(small);
        try (InputContainer in = InputContainer.consuming(IoContext.reading(ts)).format("mpegts").open();
             OutputContainer out = OutputContainer.consuming(sink, "mpegts")) {
            copy(in, out);
        }
        assertEquals(1000, small.position(), "filled up to its limit");
        assertEquals(reference.length, sink.bytes(), "and the bytes that did not fit are counted");
        assertThrows(IllegalArgumentException.class, () -> IoContext.writingInto(ByteBuffer.allocate(10).asReadOnlyBuffer()));
    }

    private static byte[] remuxInto(IoContext source, ByteBuffer out) {
        try (InputContainer in = InputContainer.consuming(source).format("mpegts").open();
             OutputContainer o = OutputContainer.consuming(IoContext.writingInto(out), "mpegts")) {
            copy(in, o);
        }
        byte[] b = new byte[out.position()];
        out.flip().get(b);
        return b;
    }

    private static void copy(InputContainer in, OutputContainer out) {
        for (StreamInfo s : in.streams()) out.addStreamCopying(s);
        out.writeHeader(Map.of("flush_packets", "0"), UnknownOptions.FAIL);
        try (Packet p = new Packet()) {
            while (in.read(p)) {
                p.rescale(in.stream(p.streamIndex()).timeBase(), out.timeBase(p.streamIndex()));
                out.write(p);
            }
        }
        out.writeTrailer();
    }

    @Test
    void readsAByteArrayAByteBufferAndAStream() {
        try (InputContainer in = InputContainer.consuming(IoContext.reading(ts)).open()) {
            assertEquals("mpegts", in.formatName());
            assertEquals(packets, Clips.countPackets(in));
        }
        ByteBuffer buf = ByteBuffer.allocateDirect(ts.length + 10);
        buf.position(10);
        buf.put(ts);
        buf.position(10);
        try (InputContainer in = InputContainer.consuming(IoContext.reading(buf)).open()) {
            assertEquals(packets, Clips.countPackets(in));
        }
        assertEquals(10, buf.position(), "the caller's buffer position is left alone");
        // A stream is read once and is not seekable: the format is given, no probing back and forth.
        try (InputContainer in = InputContainer.consuming(IoContext.reading(new ByteArrayInputStream(ts)))
                .format("mpegts").open()) {
            assertEquals(packets, Clips.countPackets(in));
        }
        // Probing a non-seekable stream works too (FFmpeg keeps the probe bytes in its buffer).
        try (InputContainer in = InputContainer.consuming(IoContext.reading(trickle(ts, 1000))).open()) {
            assertEquals(packets, Clips.countPackets(in));
        }
    }

    @Test
    void countsBytes() {
        // A stream is read exactly once.
        IoContext io = IoContext.reading(new ByteArrayInputStream(ts));
        try (InputContainer in = InputContainer.consuming(io).format("mpegts").open()) {
            Clips.countPackets(in);
            assertEquals(ts.length, io.bytes());
        }
        // A seekable source may be read more than once (the demuxer reads the end to find the duration).
        IoContext seekable = IoContext.reading(ts);
        try (InputContainer in = InputContainer.consuming(seekable).open()) {
            Clips.countPackets(in);
            assertTrue(seekable.bytes() >= ts.length, seekable.bytes() + " < " + ts.length);
        }
    }

    @Test
    void writesToAnOutputStreamAndAChannel() {
        ByteArrayOutputStream viaStream = new ByteArrayOutputStream();
        ByteArrayOutputStream viaChannel = new ByteArrayOutputStream();
        try (InputContainer in = InputContainer.consuming(IoContext.reading(ts)).open()) {
            remuxTo(in, OutputContainer.consuming(IoContext.writing(viaStream), "mpegts"));
        }
        try (InputContainer in = InputContainer.consuming(IoContext.reading(ts)).open()) {
            remuxTo(in, OutputContainer.consuming(IoContext.writing(Channels.newChannel(viaChannel)), "mpegts"));
        }
        assertTrue(viaStream.size() > 10_000, "size " + viaStream.size());
        assertArrayEquals(viaStream.toByteArray(), viaChannel.toByteArray());
        try (InputContainer in = InputContainer.consuming(IoContext.reading(viaChannel.toByteArray())).open()) {
            assertEquals(packets, Clips.countPackets(in));
        }
    }

    @Test
    void writesFragmentedMp4ToANonSeekableSink() {
        ByteArrayOutputStream mp4 = new ByteArrayOutputStream();
        try (OutputContainer out = OutputContainer.consuming(IoContext.writing(mp4), "mp4")) {
            assertEquals(25, Clips.encodeVideo(out, 25, Map.of("movflags", "+frag_keyframe+empty_moov+default_base_moof")));
        }
        byte[] b = mp4.toByteArray();
        assertEquals("ftyp", new String(b, 4, 4, java.nio.charset.StandardCharsets.US_ASCII));
        try (InputContainer in = InputContainer.consuming(IoContext.reading(b)).open()) {
            assertEquals(25, Clips.countPackets(in));
        }
    }

    @Test
    void aThrowingByteSourceFailsTheOpenWithTheCause() {
        IOException boom = new IOException("origin went away");
        FfmpegException e = assertThrows(FfmpegException.class, () -> InputContainer.consuming(
                IoContext.reading((buf, off, len) -> { throw boom; })).open());
        assertSame(boom, e.getCause());
        assertEquals(AvError.EIO, e.error());
        assertTrue(e.getMessage().contains("origin went away"), e.getMessage());
    }

    @Test
    void aByteSourceThatFailsMidwayFailsTheReadNotEndsIt() {
        IOException boom = new IOException("connection reset mid-stream");
        InputStream failing = new FilterInputStream(new ByteArrayInputStream(ts)) {
            int served;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (served > ts.length / 2) throw boom;
                int n = super.read(b, off, Math.min(len, 4096));
                served += Math.max(n, 0);
                return n;
            }
        };
        IoContext io = IoContext.reading(failing);
        try (InputContainer in = InputContainer.consuming(io).format("mpegts").open(); Packet p = new Packet()) {
            int n = 0;
            FfmpegException e = null;
            try {
                while (in.read(p)) n++;
            } catch (FfmpegException failure) {
                e = failure;
            }
            assertTrue(n > 0 && n < packets, "read " + n + " of " + packets);
            assertTrue(e != null, "the failure was reported as a clean end of input");
            assertSame(boom, e.getCause());
            assertTrue(e.getMessage().contains("connection reset mid-stream"), e.getMessage());
        }
    }

    @Test
    void aThrowingSinkFailsTheWriteWithTheCause() {
        IOException full = new IOException("disk full");
        OutputStream failing = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw full;
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw full;
            }
        };
        FfmpegException e;
        try (InputContainer in = InputContainer.consuming(IoContext.reading(ts)).open()) {
            e = assertThrows(FfmpegException.class,
                    () -> remuxTo(in, OutputContainer.consuming(IoContext.writing(failing), "mpegts")));
        }
        assertSame(full, e.getCause());
        assertTrue(e.getMessage().contains("disk full"), e.getMessage());
    }

    private static void remuxTo(InputContainer in, OutputContainer out) {
        try (out; Packet p = new Packet()) {
            out.addStreamCopying(in.stream(0));
            out.writeHeader(Map.of(), UnknownOptions.FAIL);
            Rational from = in.stream(0).timeBase();
            while (in.read(p)) {
                p.setStreamIndex(0);
                p.rescale(from, out.timeBase(0));
                out.write(p);
            }
            out.writeTrailer();
        }
    }

    /** A stream that returns at most {@code chunk} bytes per read, like a socket. */
    static InputStream trickle(byte[] data, int chunk) {
        return new ByteArrayInputStream(data) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, chunk));
            }
        };
    }
}
