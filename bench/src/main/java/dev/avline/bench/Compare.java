package dev.avline.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.avline.Avline;
import dev.avline.ffi.LogBridge;

/**
 * Whole jobs, timed side by side: avline in this JVM, the bundled {@code ffmpeg} CLI as a process
 * (start included: that is what a user of the CLI waits for), and a warm JavaCV loop in this JVM.
 *
 * <pre>
 * java -cp bench/target/avline-bench.jar dev.avline.bench.Compare remux|segment|transcode|ladder
 *      [--runs N] [--warmup N] [--no-memory] [--keep] [--peers-only]
 * java -cp bench/target/avline-bench.jar dev.avline.bench.Compare transcode --hw cuda [--runs N]   ({@link HwTranscodeWorkload})
 * java -cp bench/target/avline-bench.jar dev.avline.bench.Compare live [options]   (see {@link LiveCompare})
 * java -cp bench/target/avline-bench.jar dev.avline.bench.Compare transcode-many [--jobs 10] [--rounds 2]   ({@link ManyTranscodes})
 * </pre>
 *
 * Every tool is warmed up first, then the tools run in turn, in an order that changes every round
 * (all permutations in rotation: with two tools avline first, then the CLI first, ...), so load from
 * elsewhere on the machine falls on every tool alike. Each round yields the ratio avline/CLI and
 * avline/JavaCV; the summary is the median of those per-round ratios. After the rounds, the peak
 * memory of each tool is measured in a process of its own ({@link PeakMemory}). The last line is
 * {@code RESULT <job> avline/ffmpeg-cli median=<ratio> javacv=<ratio|n/a> n=<rounds>}.
 */
