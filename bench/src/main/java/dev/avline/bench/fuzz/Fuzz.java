package dev.avline.bench.fuzz;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The fuzzer: mutated TS, MP4, fMP4 and playlist inputs ({@link Mutator}) through avline's entry
 * points in a child JVM ({@link FuzzWorker}), so that a native crash kills only the child: the
 * input that crashed it is kept, a new child carries on with the next one. An input that makes the
 * child go silent for {@code --hang-seconds} is a hang: kept too, the child killed and replaced.
 * The child reports its resident memory (after a full GC), heap, threads and avline's callback
 * registrations every {@code --mem-every} inputs.
 *
 * <pre>
 *   java -cp bench/target/avline-bench.jar dev.avline.bench.fuzz.Fuzz --inputs 100000 --out target/fuzz
 * </pre>
 *
 * {@code --mutate false} runs the seeds unchanged through the same entry points: the baseline that
 * memory after bad inputs is compared with. Memory after GC is also a question of the allocator:
 * {@code MALLOC_ARENA_MAX} and {@code LD_PRELOAD} set for this command reach the worker JVM.
 *
 * <p>Writes {@code report.txt} (also printed), {@code memory.csv}, and {@code crashes/}, {@code hangs/}
 * with each kept input and how it was made. Exit status 0 when there was no crash and no hang.
 */
public final class Fuzz {
    /** What one run found. */
    public record Report(long inputs, List<Long> crashes, List<Long> hangs, List<String> odd,
                         List<long[]> memory, double seconds, int workers) {
        /** RSS growth after the first {@code after} inputs: (max later − value at {@code after}) / value at {@code after}. */
        public double rssGrowthAfter(long after) {
            long base = -1;
            long max = -1;
            for (long[] m : memory) {
                if (m[0] >= after && base < 0) base = m[1];
                if (base >= 0) max = Math.max(max, m[1]);
            }
            return base <= 0 ? Double.NaN : (max - base) / (double) base;
        }
    }

    private final long inputs;
    private final Path out;
    private final long master;
    private final long memEvery;
    private final long hangSeconds;
    private final long crashSelfTest;
    private final boolean mutate;
    private final PrintStream log;

    Fuzz(long inputs, Path out, long master, long memEvery, long hangSeconds, long crashSelfTest, PrintStream log) {
        this(inputs, out, master, memEvery, hangSeconds, crashSelfTest, true, log);
    }

    Fuzz(long inputs, Path out, long master, long memEvery, long hangSeconds, long crashSelfTest, boolean mutate,
         PrintStream log) {
        this.mutate = mutate;
        this.inputs = inputs;
        this.out = out;
        this.master = master;
        this.memEvery = memEvery;
        this.hangSeconds = hangSeconds;
        this.crashSelfTest = crashSelfTest;
        this.log = log;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new LinkedHashMap<>(Map.of("--inputs", "100000", "--out", "target/fuzz", "--seed", "1",
                "--mem-every", "1000", "--hang-seconds", "60", "--crash-self-test", "-1", "--mutate", "true"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!a.containsKey(args[i])) {
                System.err.println("unknown option " + args[i] + "; known: " + a.keySet());
                System.exit(2);
            }
            a.put(args[i], args[i + 1]);
        }
        Fuzz f = new Fuzz(Long.parseLong(a.get("--inputs")), Path.of(a.get("--out")), Long.parseLong(a.get("--seed")),
                Long.parseLong(a.get("--mem-every")), Long.parseLong(a.get("--hang-seconds")),
                Long.parseLong(a.get("--crash-self-test")), Boolean.parseBoolean(a.get("--mutate")), System.out);
        Report r = f.run();
        System.exit(r.crashes().isEmpty() && r.hangs().isEmpty() ? 0 : 1);
    }

