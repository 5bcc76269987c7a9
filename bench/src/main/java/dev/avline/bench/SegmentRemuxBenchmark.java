package dev.avline.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import dev.avline.Avline;
import dev.avline.Container;
import dev.avline.SegmentRemuxer;
import dev.avline.ffi.LogBridge;

/**
 * One 4 s 720p30 TS segment (1.85 MB, the {@code Compare segment} input) remuxed to MPEG-TS in
 * memory per operation, against the floor the bench measures itself ({@link SegmentFloor}: the same
 * job with FFmpeg's calls through the bindings and nothing of avline around them):
 * <ul>
 *   <li>{@code floor}: {@link SegmentFloor}, Java array in, Java array out;</li>
 *   <li>{@code remuxer}: {@link SegmentRemuxer#remux(byte[], byte[])} into a reused array;</li>
 *   <li>{@code remuxerDirect}: {@link SegmentRemuxer#remux(ByteBuffer, ByteBuffer)}, direct buffers both ways;</li>
 *   <li>{@code remuxSegment}: {@link Avline#remuxSegment(byte[], Container)}, a new array per call.</li>
 * </ul>
 * Sample time (each operation timed): the median is what the target is about; the calling thread's
 * CPU time per operation is recorded too (on a shared machine preemption stretches wall time, not
 * CPU time). Run with
 * {@code -prof gc} for the bytes each call allocates. The setup checks that the remuxer writes
 * exactly the floor's bytes, so both do the same job.
 *
 * <p>{@code java -cp avline-bench.jar dev.avline.bench.SegmentRemuxBenchmark [--rounds N] [-prof gc]} runs
 * them in alternating rounds ({@link #main}) and ends with
 * {@code RESULT segment-floor remuxer/floor median=<ratio> direct/floor=<ratio> remuxSegment/floor=<ratio> rounds=<N>}.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public class SegmentRemuxBenchmark {
    byte[] segment;
    byte[] out;
    ByteBuffer directIn;
    ByteBuffer directOut;
    SegmentFloor floor;
    SegmentRemuxer remuxer;
    /** This thread's CPU time in the measured iterations' operations, and how many there were. */
    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();
    long cpuNanos;
    long cpuOps;
    long iterationCpuNanos;
    long iterationOps;

    @Setup(Level.Trial)
    public void setUp() {
        try {
            segment = Files.readAllBytes(MediaCache.standard().segment());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LogBridge.setLevel("error");
        out = new byte[segment.length * 2];
        directIn = ByteBuffer.allocateDirect(segment.length).put(segment).flip();
        directOut = ByteBuffer.allocateDirect(out.length);
        floor = new SegmentFloor();
        remuxer = SegmentRemuxer.to(Container.MPEGTS).inputFormat("mpegts").build();
        byte[] reference = Arrays.copyOf(out, floor.remux(segment, out));
        byte[] mine = Arrays.copyOf(out, remuxer.remux(segment, out));
        if (!Arrays.equals(reference, mine)) {
            throw new IllegalStateException("the remuxer and the floor wrote different bytes (" + mine.length + " vs "
                    + reference.length + "): they are not doing the same job");
        }
    }

    @Setup(Level.Iteration)
    public void startIteration() {
        iterationCpuNanos = 0;
        iterationOps = 0;
    }

    @TearDown(Level.Iteration)
    public void endIteration(org.openjdk.jmh.infra.IterationParams iteration) {
        if (iteration.getType() == org.openjdk.jmh.runner.IterationType.MEASUREMENT) {
            cpuNanos += iterationCpuNanos;
            cpuOps += iterationOps;
        }
    }

    /**
     * Writes {@code <benchmark> <CPU ns per operation>} to the file named by
     * {@code -Davline.bench.cpuFile} (the {@link #main} runner sets it), for the CPU-time ratio.
     */
    @TearDown(Level.Trial)
    public void tearDown(org.openjdk.jmh.infra.BenchmarkParams params) throws IOException {
        floor.close();
        remuxer.close();
        String file = System.getProperty("avline.bench.cpuFile");
        if (file != null && cpuOps > 0) {
            String name = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
            Files.writeString(java.nio.file.Path.of(file), name + " " + cpuNanos / cpuOps + "\n",
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        }
    }

    /**
     * The calling thread's CPU time around each operation (two {@code clock_gettime} calls, ~1 µs
     * of a ~4 ms operation): on a shared machine, preemption stretches wall time but not CPU time.
     * Everything these operations do runs on the calling thread (FFmpeg's analysis decoders are
     * single-threaded); only garbage collection happens elsewhere.
     */
    private int timed(java.util.function.IntSupplier op) {
        long c0 = THREADS.getCurrentThreadCpuTime();
        int n = op.getAsInt();
        iterationCpuNanos += THREADS.getCurrentThreadCpuTime() - c0;
        iterationOps++;
        return n;
    }

    @Benchmark
    public int floor() {
        return timed(() -> floor.remux(segment, out));
    }

    @Benchmark
    public int remuxer() {
        return timed(() -> remuxer.remux(segment, out));
    }

    @Benchmark
    public int remuxerDirect() {
        return timed(() -> remuxer.remux(directIn, directOut.clear()));
    }

    @Benchmark
    public int remuxSegment() {
        return timed(() -> Avline.remuxSegment(segment, Container.MPEGTS).length);
    }

    static final String[] TOOLS = {"floor", "remuxer", "remuxerDirect", "remuxSegment"};

    /**
     * Runs the benchmarks in alternating rounds (each round runs every tool once, in a rotating
     * order, as short JMH runs in a fork of their own), so load from elsewhere on the machine falls
     * on every tool alike; each round gives a ratio of medians to the floor, and the result is the
     * median of those per-round ratios. {@code --rounds N} (default 6); other arguments are JMH's
     * ({@code -prof gc} adds each tool's bytes per operation).
     */
    public static void main(String[] args) throws Exception {
        int rounds = 6;
        java.util.List<String> jmhArgs = new java.util.ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--rounds")) rounds = Integer.parseInt(args[++i]);
            else jmhArgs.add(args[i]);
        }
        org.openjdk.jmh.runner.options.CommandLineOptions cli =
                new org.openjdk.jmh.runner.options.CommandLineOptions(jmhArgs.toArray(new String[0]));
        System.out.println(Compare.Machine.describe());
        Map<String, double[]> medians = new LinkedHashMap<>();
        Map<String, double[]> cpu = new LinkedHashMap<>();
        Map<String, String> allocation = new LinkedHashMap<>();
        for (String t : TOOLS) {
            medians.put(t, new double[rounds]);
            cpu.put(t, new double[rounds]);
        }
        java.nio.file.Path cpuFile = Files.createTempFile("avline-segment-cpu", ".txt");
        for (int r = 0; r < rounds; r++) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "round %d:", r + 1));
            for (int k = 0; k < TOOLS.length; k++) {
                String tool = TOOLS[(k + r) % TOOLS.length];
                ChainedOptionsBuilder o = new OptionsBuilder().parent(cli)
                        .include(SegmentRemuxBenchmark.class.getName().replace(".", "\\.") + "\\." + tool + "$")
                        .jvmArgsAppend("-Xms1g", "-Xmx1g", "-Davline.bench.cpuFile=" + cpuFile)
                        .forks(1).warmupIterations(3).warmupTime(org.openjdk.jmh.runner.options.TimeValue.seconds(1))
                        .measurementIterations(4).measurementTime(org.openjdk.jmh.runner.options.TimeValue.seconds(1))
                        .verbosity(org.openjdk.jmh.runner.options.VerboseMode.SILENT);
                Files.deleteIfExists(cpuFile);
                Collection<RunResult> results = new Runner(o.build()).run();
                String written = Files.exists(cpuFile) ? Files.readString(cpuFile).trim() : "";
                cpu.get(tool)[r] = written.isEmpty() ? Double.NaN : Long.parseLong(written.split(" ")[1]) / 1e6;
                RunResult result = results.iterator().next();
                double p50 = result.getPrimaryResult().getStatistics().getPercentile(50);
                medians.get(tool)[r] = p50;
                var norm = result.getSecondaryResults().get("gc.alloc.rate.norm");
                if (norm != null) allocation.put(tool, String.format(Locale.ROOT, "%.0f B/op", norm.getScore()));
                line.append(String.format(Locale.ROOT, "  %s %.3f ms (CPU %.3f)", tool, p50, cpu.get(tool)[r]));
            }
            System.out.println(line + "  (load " + Compare.Machine.loadAverage() + ")");
        }
        System.out.println("summary (medians of each run, µs):");
        for (Map.Entry<String, double[]> e : medians.entrySet()) {
            System.out.println("  " + Rounds.summary(e.getKey(), micros(e.getValue())));
        }
        System.out.println("summary (CPU µs per operation of each run):");
        for (Map.Entry<String, double[]> e : cpu.entrySet()) {
            System.out.println("  " + Rounds.summary(e.getKey(), micros(e.getValue())));
        }
        if (!allocation.isEmpty()) System.out.println("allocated per operation (last round, -prof gc): " + allocation);
        double[] floorMs = medians.get("floor");
        double[] floorCpu = cpu.get("floor");
        System.out.printf(Locale.ROOT, "CPU time per operation, median of per-round ratios: remuxer/floor %.3f direct/floor %.3f remuxSegment/floor %.3f%n",
                Rounds.medianRatio(cpu.get("remuxer"), floorCpu), Rounds.medianRatio(cpu.get("remuxerDirect"), floorCpu),
                Rounds.medianRatio(cpu.get("remuxSegment"), floorCpu));
        Files.deleteIfExists(cpuFile);
        System.out.printf(Locale.ROOT, "RESULT segment-floor remuxer/floor median=%.3f direct/floor=%.3f remuxSegment/floor=%.3f rounds=%d%n",
                Rounds.medianRatio(medians.get("remuxer"), floorMs), Rounds.medianRatio(medians.get("remuxerDirect"), floorMs),
                Rounds.medianRatio(medians.get("remuxSegment"), floorMs), rounds);
    }

    private static double[] micros(double[] ms) {
        double[] us = new double[ms.length];
        for (int i = 0; i < ms.length; i++) us[i] = ms[i] * 1000;
        return us;
    }
}
