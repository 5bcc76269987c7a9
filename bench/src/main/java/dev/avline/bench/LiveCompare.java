package dev.avline.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.avline.ffi.LogBridge;

/**
 * {@code Compare live}: N simultaneous live HLS recordings, avline in one JVM against N
 * {@code ffmpeg} processes, as a streaming server records many channels. The origins run in a
 * process of their own ({@link LiveOriginsMain}: 640x360 at 25 fps, ~3 Mbit/s, 2 s segments), so
 * their cost is not counted.
 *
 * <pre>
 * java -cp bench/target/avline-bench.jar dev.avline.bench.Compare live [--counts 1,10,50] [--seconds 60]
 *      [--server-jvm "OPTIONS"] [--server-env "NAME=VALUE …"] [--tools cli,avline,avline-server] [--keep]
 * </pre>
 *
 * For each N, each tool records for the same time, one tool at a time: avline in a fresh JVM with no
 * options ({@code avline}) and with the options the README recommends for a server
 * ({@code avline-server}, {@link #SERVER_JVM} and {@link #SERVER_ENV}), and the bundled CLI as N processes, each stopped
 * with {@code q} on its standard input (which it obeys; a first SIGINT during live HLS is ignored by
 * FFmpeg 7.1.1). Measured from outside, every 2 s: total RSS, PSS and threads of the tool's processes
 * (the highest sums are reported); CPU from the kernel's accounting of the tool's processes once they
 * ended and were reaped (their whole lives: start, recording, stop). Every output is then decoded
 * again ({@code MediaProbe}): streams, decode errors, DTS order, duration. The last lines are
 * {@code RESULT live n=<N> avline/ffmpeg-cli pss=<ratio> cpu=<ratio> jvm=<server|default>}.
 */
final class LiveCompare {
    /**
     * The JVM options bench/README.md recommends for a server recording many channels: a heap that
     * starts small and grows only as far as it must, the serial collector (no GC threads, least
     * memory beside the heap), and the client compiler only (JIT in a fraction of the CPU and code
     * cache; avline's Java code is not where a recording spends its time).
     */
    static final List<String> SERVER_JVM = List.of("-Xms16m", "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    /**
     * And the environment: glibc's malloc makes up to 8 arenas per CPU for the threads that call
     * it, each keeping what FFmpeg freed in it; two arenas hold less.
     */
    static final Map<String, String> SERVER_ENV = Map.of("MALLOC_ARENA_MAX", "2");
    private static final long SAMPLE_MILLIS = 2000;

    private LiveCompare() {
    }

    /** One tool's run at one N. */
    record Run(String tool, int n, double seconds, double cpuSeconds, double startupCpuSeconds, long peakRssKb,
               long peakPssKb, long steadyPssKb, int peakThreads, double machineBusySeconds, double originCpuSeconds, double otherCpuSeconds,
               Outputs outputs) {
    }

    /** What the outputs were found to be. */
    record Outputs(int count, int good, double minVideoSeconds, double maxVideoSeconds, double mbitPerSecond,
                   List<String> problems) {
    }

    static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        LogBridge.setLevel("error");
        double tick = ProcFs.TICKS_PER_SECOND; // reads getconf once, before any measurement
        FfmpegCli.libraryShim();               // runs ldd once, before any measurement
        System.out.println("live: N simultaneous recordings of 640x360@25 live HLS (2 s segments) for " + o.seconds
                + " s each; avline in one JVM vs N ffmpeg processes");
        System.out.println(Compare.Machine.describe());
        System.out.println("server JVM options: " + String.join(" ", o.serverJvm) + ", environment " + o.serverEnv
                + "; tick " + tick + " Hz");
        int most = o.counts.stream().mapToInt(Integer::intValue).max().orElseThrow();
        Path work = Files.createTempDirectory("avline-live-");
        Process origins = startOrigins(most, work);
        try {
            List<String> urls = Files.readAllLines(work.resolve("urls.txt"));
            List<Run> runs = new ArrayList<>();
            int round = 0;
            for (int n : o.counts) {
                List<String> order = new ArrayList<>(o.tools);
                java.util.Collections.rotate(order, round++); // no tool always runs first
                for (String tool : order) {
                    Run r = run(tool, n, urls, o, work, origins.pid());
                    runs.add(r);
                    print(r);
                }
            }
            summarize(runs, o);
        } finally {
            origins.getOutputStream().close();
            origins.waitFor(30, TimeUnit.SECONDS);
            origins.destroyForcibly();
            if (!o.keep) MediaCache.deleteTree(work);
            else System.out.println("outputs kept in " + work);
        }
    }

