package dev.avline.bench.soak;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import dev.avline.Avline;
import dev.avline.Input;
import dev.avline.Output;
import dev.avline.Recording;
import dev.avline.RecordingResult;
import dev.avline.bench.fuzz.ProcessMemory;
import dev.avline.ffi.Registrations;
import dev.avline.hls.LiveSettings;
import dev.avline.testkit.LiveHlsOrigin;

/**
 * The soak body (run through {@link Soak}): {@code --recordings} slots, each recording one of
 * {@code --origins} live test origins again and again, every recording stopped from another thread
 * after a random 1–20 s; a fault thread makes the origins fail (5xx and 404 segments, resets, short
 * bodies, blackholes, failing, frozen and stale playlists, discontinuities) all the while. After a
 * warm-up and at the end it measures, after a full GC: heap in use, resident memory, threads (JVM
 * and OS), open file descriptors and avline's callback registrations; it counts recordings by how
 * they ended and any {@code await()} that did not return within 60 s of the stop.
 */
public final class SoakRun {
    static final String VERDICT = "VERDICT";
    private static final Duration STUCK = Duration.ofSeconds(60);

    private record Sample(long heapKb, long rssKb, int jvmThreads, long osThreads, long fds, int registrations) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "heap %.1f MB, RSS %.0f MB, threads %d (OS %d), fds %d, registrations %d",
                    heapKb / 1024.0, rssKb / 1024.0, jvmThreads, osThreads, fds, registrations);
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new LinkedHashMap<>(Map.of("--minutes", "10", "--recordings", "64", "--origins", "4",
                "--out", "target/soak"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!a.containsKey(args[i])) throw new IllegalArgumentException("unknown option " + args[i] + "; known: " + a.keySet());
            a.put(args[i], args[i + 1]);
        }
        double minutes = Double.parseDouble(a.get("--minutes"));
        int slots = Integer.parseInt(a.get("--recordings"));
        int originCount = Integer.parseInt(a.get("--origins"));
        Path out = Files.createDirectories(Path.of(a.get("--out")).resolve("recordings"));
        new SoakRun().run(minutes, slots, originCount, out);
    }

    private final Map<String, AtomicLong> ended = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
    private final AtomicLong started = new AtomicLong();
    private final AtomicLong stuck = new AtomicLong();
    private final AtomicLong faults = new AtomicLong();
    private final List<String> stuckNames = java.util.Collections.synchronizedList(new ArrayList<>());

    private void run(double minutes, int slots, int originCount, Path out) throws Exception {
        LiveSettings live = LiveSettings.defaults().stallTimeout(Duration.ofSeconds(4)).rwTimeout(Duration.ofSeconds(2))
                .outageBudget(Duration.ofSeconds(30));
        ScheduledExecutorService stoppers = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "soak-stopper");
            t.setDaemon(true);
            return t;
        });
        // Warm-up against origins of its own: classes and FFmpeg's natives are loaded before the
        // baseline. Baseline and final figures are taken with no origin alive, so that what the
        // test kit's origins hold (their request logs and segments) is not counted as avline's.
        List<LiveHlsOrigin> warm = origins(2);
        runSlots(Math.min(8, slots), 0.15, 3, warm, live, stoppers, out, new Random(1), false);
        for (LiveHlsOrigin o : warm) o.close();
        warm = null;
        ended.clear();
        failures.clear();
        started.set(0);
        Thread.sleep(1000);
        histogram(out.getParent().resolve("histogram-baseline.txt")); // first: jcmd's own thread and socket are then in both figures
        Sample before = sample();
        System.out.println("baseline after warm-up: " + before);
        List<LiveHlsOrigin> origins = origins(originCount);
        long t0 = System.nanoTime();
        Thread faulter = new Thread(() -> injectFaults(origins, minutes), "soak-faults");
        faulter.setDaemon(true);
        faulter.start();
        runSlots(slots, minutes, 20, origins, live, stoppers, out, new Random(2), true);
        faulter.interrupt();
        faulter.join(10_000);
        double seconds = (System.nanoTime() - t0) / 1e9;
        Sample withOrigins = sample();
        for (LiveHlsOrigin o : origins) o.close();
        origins.clear();
        stoppers.shutdownNow();
        stoppers.awaitTermination(10, TimeUnit.SECONDS);
        Thread.sleep(1000);
        histogram(out.getParent().resolve("histogram-end.txt"));
        Sample after = sample();
        // The JDK's HTTP keep-alive cache (bounded: 5 idle connections per origin) keeps a socket
        // to an origin for 5 s after its last response; an origin closed a second ago can still
        // have one there. Such a socket is not avline's to leak: wait out that lifetime, no longer.
        long pid = ProcessHandle.current().pid();
        List<String> extraFds = new ArrayList<>(ProcessMemory.fdTargets(pid));
        for (int i = 0; i < 10 && after.fds() > before.fds(); i++) {
            Thread.sleep(1000);
            after = sample();
        }
        if (!extraFds.isEmpty() && after.fds() <= before.fds()) {
            extraFds.removeAll(ProcessMemory.fdTargets(pid));
            if (!extraFds.isEmpty()) System.out.println("file descriptors that closed in the keep-alive wait: " + extraFds);
        } else if (after.fds() > before.fds()) {
            System.out.println("file descriptors open at the end: " + ProcessMemory.fdTargets(pid));
        }
        System.out.printf(Locale.ROOT, "soak: %.0f s, %d recordings started (%d at a time against %d origins), %d faults injected%n",
                seconds, started.get(), slots, originCount, faults.get());
        System.out.println("ended: " + ended);
        failures.entrySet().stream().sorted((x, y) -> Long.compare(y.getValue().get(), x.getValue().get())).limit(10)
                .forEach(e -> System.out.println("  failed " + e.getValue() + "x: " + e.getKey()));
        System.out.println("stuck await(): " + stuck.get() + (stuckNames.isEmpty() ? "" : " " + stuckNames));
        System.out.println("at the end, origins still up: " + withOrigins);
        System.out.println("after, origins closed:       " + after);
        List<String> avlineThreads = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            // the live recorder's one progress timer is shared by every recording of the JVM (not per job)
            if (t.getName().startsWith("avline-") && !t.getName().equals("avline-live-progress")) avlineThreads.add(t.getName());
        }
        System.out.println("avline job threads left: " + avlineThreads);
        Map<String, Integer> byName = new java.util.TreeMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) byName.merge(t.getName().replaceAll("[0-9]+", "N"), 1, Integer::sum);
        System.out.println("threads now: " + byName);
        double heapChange = (after.heapKb() - before.heapKb()) / (double) Math.max(1, before.heapKb());
        boolean ok = stuck.get() == 0 && avlineThreads.isEmpty() && after.registrations() == before.registrations()
                && after.jvmThreads() <= before.jvmThreads() && after.fds() <= before.fds() && heapChange <= 0.10; // below the baseline is no leak
        System.out.printf(Locale.ROOT, "%s %s: heap after GC %+.1f %% of the baseline, RSS %+.0f MB, threads %+d, fds %+d, "
                        + "registrations %+d, stuck %d%n", VERDICT, ok ? "PASS" : "FAIL", 100 * heapChange,
                (after.rssKb() - before.rssKb()) / 1024.0, after.jvmThreads() - before.jvmThreads(), after.fds() - before.fds(),
                after.registrations() - before.registrations(), stuck.get());
        System.out.flush();
        System.exit(ok ? 0 : 1);
    }

    private static List<LiveHlsOrigin> origins(int n) {
        List<LiveHlsOrigin> list = new ArrayList<>();
        for (int i = 0; i < n; i++) list.add(LiveHlsOrigin.builder().segmentSeconds(1).video(160, 120, 10).window(6).start());
        return list;
    }

    /** {@code slots} threads recording until {@code minutes} have passed, each recording stopped after 1..maxSeconds s. */
    private void runSlots(int slots, double minutes, int maxSeconds, List<LiveHlsOrigin> origins, LiveSettings live,
                          ScheduledExecutorService stoppers, Path out, Random seeds, boolean report) throws InterruptedException {
        long end = System.nanoTime() + (long) (minutes * 60e9);
        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < slots; s++) {
            int slot = s;
            long seed = seeds.nextLong();
            Thread t = new Thread(() -> slot(slot, seed, end, maxSeconds, origins, live, stoppers, out), "soak-slot-" + s);
            threads.add(t);
            t.start();
        }
        long nextReport = System.nanoTime() + 30_000_000_000L;
        for (Thread t : threads) {
            while (t.isAlive()) {
                t.join(1000);
                if (report && System.nanoTime() - nextReport > 0) {
                    nextReport += 30_000_000_000L;
                    long pid = ProcessHandle.current().pid();
                    System.out.printf(Locale.ROOT, "  %d started, RSS %.0f MB, threads %d, fds %d%n", started.get(),
                            ProcessMemory.rssKb(pid) / 1024.0, Thread.activeCount(), ProcessMemory.openFds(pid));
                }
            }
        }
    }

    private void slot(int slot, long seed, long endNanos, int maxSeconds, List<LiveHlsOrigin> origins, LiveSettings live,
                      ScheduledExecutorService stoppers, Path out) {
        Random r = new Random(seed);
        int n = 0;
        while (System.nanoTime() - endNanos < 0) {
            LiveHlsOrigin origin = origins.get(r.nextInt(origins.size()));
            Path file = out.resolve("slot" + slot + "-" + (n++) + ".ts");
            Recording rec = Avline.record(Input.url(origin.playlistUrl()), Output.file(file).overwrite(true), live)
                    .statsPeriod(Duration.ofSeconds(1)).onEvent(e -> { }).onProgress(p -> { }).start();
            started.incrementAndGet();
            long stopAfter = 1000 + r.nextInt(Math.max(1, maxSeconds - 1) * 1000);
            stoppers.schedule(rec::stop, stopAfter, TimeUnit.MILLISECONDS);
            RecordingResult result;
            try {
                result = rec.await(Duration.ofMillis(stopAfter).plus(STUCK));
            } catch (TimeoutException e) {
                stuck.incrementAndGet();
                stuckNames.add(rec.name());
                continue;
            }
            ended.computeIfAbsent(result.state().name(), k -> new AtomicLong()).incrementAndGet();
            if (result.failure() != null) {
                String m = String.valueOf(result.failure().getMessage()).replaceAll("[0-9]+", "N");
                failures.computeIfAbsent(m.substring(0, Math.min(160, m.length())), k -> new AtomicLong()).incrementAndGet();
            }
            try {
                Files.deleteIfExists(file);
                if (result.partial() != null) Files.deleteIfExists(result.partial());
            } catch (java.io.IOException ignored) {
                // disk space only
            }
        }
    }

    private void injectFaults(List<LiveHlsOrigin> origins, double minutes) {
        Random r = new Random(3);
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.sleep(1000 + r.nextInt(3000));
                LiveHlsOrigin o = origins.get(r.nextInt(origins.size()));
                long next = o.nextSequence();
                switch (r.nextInt(9)) {
                    case 0 -> o.failSegment(next, 503, 2);
                    case 1 -> o.notFound(next);
                    case 2 -> o.resetMidBody(next);
                    case 3 -> o.shortBody(next);
                    case 4 -> o.blackhole(Duration.ofMillis(500 + r.nextInt(2500)));
                    case 5 -> o.failPlaylist(503, Duration.ofMillis(500 + r.nextInt(2500)));
                    case 6 -> o.freezePlaylist(Duration.ofMillis(1000 + r.nextInt(3000)));
                    case 7 -> o.stalePlaylist(1, Duration.ofMillis(1000 + r.nextInt(2000)));
                    default -> o.discontinuity(false);
                }
                faults.incrementAndGet();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The live heap's biggest classes (jcmd GC.class_histogram), for a heap that did not come back. */
    private static void histogram(Path file) {
        try {
            Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
            Process p = new ProcessBuilder(jcmd.toString(), String.valueOf(ProcessHandle.current().pid()), "GC.class_histogram")
                    .redirectErrorStream(true).redirectOutput(file.toFile()).start();
            p.waitFor(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            System.out.println("no histogram: " + e);
        }
    }

    private static Sample sample() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1024;
        long pid = ProcessHandle.current().pid();
        return new Sample(heap, ProcessMemory.rssKb(pid), ManagementFactory.getThreadMXBean().getThreadCount(),
                ProcessMemory.osThreads(pid), ProcessMemory.openFds(pid), Registrations.total());
    }
}