    public Report run() throws IOException, InterruptedException {
        Files.createDirectories(out);
        long t0 = System.nanoTime();
        Seeds seeds = Seeds.make(out.resolve("seeds"));
        Mutator mutator = new Mutator(seeds, master, mutate);
        List<Long> crashes = new ArrayList<>();
        List<Long> hangs = new ArrayList<>();
        List<String> odd = new ArrayList<>();
        List<long[]> memory = new ArrayList<>();
        long next = 0;
        int workers = 0;
        long lastProgress = 0;
        while (next < inputs) {
            workers++;
            Process p = startWorker(next);
            BlockingQueue<String> lines = new LinkedBlockingQueue<>();
            Thread reader = new Thread(() -> readLines(p, lines), "fuzz-reader");
            reader.setDaemon(true);
            reader.start();
            long current = -1;
            boolean ended = false;
            for (;;) {
                String line = lines.poll(hangSeconds, TimeUnit.SECONDS);
                if (line == null) {
                    p.destroyForcibly().waitFor();
                    if (current < 0) throw new IOException("the fuzz worker started no input in " + hangSeconds + " s");
                    hangs.add(current);
                    keep("hangs", mutator.make(current));
                    log.printf(Locale.ROOT, "HANG on input %d: kept; a new worker continues%n", current);
                    next = current + 1;
                    break;
                }
                if (line == EOF) {
                    int status = p.waitFor();
                    if (ended) {
                        next = inputs;
                    } else {
                        if (current < 0) throw new IOException("the fuzz worker exited with " + status + " before its first input");
                        crashes.add(current);
                        keep("crashes", mutator.make(current));
                        log.printf(Locale.ROOT, "CRASH on input %d (worker exit status %d): kept; a new worker continues%n",
                                current, status);
                        next = current + 1;
                    }
                    break;
                }
                if (line.startsWith("start ")) {
                    current = Long.parseLong(line.substring(6).trim());
                    if (current - lastProgress >= 10_000) {
                        lastProgress = current;
                        log.printf(Locale.ROOT, "%d inputs, %.0f s%n", current, (System.nanoTime() - t0) / 1e9);
                    }
                } else if (line.startsWith("odd ")) {
                    if (odd.size() < 200) odd.add(line.substring(4));
                } else if (line.startsWith("mem ")) {
                    String[] f = line.substring(4).trim().split(" ");
                    long[] m = new long[f.length];
                    for (int k = 0; k < f.length; k++) m[k] = Long.parseLong(f[k]);
                    memory.add(m);
                } else if (line.equals("end")) {
                    ended = true;
                }
            }
        }
        Report r = new Report(inputs, crashes, hangs, odd, memory, (System.nanoTime() - t0) / 1e9, workers);
        write(r);
        return r;
    }

    private static final String EOF = new String("EOF"); // identity, never equal to a line by ==

    private static void readLines(Process p, BlockingQueue<String> lines) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) lines.add(line);
        } catch (IOException ignored) {
            // the worker died: EOF below says so
        } finally {
            lines.add(EOF);
        }
    }

    private Process startWorker(long from) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:ErrorFile=" + out.toAbsolutePath() + "/hs_err_pid%p.log",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=off", "-cp", System.getProperty("java.class.path"),
                FuzzWorker.class.getName(), out.resolve("seeds").toString(), String.valueOf(master), String.valueOf(from),
                String.valueOf(inputs), String.valueOf(memEvery), String.valueOf(crashSelfTest), String.valueOf(mutate)));
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.appendTo(out.resolve("worker-stderr.log").toFile()))
                .start();
    }

    private void keep(String where, Mutator.Case c) throws IOException {
        Path dir = Files.createDirectories(out.resolve(where));
        String name = "input-" + c.index() + "-" + c.seed().kind().name().toLowerCase(Locale.ROOT);
        Files.write(dir.resolve(name + ".bin"), c.bytes());
        Files.writeString(dir.resolve(name + ".txt"), "seed " + c.seed().kind() + " (" + c.seed().dir() + ")\nmutations "
                + c.how() + "\nremake: Fuzz --seed " + master + ", input " + c.index() + "\n");
    }

    private void write(Report r) throws IOException {
        StringBuilder csv = new StringBuilder("inputs,rss_kb,heap_kb,threads,registrations\n");
        for (long[] m : r.memory()) {
            StringBuilder row = new StringBuilder();
            for (int k = 0; k < m.length; k++) row.append(k == 0 ? "" : ",").append(m[k]);
            csv.append(row).append('\n');
        }
        Files.writeString(out.resolve("memory.csv"), csv);
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "inputs %d in %.0f s (%.1f ms each), %d worker JVM(s)%n", r.inputs(), r.seconds(),
                1000 * r.seconds() / Math.max(1, r.inputs()), r.workers()));
        s.append("crashes ").append(r.crashes().size()).append(' ').append(r.crashes()).append('\n');
        s.append("hangs ").append(r.hangs().size()).append(' ').append(r.hangs()).append('\n');
        s.append("failures that were not FFmpeg's error naming the operation: ").append(r.odd().size()).append('\n');
        for (String o : r.odd().subList(0, Math.min(20, r.odd().size()))) s.append("  ").append(o).append('\n');
        if (!r.memory().isEmpty()) {
            s.append("memory after a full GC (inputs: RSS MB, heap MB, threads, registrations):\n");
            long step = Math.max(1, r.memory().size() / 20);
            for (int k = 0; k < r.memory().size(); k++) {
                long[] m = r.memory().get(k);
                if (k % step == 0 || k == r.memory().size() - 1) {
                    s.append(String.format(Locale.ROOT, "  %8d: %6.0f MB  %5.0f MB  %3d  %d%n", m[0], m[1] / 1024.0,
                            m[2] / 1024.0, m[3], m[4]));
                }
            }
            s.append(String.format(Locale.ROOT, "RSS growth after the first 10,000 inputs: %+.1f %%%n", 100 * r.rssGrowthAfter(10_000)));
        }
        Files.writeString(out.resolve("report.txt"), s);
        log.print(s);
    }
}