public final class Compare {
    private Compare() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && (args[0].equals("live") || args[0].equals("transcode-many"))) {
            String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
            try {
                if (args[0].equals("live")) LiveCompare.main(rest);
                else ManyTranscodes.main(rest);
            } catch (IllegalArgumentException e) {
                System.err.println("Compare " + args[0] + ": " + e.getMessage());
                System.err.println(args[0].equals("live")
                        ? "usage: Compare live [--counts 1,10,50] [--seconds 60] [--server-jvm \"OPTIONS\"] [--server-env \"NAME=VALUE ...\"]"
                                + " [--tools cli,avline,avline-server] [--keep]"
                        : "usage: Compare transcode-many [--jobs 10] [--rounds 2]");
                System.exit(64);
            }
            System.exit(0);
            return;
        }
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("Compare: " + e.getMessage());
            System.err.println("usage: Compare remux|segment|transcode|ladder [--runs N] [--warmup N] [--no-memory] [--keep] [--peers-only]"
                    + " [--hw cuda]");
            System.err.println("  --hw cuda: transcode only; NVDEC (+ NVENC where it exists) against the CLI's -hwaccel cuda");
            System.err.println("  --peers-only: time the ffmpeg CLI and JavaCV without avline (no RESULT line)");
            System.exit(64);
            return;
        }
        LogBridge.setLevel("error"); // as the CLI runs with -loglevel error
        MediaCache cache = MediaCache.standard();
        if (o.hw != null) {
            try {
                Workload w = HwTranscodeWorkload.cuda(cache);
                o.noMemory = true; // the memory probe's child process would run the software job
                Path work = Files.createTempDirectory("avline-compare-");
                try {
                    compare(w, o, cache, work);
                } finally {
                    if (!o.keep) MediaCache.deleteTree(work);
                }
            } catch (IllegalStateException e) {
                System.err.println("Compare transcode --hw cuda: " + e.getMessage());
                System.exit(2);
                return;
            }
            System.exit(0);
            return;
        }
        Workload workload = switch (o.job) {
            case "remux" -> new RemuxWorkload(cache);
            case "segment" -> new SegmentWorkload(cache);
            case "transcode" -> new TranscodeWorkload(cache);
            case "ladder" -> new LadderWorkload(cache);
            default -> throw new AssertionError(o.job);
        };
        if (workload.avlineMissing() != null && !o.peersOnly && o.probeTool == null) {
            System.err.println("Compare " + workload.name() + ": " + workload.avlineMissing()
                    + ". Run 'Compare " + workload.name() + " --peers-only' to measure the other tools alone.");
            System.exit(2);
            return;
        }
        JavaCv.load();
        Path work = Files.createTempDirectory("avline-compare-");
        try {
            if (o.probeTool != null) {
                probeMemory(workload, o.probeTool, work);
            } else {
                compare(workload, o, cache, work);
            }
        } finally {
            if (!o.keep) MediaCache.deleteTree(work);
            else System.out.println("outputs kept in " + work);
        }
        System.exit(0); // JavaCV and the CLI's pipe threads must not keep the JVM alive
    }

    private static void compare(Workload w, Options o, MediaCache cache, Path work) throws Exception {
        List<Contender> tools = w.contenders(work);
        if (o.peersOnly) tools = tools.stream().filter(c -> !c.name().equals("avline")).toList();
        int runs = o.runs > 0 ? o.runs : w.defaultRuns();
        int warmups = o.warmups >= 0 ? o.warmups : w.defaultWarmups();
        System.out.println(w.name() + ": " + w.description());
        System.out.println(Machine.describe());
        System.out.println("inputs: " + cache.root());

        List<int[]> orders = Rounds.orders(tools.size());
        for (int i = 0; i < warmups; i++) {
            for (int t : orders.get(i % orders.size())) {
                tools.get(t).prepare();
                tools.get(t).run();
            }
        }
        System.out.printf(Locale.ROOT, "warm-up: %d run(s) each; outputs:%n", warmups);
        checkOutputs(tools, warmups);
        for (Contender c : tools) {
            String a = c.allocationReport();
            if (a != null) System.out.println("allocation, " + c.name() + ": " + a);
        }

        Map<String, double[]> millis = new LinkedHashMap<>();
        Map<String, double[]> cpu = new LinkedHashMap<>();
        for (Contender c : tools) millis.put(c.name(), new double[runs]);
        for (int r = 0; r < runs; r++) {
            int[] order = orders.get(r % orders.size());
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "round %2d:", r + 1));
            for (int t : order) {
                Contender c = tools.get(t);
                c.prepare();
                long t0 = System.nanoTime();
                c.run();
                double ms = (System.nanoTime() - t0) / 1e6;
                millis.get(c.name())[r] = ms;
                line.append(String.format(Locale.ROOT, "  %s %.1f ms", c.name(), ms));
                double cpuSeconds = c.lastCpuSeconds();
                if (!Double.isNaN(cpuSeconds)) {
                    cpu.computeIfAbsent(c.name(), k -> new double[runs])[r] = cpuSeconds * 1000;
                    line.append(String.format(Locale.ROOT, " (CPU %.1f s)", cpuSeconds));
                }
            }
            System.out.println(line);
        }

        System.out.println("summary (ms):");
        for (Map.Entry<String, double[]> e : millis.entrySet()) {
            System.out.println("  " + Rounds.summary(e.getKey(), e.getValue()));
        }
        Double cpuRatio = null;
        if (!cpu.isEmpty()) {
            System.out.println("CPU time, user + system (ms):");
            for (Map.Entry<String, double[]> e : cpu.entrySet()) System.out.println("  " + Rounds.summary(e.getKey(), e.getValue()));
            if (cpu.containsKey("avline") && cpu.containsKey("ffmpeg-cli")) {
                cpuRatio = Rounds.medianRatio(cpu.get("avline"), cpu.get("ffmpeg-cli"));
                System.out.printf(Locale.ROOT, "CPU ratio: avline/ffmpeg-cli median of per-round ratios %.3f%n", cpuRatio);
            }
        }
        double[] avline = millis.get("avline");
        if (avline == null && millis.containsKey("ffmpeg-cli")) {
            for (Map.Entry<String, double[]> e : millis.entrySet()) {
                if (e.getKey().equals("ffmpeg-cli")) continue;
                System.out.printf(Locale.ROOT, "ratios: %s/ffmpeg-cli median of per-round ratios %.3f%n", e.getKey(),
                        Rounds.medianRatio(e.getValue(), millis.get("ffmpeg-cli")));
            }
        }
        Double cli = null;
        Double javacv = null;
        if (avline != null) {
            cli = Rounds.medianRatio(avline, millis.get("ffmpeg-cli"));
            javacv = millis.containsKey("javacv") ? Rounds.medianRatio(avline, millis.get("javacv")) : null;
            System.out.printf(Locale.ROOT, "ratios: avline/ffmpeg-cli median of per-round ratios %.3f (ratio of medians %.3f)",
                    cli, Rounds.median(avline) / Rounds.median(millis.get("ffmpeg-cli")));
            if (javacv != null) {
                System.out.printf(Locale.ROOT, "; avline/javacv %.3f (ratio of medians %.3f)",
                        javacv, Rounds.median(avline) / Rounds.median(millis.get("javacv")));
            }
            System.out.println();
        }
        System.out.println("load after: " + Machine.loadAverage());

        if (!o.noMemory) {
            System.out.println("peak memory, one warm-up + one run in a fresh process each:");
            for (Contender c : tools) {
                PeakMemory.Figure f = c.measurePeakMemoryItself();
                if (f == null) f = PeakMemory.inFreshJvm(w.name(), c.name(), cache.root());
                System.out.println("  " + c.name() + ": " + f);
            }
            System.out.println("  (a JVM that only loaded FFmpeg: " + PeakMemory.inFreshJvm(w.name(), "baseline", cache.root()) + ")");
        }
        if (avline == null) {
            String why = w.avlineMissing() != null ? w.avlineMissing() : "--peers-only";
            System.out.println("no RESULT line: avline was not measured (" + why + ")");
            return;
        }
        System.out.printf(Locale.ROOT, "RESULT %s avline/ffmpeg-cli median=%.3f javacv=%s n=%d%s%n", w.name(), cli,
                javacv == null ? "n/a" : String.format(Locale.ROOT, "%.3f", javacv), runs,
                cpuRatio == null ? "" : String.format(Locale.ROOT, " cpu=%.3f", cpuRatio));
    }

    /** Prints what each tool wrote and warns when they did not do the same job. */
    private static void checkOutputs(List<Contender> tools, int warmups) throws Exception {
        if (warmups == 0) {
            for (Contender c : tools) {
                c.prepare();
                c.run();
            }
        }
        OutputSummary reference = null;
        for (Contender c : tools) {
            OutputSummary s = c.lastOutput();
            System.out.println("  " + c.name() + ": " + s);
            if (reference == null) {
                reference = s;
            } else if (!s.comparableTo(reference)) {
                System.out.println("  WARNING: " + c.name() + " did not write the same streams/packets as " + tools.get(0).name());
            }
        }
    }

    /** The child side of {@link PeakMemory#inFreshJvm}: one warm-up and one run of one tool. */
    private static void probeMemory(Workload w, String tool, Path work) throws Exception {
        if (tool.equals("baseline")) {
            Avline.ffmpegVersions();
            System.out.println(PeakMemory.report(PeakMemory.ofThisProcess()));
            return;
        }
        Contender c = w.contenders(work).stream().filter(x -> x.name().equals(tool)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no tool named " + tool + " in " + w.name()));
        PeakMemory.resetHeapPeaks();
        c.run();
        c.run();
        System.out.println(PeakMemory.report(PeakMemory.ofThisProcess()));
    }

    /** Command-line options. */
    static final class Options {
        String job;
        int runs = -1;
        int warmups = -1;
        boolean noMemory;
        boolean keep;
        boolean peersOnly;
        String probeTool;
        String hw;

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--runs" -> o.runs = positive(a, value(args, ++i, a));
                    case "--warmup" -> o.warmups = Integer.parseInt(value(args, ++i, a));
                    case "--no-memory" -> o.noMemory = true;
                    case "--keep" -> o.keep = true;
                    case "--peers-only" -> o.peersOnly = true;
                    case "--probe-memory" -> o.probeTool = value(args, ++i, a);
                    case "--hw" -> o.hw = value(args, ++i, a);
                    default -> {
                        if (a.startsWith("-") || o.job != null) throw new IllegalArgumentException("unexpected argument '" + a + "'");
                        o.job = a;
                    }
                }
            }
            if (o.job == null) throw new IllegalArgumentException("name a job");
            if (!List.of("remux", "segment", "transcode", "ladder").contains(o.job)) {
                throw new IllegalArgumentException("unknown job '" + o.job + "' (expected remux, segment, transcode or ladder)");
            }
            if (o.warmups < -1) throw new IllegalArgumentException("--warmup must be 0 or more");
            if (o.hw != null && !o.hw.equals("cuda")) throw new IllegalArgumentException("--hw: only 'cuda' is measured (got '" + o.hw + "')");
            if (o.hw != null && !o.job.equals("transcode")) throw new IllegalArgumentException("--hw goes with the transcode job only");
            return o;
        }

        private static String value(String[] args, int i, String name) {
            if (i >= args.length) throw new IllegalArgumentException(name + " needs a value");
            return args[i];
        }

        private static int positive(String name, String v) {
            int n;
            try {
                n = Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " needs a number, got '" + v + "'");
            }
            if (n <= 0) throw new IllegalArgumentException(name + " must be positive, got " + n);
            return n;
        }
    }

    /** A line about the machine, for the figures to be read against. */
    static final class Machine {
        private Machine() {
        }

        static String describe() {
            String cpu = "unknown CPU";
            try {
                for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8)) {
                    if (line.startsWith("model name")) {
                        cpu = line.substring(line.indexOf(':') + 1).trim();
                        break;
                    }
                }
            } catch (IOException ignored) {
                // not Linux: the rest of the line still says what ran
            }
            return String.format(Locale.ROOT, "machine: %d CPUs (%s), %s %s, Java %s; %s; load average %s",
                    Runtime.getRuntime().availableProcessors(), cpu, System.getProperty("os.name"),
                    System.getProperty("os.version"), System.getProperty("java.version"), Avline.ffmpegVersions(),
                    loadAverage());
        }

        static String loadAverage() {
            try {
                String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
                return f[0] + " " + f[1] + " " + f[2];
            } catch (IOException | RuntimeException e) {
                return "n/a";
            }
        }
    }
}
