package dev.avline.ffi;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Use after close must throw, never reach native code; close is idempotent and thread-safe. */
class LifecycleTest {
    private static void closedUse(Executable call) {
        IllegalStateException e = assertThrows(IllegalStateException.class, call);
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }

    @Test
    void packetAndFrame() {
        Packet p = new Packet();
        Frame f = new Frame();
        p.close();
        f.close();
        p.close();
        f.close();
        assertTrue(p.isClosed() && f.isClosed());
        closedUse(p::pts);
        closedUse(p::unref);
        closedUse(() -> p.setTimestamps(1, 1, 1));
        closedUse(() -> p.rescale(new Rational(1, 1000), Rational.MPEGTS));
        closedUse(f::width);
        closedUse(f::unref);
        Packet open = new Packet();
        Frame openFrame = new Frame();
        closedUse(() -> p.moveTo(open));
        closedUse(() -> open.moveTo(p));
        closedUse(() -> open.refInto(p));
        closedUse(() -> openFrame.moveTo(f));
        closedUse(() -> openFrame.refInto(f));
        closedUse(() -> f.refInto(openFrame));
        // a refused call must not leave the other handle marked in use: its close still frees it
        open.close();
        openFrame.close();
        assertTrue(open.isFreed() && openFrame.isFreed());
    }

    @Test
    void inputContainerAndClosedPacketArguments() {
        byte[] ts = Clips.transportStream(25);
        InputContainer in = InputContainer.consuming(IoContext.reading(ts)).open();
        StreamInfo s = in.stream(0);
        Packet closedPacket = new Packet();
        closedPacket.close();
        closedUse(() -> in.read(closedPacket));
        try (Packet p = new Packet()) {
            assertTrue(in.read(p));
        }
        in.close();
        in.close();
        assertTrue(in.isFreed(), "a refused read left the input marked in use");
        try (Packet p = new Packet()) {
            closedUse(() -> in.read(p));
        }
        closedUse(in::formatName);
        closedUse(in::programs);
        closedUse(() -> in.discard(0));
        // the stream snapshot stays readable; native uses of it are refused
        assertEquals("h264", s.codecName());
        closedUse(() -> Decoder.open(s, Map.of(), UnknownOptions.FAIL));
        closedUse(() -> BitstreamFilter.open("null", s));
    }

    @Test
    void outputContainer() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        OutputContainer out = OutputContainer.consuming(IoContext.writing(bytes), "mpegts");
        byte[] ts = Clips.transportStream(5);
        try (InputContainer in = InputContainer.consuming(IoContext.reading(ts)).open()) {
            out.addStreamCopying(in.stream(0));
            out.writeHeader(Map.of(), UnknownOptions.FAIL);
            Packet closedPacket = new Packet();
            closedPacket.close();
            closedUse(() -> out.write(closedPacket));
            try (Packet p = new Packet()) {
                assertTrue(in.read(p));
                p.rescale(in.stream(0).timeBase(), out.timeBase(0));
                out.write(p);
            }
            out.close();
            out.close();
            assertEquals(OutputContainer.State.CLOSED, out.state());
            assertTrue(out.isFreed());
            try (Packet p = new Packet()) {
                closedUse(() -> out.write(p));
            }
            closedUse(out::writeTrailer);
            closedUse(() -> out.addStreamCopying(in.stream(0)));
            closedUse(out::bytesWritten);
            closedUse(() -> out.writeHeader(Map.of(), UnknownOptions.FAIL));
        }
        assertTrue(bytes.size() > 0 && bytes.size() % 188 == 0, "close flushed the output: " + bytes.size());
    }

    @Test
    void codecsFiltersAndIo() {
        Encoder e = Encoder.named("libx264").video(64, 64, "yuv420p", new Rational(1, 25), new Rational(25, 1))
                .options(Map.of("preset", "ultrafast")).open();
        FilterGraph g = FilterGraph.describe("testsrc2=size=64x64:rate=25,format=yuv420p").videoOutput("out").build();
        try (Frame frame = new Frame(); Packet packet = new Packet()) {
            assertEquals(CodecResult.OK, g.pull(0, frame));
            Frame closedFrame = new Frame();
            closedFrame.close();
            Packet closedPacket = new Packet();
            closedPacket.close();
            closedUse(() -> e.send(closedFrame));
            closedUse(() -> e.receive(closedPacket));
            closedUse(() -> g.pull(0, closedFrame));
            closedUse(() -> g.push(0, closedFrame));
            e.close();
            e.close();
            g.close();
            g.close();
            assertTrue(e.isFreed() && g.isFreed());
            closedUse(() -> e.send(frame));
            closedUse(() -> e.receive(packet));
            closedUse(e::timeBase);
            closedUse(() -> g.pull(0, frame));
            closedUse(() -> g.outputTimeBase(0));
        }
        IoContext io = IoContext.reading(new byte[10]);
        io.close();
        io.close();
        closedUse(io::flush);
        closedUse(() -> InputContainer.consuming(io).open());
    }

    @Test
    void decoderAndBitstreamFilter() {
        byte[] ts = Clips.transportStream(5);
        try (InputContainer in = InputContainer.consuming(IoContext.reading(ts)).open();
             Packet packet = new Packet(); Frame frame = new Frame()) {
            Decoder d = Decoder.open(in.stream(0), Map.of(), UnknownOptions.FAIL);
            BitstreamFilter bsf = BitstreamFilter.open("null", in.stream(0));
            Packet closedPacket = new Packet();
            closedPacket.close();
            closedUse(() -> d.send(closedPacket));
            closedUse(() -> bsf.send(closedPacket));
            closedUse(() -> bsf.receive(closedPacket));
            d.close();
            d.close();
            bsf.close();
            bsf.close();
            assertTrue(d.isFreed() && bsf.isFreed());
            assertTrue(in.read(packet));
            closedUse(() -> d.send(packet));
            closedUse(() -> d.receive(frame));
            closedUse(d::flush);
            closedUse(() -> bsf.send(packet));
        }
    }

    @Test
    void concurrentClosesFreeOnceAndNeverCrash() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 200; round++) {
                Packet p = new Packet();
                CountDownLatch go = new CountDownLatch(1);
                List<Future<?>> fs = new java.util.ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    fs.add(pool.submit(() -> {
                        go.await();
                        for (int i = 0; i < 50; i++) {
                            try {
                                p.setTimestamps(i, i, 1);
                                p.pts();
                            } catch (IllegalStateException closed) {
                                // expected once another thread closed it
                            }
                            if (i == 25) p.close();
                        }
                        return null;
                    }));
                }
                go.countDown();
                for (Future<?> f : fs) assertDoesNotThrow(() -> f.get(10, TimeUnit.SECONDS));
                assertTrue(p.isClosed() && p.isFreed());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
