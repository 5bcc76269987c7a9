package dev.avline.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What Linux says about processes, from {@code /proc}: resident and proportional set sizes
 * ({@code smaps_rollup}: PSS splits each shared page among the processes that map it, so the PSS of
 * N processes sums to what they take together, shared libraries counted once), thread counts, and
 * CPU time in clock ticks ({@code stat}: user + system; a process's own figure includes its ended
 * threads, and {@code cutime}/{@code cstime} hold its ended and reaped children's).
 */
final class ProcFs {
    /** Clock ticks per second ({@code getconf CLK_TCK}): 100 on every Linux this runs on. */
    static final double TICKS_PER_SECOND = clockTicks();

    private ProcFs() {
    }

    /** RSS and PSS in KiB, or null when the process is gone. */
    static long[] rssPssKb(long pid) {
        try {
            long rss = -1;
            long pss = -1;
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "smaps_rollup"), StandardCharsets.US_ASCII)) {
                if (line.startsWith("Rss:")) rss = kb(line);
                else if (line.startsWith("Pss:")) pss = kb(line);
            }
            return rss < 0 || pss < 0 ? null : new long[] {rss, pss};
        } catch (IOException e) {
            return null;
        }
    }

    /** Threads of the process, or -1 when it is gone. */
    static int threads(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"), StandardCharsets.US_ASCII)) {
                if (line.startsWith("Threads:")) return Integer.parseInt(line.substring(8).trim());
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /** User + system CPU ticks of a process (its ended threads included), or -1 when it is gone. */
    static long cpuTicks(long pid) {
        long[] f = statFields(Path.of("/proc", String.valueOf(pid), "stat"));
        return f == null ? -1 : f[0] + f[1];
    }

    /** User + system CPU ticks of this process's ended children that were waited for (reaped). */
    static long reapedChildrenCpuTicks() {
        long[] f = statFields(Path.of("/proc/self/stat"));
        if (f == null) throw new IllegalStateException("cannot read /proc/self/stat");
        return f[2] + f[3];
    }

    /**
     * CPU ticks of a process's live threads by name (digits folded: {@code rec-12} → {@code rec-#}),
     * largest first; empty when the process is gone.
     */
    static java.util.Map<String, Long> cpuTicksByThreadName(long pid) {
        java.util.Map<String, Long> m = new java.util.HashMap<>();
        try (java.util.stream.Stream<Path> tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
            tasks.forEach(t -> {
                try {
                    String name = Files.readString(t.resolve("comm"), StandardCharsets.US_ASCII).trim().replaceAll("[0-9]+", "#");
                    long[] f = statFields(t.resolve("stat"));
                    if (f != null) m.merge(name, f[0] + f[1], Long::sum);
                } catch (IOException ended) {
                    // the thread ended while we looked
                }
            });
        } catch (IOException gone) {
            return java.util.Map.of();
        }
        return m;
    }

    /** Ticks the whole machine's CPUs were busy (everything but idle and iowait), since boot. */
    static long machineBusyTicks() {
        try {
            String cpu = Files.readAllLines(Path.of("/proc/stat"), StandardCharsets.US_ASCII).get(0);
            String[] f = cpu.trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < f.length && i <= 8; i++) {
                if (i != 4 && i != 5) busy += Long.parseLong(f[i]); // 4 idle, 5 iowait
            }
            return busy;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** utime, stime, cutime, cstime of a {@code stat} file, or null. */
    static long[] statFields(Path stat) {
        try {
            String s = Files.readString(stat, StandardCharsets.US_ASCII);
            // the command name is in parentheses and may hold spaces: the fields start after the last ')'
            String[] f = s.substring(s.lastIndexOf(')') + 2).trim().split(" ");
            return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12]), Long.parseLong(f[13]), Long.parseLong(f[14])};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static long kb(String line) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }

    private static double clockTicks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            p.waitFor();
            return Double.parseDouble(out);
        } catch (IOException | RuntimeException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