    private static Process startOrigins(int count, Path work) throws IOException, InterruptedException {
        System.out.println("starting " + count + " origins in a process of their own…");
        List<String> cmd = new ArrayList<>(List.of(java(), "-cp", System.getProperty("java.class.path"),
                LiveOriginsMain.class.getName(), String.valueOf(count)));
        Process p = new ProcessBuilder(cmd).redirectError(work.resolve("origins.err").toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        List<String> urls = new ArrayList<>();
        String line;
        while ((line = out.readLine()) != null && !line.equals("READY")) {
            if (line.startsWith("ORIGIN ")) urls.add(line.substring(7));
        }
        if (urls.size() != count) {
            throw new IOException("the origins process ended early:\n" + Files.readString(work.resolve("origins.err")));
        }
        Files.write(work.resolve("urls.txt"), urls);
        Thread.sleep(4000); // let every origin publish a segment or two beyond its first window
        return p;
    }

    private static Run run(String tool, int n, List<String> urls, Options o, Path work, long originPid) throws Exception {
        Path dir = Files.createDirectories(work.resolve(tool + "-" + n));
        System.out.printf(Locale.ROOT, "%s, n=%d: recording %d s… (load %s)%n", tool, n, o.seconds, Compare.Machine.loadAverage());
        long self = ProcessHandle.current().pid();
        long reaped0 = ProcFs.reapedChildrenCpuTicks();
        long busy0 = ProcFs.machineBusyTicks();
        long origin0 = ProcFs.cpuTicks(originPid);
        long self0 = ProcFs.cpuTicks(self);
        boolean server = tool.equals("avline-server");
        LiveTool t = tool.equals("cli") ? new LiveCliProcesses(urls.subList(0, n), dir) : new LiveAvlineJvm(server ? o.serverJvm : List.of(),
                server ? o.serverEnv : Map.of(), work.resolve("urls.txt"), n, dir);
        t.start();
        double startupCpu = t.awaitStarted();
        long[] peak = new long[3];
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(o.seconds);
        long steadySum = 0;
        int steadySamples = 0;
        while (System.nanoTime() < end) {
            long[] sum = new long[3];
            for (long pid : t.pids()) {
                long[] m = ProcFs.rssPssKb(pid);
                if (m != null) {
                    sum[0] += m[0];
                    sum[1] += m[1];
                }
                sum[2] += Math.max(0, ProcFs.threads(pid));
            }
            for (int i = 0; i < 3; i++) peak[i] = Math.max(peak[i], sum[i]);
            if (System.nanoTime() - start > (end - start) / 2) { // the second half: past the start's transients
                steadySum += sum[1];
                steadySamples++;
            }
            Thread.sleep(Math.min(SAMPLE_MILLIS, Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime()))));
        }
        t.stopAndWait();
        double tick = ProcFs.TICKS_PER_SECOND;
        double cpu = (ProcFs.reapedChildrenCpuTicks() - reaped0) / tick;
        double busy = (ProcFs.machineBusyTicks() - busy0) / tick;
        double originCpu = (ProcFs.cpuTicks(originPid) - origin0) / tick;
        double selfCpu = (ProcFs.cpuTicks(self) - self0) / tick;
        Outputs outputs = LiveOutputs.check(t.outputs(), o.seconds);
        if (!o.keep) {
            for (Path p : t.outputs()) Files.deleteIfExists(p);
        }
        return new Run(tool, n, o.seconds, cpu, startupCpu, peak[0], peak[1], steadySamples == 0 ? 0 : steadySum / steadySamples,
                (int) peak[2], busy, originCpu,
                Math.max(0, busy - cpu - originCpu - selfCpu), outputs);
    }

    private static void print(Run r) {
        Outputs out = r.outputs();
        System.out.printf(Locale.ROOT,
                "  %-13s n=%-3d RSS %7.1f MB  PSS %7.1f MB (second half %7.1f)  threads %4d  CPU %6.2f s (at start %.2f)  | machine busy %.1f CPU-s: origins %.1f, others %.1f%n",
                r.tool(), r.n(), r.peakRssKb() / 1024.0, r.peakPssKb() / 1024.0, r.steadyPssKb() / 1024.0, r.peakThreads(), r.cpuSeconds(),
                r.startupCpuSeconds(), r.machineBusySeconds(), r.originCpuSeconds(), r.otherCpuSeconds());
        System.out.printf(Locale.ROOT, "  %-13s outputs %d/%d good, video %.1f–%.1f s, %.2f Mbit/s%s%n", "",
                out.good(), out.count(), out.minVideoSeconds(), out.maxVideoSeconds(), out.mbitPerSecond(),
                out.problems().isEmpty() ? "" : "; problems: " + out.problems());
    }

    private static void summarize(List<Run> runs, Options o) {
        Map<String, Run> byKey = new LinkedHashMap<>();
        for (Run r : runs) byKey.put(r.tool() + "/" + r.n(), r);
        System.out.println("summary (peak RSS · peak PSS (mean PSS over the second half) in MB, CPU-s over the whole run, peak threads):");
        System.out.println("| N | " + String.join(" | ", o.tools) + " |");
        for (int n : o.counts) {
            StringBuilder line = new StringBuilder("| " + n + " |");
            for (String tool : o.tools) {
                Run r = byKey.get(tool + "/" + n);
                line.append(String.format(Locale.ROOT, " %.0f · %.0f (%.0f) MB · %.1f CPU-s · %d threads |",
                        r.peakRssKb() / 1024.0, r.peakPssKb() / 1024.0, r.steadyPssKb() / 1024.0, r.cpuSeconds(), r.peakThreads()));
            }
            System.out.println(line);
        }
        if (o.counts.size() >= 2) {
            int lo = o.counts.get(o.counts.size() - 2);
            int hi = o.counts.get(o.counts.size() - 1);
            for (String tool : o.tools) {
                Run a = byKey.get(tool + "/" + lo);
                Run b = byKey.get(tool + "/" + hi);
                System.out.printf(Locale.ROOT, "per added recording (%d → %d), %s: %.2f MB PSS, %.3f CPU-s per minute%n", lo, hi,
                        tool, (b.peakPssKb() - a.peakPssKb()) / 1024.0 / (hi - lo),
                        (b.cpuSeconds() - a.cpuSeconds()) / (hi - lo) / (o.seconds / 60.0));
            }
        }
        if (!o.tools.contains("cli")) {
            System.out.println("no RESULT lines: the CLI was not measured");
            return;
        }
        for (int n : o.counts) {
            Run cli = byKey.get("cli/" + n);
            for (String tool : List.of("avline-server", "avline")) {
                Run a = byKey.get(tool + "/" + n);
                if (a == null) continue;
                System.out.printf(Locale.ROOT, "RESULT live n=%d avline/ffmpeg-cli pss=%.3f cpu=%.3f jvm=%s%n", n,
                        (double) a.peakPssKb() / cli.peakPssKb(), a.cpuSeconds() / cli.cpuSeconds(),
                        tool.equals("avline") ? "default" : "server");
            }
        }
    }

    static String java() {
        return ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** Command-line options of {@code Compare live}. */
    static final class Options {
        List<Integer> counts = List.of(1, 10, 50);
        int seconds = 60;
        List<String> serverJvm = SERVER_JVM;
        Map<String, String> serverEnv = SERVER_ENV;
        List<String> tools = List.of("cli", "avline", "avline-server");
        boolean keep;

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--counts" -> o.counts = parseCounts(value(args, ++i, a));
                    case "--seconds" -> o.seconds = Integer.parseInt(value(args, ++i, a));
                    case "--server-jvm" -> o.serverJvm = List.of(value(args, ++i, a).trim().split("\\s+"));
                    case "--server-env" -> o.serverEnv = parseEnv(value(args, ++i, a));
                    case "--tools" -> o.tools = List.of(value(args, ++i, a).split(","));
                    case "--keep" -> o.keep = true;
                    default -> throw new IllegalArgumentException("unexpected argument '" + a + "'");
                }
            }
            if (o.seconds < 10) throw new IllegalArgumentException("--seconds must be at least 10");
            for (String t : o.tools) {
                if (!List.of("cli", "avline", "avline-server").contains(t)) {
                    throw new IllegalArgumentException("unknown tool '" + t + "' (expected cli, avline, avline-server)");
                }
            }
            return o;
        }

        /** "NAME=VALUE NAME=VALUE", or "" for none. */
        private static Map<String, String> parseEnv(String v) {
            Map<String, String> m = new LinkedHashMap<>();
            for (String pair : v.trim().split("\\s+")) {
                if (pair.isEmpty()) continue;
                int eq = pair.indexOf('=');
                if (eq <= 0) throw new IllegalArgumentException("--server-env: expected NAME=VALUE, got '" + pair + "'");
                m.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
            return m;
        }

        private static List<Integer> parseCounts(String v) {
            List<Integer> l = new ArrayList<>();
            for (String s : v.split(",")) {
                int n = Integer.parseInt(s.trim());
                if (n < 1) throw new IllegalArgumentException("--counts: each count must be at least 1");
                l.add(n);
            }
            return l;
        }

        private static String value(String[] args, int i, String name) {
            if (i >= args.length) throw new IllegalArgumentException(name + " needs a value");
            return args[i];
        }
    }
}
