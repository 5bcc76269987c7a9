package dev.avline.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import dev.avline.BenchContexts;
import dev.avline.Container;
import dev.avline.Output;
import dev.avline.ffi.InputContainer;
import dev.avline.ffi.IoContext;
import dev.avline.ffi.LogBridge;
import dev.avline.ffi.OutputContainer;
import dev.avline.ffi.Packet;
import dev.avline.ffi.Rational;
import dev.avline.ffi.StreamInfo;
import dev.avline.ffi.UnknownOptions;
import dev.avline.remux.CopyWriter;

/**
 * The remux hot path, one packet per operation: read a packet from an MPEG-TS held in memory,
 * rescale its timestamps, write it to an MPEG-TS muxer whose bytes are discarded. Opening the input
 * and writing the output header happen in the setup, outside the measurement; the input is a 30 s
 * 720p30 clip (H.264 + AAC, ~77 packets per media second) read in an endless loop.
 *
 * <ul>
 *   <li>{@code copyPacket}: exactly what {@code StreamCopy} runs per packet: {@link InputContainer#read},
 *       then {@link CopyWriter#write} (stream map, {@code Timeline} rebasing, rescale, interleaved write,
 *       progress check).</li>
 *   <li>{@code boundaryCopy}: read → rescale → write with the native boundary alone, to tell what
 *       core adds.</li>
 *   <li>{@code readOnly}: read → unref, the demuxing share.</li>
 * </ul>
 * {@code sink=file} writes through libavformat's own file protocol (to {@code /dev/null}: no Java on
 * the write path, like {@code Output.file}); {@code sink=stream} through avline's custom AVIO into
 * an {@code OutputStream} (a Java upcall per 64 KB written).
 *
 * <p>Run with {@code -prof gc} for B/op ({@code gc.alloc.rate.norm}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class RemuxPacketBenchmark {
    static final int CLIP_SECONDS = 30;

    private static byte[] clip;

    static synchronized byte[] clip() {
        if (clip == null) {
            try {
                clip = Files.readAllBytes(MediaCache.standard().transportStream(CLIP_SECONDS));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            // What a server would run with: FFmpeg's warnings at the wrap (continuity counters) are
            // not what is measured here.
            LogBridge.setLevel("error");
        }
        return clip;
    }

    static InputContainer openLooping() {
        return InputContainer.consuming(IoContext.reading(new LoopingSource(clip())))
                .format("mpegts")
                .options(Map.of("fflags", "+discardcorrupt+genpts", "err_detect", "careful"))
                .unknownOptions(UnknownOptions.FAIL)
                .open();
    }

    /** The discarding sink: a symlink to /dev/null (never /dev/null itself: a failed output is deleted). */
    static Path devNullLink() {
        try {
            Path dir = Files.createTempDirectory("avline-bench-");
            Path link = dir.resolve("out.ts");
            Files.createSymbolicLink(link, Path.of("/dev/null"));
            link.toFile().deleteOnExit();
            dir.toFile().deleteOnExit();
            return link;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** State of {@code copyPacket}: an input, a packet and a {@link CopyWriter}, fresh each iteration. */
    @State(Scope.Thread)
    public static class CopyState {
        @Param({"file", "stream"})
        public String sink;

        InputContainer in;
        Packet packet;
        CopyWriter writer;

        @Setup(Level.Iteration)
        public void open() {
            in = openLooping();
            packet = new Packet();
            Output output = "file".equals(sink) ? Output.file(devNullLink(), Container.MPEGTS).overwrite(true)
                    : Output.stream(OutputStream.nullOutputStream(), Container.MPEGTS);
            writer = new CopyWriter(output, BenchContexts.detached("bench"));
            writer.attach(in);
        }

        @TearDown(Level.Iteration)
        public void close() {
            writer.close();
            packet.close();
            in.close();
        }
    }

    /** State of {@code boundaryCopy}: input, packet and muxer with the streams mapped one to one. */
    @State(Scope.Thread)
    public static class BoundaryState {
        @Param({"file", "stream"})
        public String sink;

        InputContainer in;
        Packet packet;
        OutputContainer out;
        Rational[] inTb;
        Rational[] outTb;
        long[] lastDts;
        long[] offset;
        long[] wrapStep;

        @Setup(Level.Iteration)
        public void open() {
            in = openLooping();
            packet = new Packet();
            out = "file".equals(sink) ? OutputContainer.toUrl(devNullLink().toString(), "mpegts")
                    : OutputContainer.consuming(IoContext.writing(OutputStream.nullOutputStream()), "mpegts");
            List<StreamInfo> streams = in.streams();
            for (StreamInfo s : streams) out.addStreamCopying(s);
            // flush_packets=0 as avline's Output sets for streams: FFmpeg's default flushes a
            // non-seekable custom AVIO after every packet, one more upcall (~100 B) per packet.
            out.writeHeader(Map.of("mpegts_flags", "+initial_discontinuity", "flush_packets", "0"), UnknownOptions.FAIL);
            int n = streams.size();
            inTb = new Rational[n];
            outTb = new Rational[n];
            lastDts = new long[n];
            offset = new long[n];
            wrapStep = new long[n];
            for (int i = 0; i < n; i++) {
                inTb[i] = streams.get(i).timeBase();
                outTb[i] = out.timeBase(i);
                lastDts[i] = Long.MIN_VALUE;
                // Each wrap moves the clock on by twice the clip, so DTS keeps increasing across it.
                wrapStep[i] = Rational.MICROS.rescale(2L * CLIP_SECONDS * 1_000_000, inTb[i]);
            }
        }

        @TearDown(Level.Iteration)
        public void close() {
            out.close();
            packet.close();
            in.close();
        }
    }

    /** State of {@code readOnly}. */
    @State(Scope.Thread)
    public static class ReadState {
        InputContainer in;
        Packet packet;

        @Setup(Level.Iteration)
        public void open() {
            in = openLooping();
            packet = new Packet();
        }

        @TearDown(Level.Iteration)
        public void close() {
            packet.close();
            in.close();
        }
    }

    @Benchmark
    public void copyPacket(CopyState s) {
        if (!s.in.read(s.packet)) throw new IllegalStateException("the looping input ended");
        s.writer.write(s.packet);
    }

    @Benchmark
    public void boundaryCopy(BoundaryState s) {
        Packet p = s.packet;
        if (!s.in.read(p)) throw new IllegalStateException("the looping input ended");
        int i = p.streamIndex();
        long dts = p.dts();
        if (dts != Long.MIN_VALUE) {
            if (s.lastDts[i] != Long.MIN_VALUE && dts + s.offset[i] <= s.lastDts[i]) s.offset[i] += s.wrapStep[i];
            s.lastDts[i] = dts + s.offset[i];
            long pts = p.pts();
            p.setTimestamps(pts == Long.MIN_VALUE ? pts : pts + s.offset[i], dts + s.offset[i], p.duration());
        }
        p.rescale(s.inTb[i], s.outTb[i]);
        s.out.write(p);
    }

    @Benchmark
    public void readOnly(ReadState s) {
        if (!s.in.read(s.packet)) throw new IllegalStateException("the looping input ended");
        s.packet.unref();
    }
}
