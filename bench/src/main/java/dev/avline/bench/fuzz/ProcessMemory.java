package dev.avline.bench.fuzz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Resident memory and open file descriptors of a process, as Linux reports them in /proc. */
public final class ProcessMemory {
    private ProcessMemory() {
    }

    /** {@code VmRSS} in KiB, or -1 when unknown. */
    public static long rssKb(long pid) {
        return statusField(pid, "VmRSS:");
    }

    /** {@code VmHWM} (peak RSS) in KiB, or -1 when unknown. */
    public static long peakRssKb(long pid) {
        return statusField(pid, "VmHWM:");
    }

    /** {@code Threads} as the kernel counts them (JVM-internal threads included), or -1. */
    public static long osThreads(long pid) {
        return statusField(pid, "Threads:");
    }

    /** Open file descriptors, or -1 when unknown. */
    public static long openFds(long pid) {
        try (var s = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            return s.count();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** What each open file descriptor points at ({@code socket:[…]}, a path, {@code pipe:[…]}), sorted. */
    public static List<String> fdTargets(long pid) {
        List<String> targets = new ArrayList<>();
        try (var s = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            s.forEach(fd -> {
                try {
                    targets.add(Files.readSymbolicLink(fd).toString());
                } catch (IOException | RuntimeException e) {
                    // closed meanwhile
                }
            });
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
        Collections.sort(targets);
        return targets;
    }

    private static long statusField(long pid, String name) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(name)) return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
