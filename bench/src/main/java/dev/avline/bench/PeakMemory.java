package dev.avline.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Peak memory of a tool doing a job, as the operating system sees it: the peak resident set
 * ({@code VmHWM}) of a process that does the job once after one warm-up. For the CLI that is the
 * ffmpeg process ({@code ru_maxrss} through GNU time); for avline and JavaCV a fresh JVM running
 * {@code Compare <job> --probe-memory <tool>}, so one tool's garbage or native caches never count
 * against another. A JVM that only loaded FFmpeg is measured too, as the floor of the in-JVM figures.
 */
final class PeakMemory {
    static final String MARKER = "PEAK-MEMORY";

    /** Peak RSS and (for a JVM) peak heap in use, in KiB; -1 when unknown. */
    record Figure(long peakRssKb, long peakHeapKb) {
        @Override
        public String toString() {
            String rss = peakRssKb < 0 ? "n/a" : String.format("%.0f MB", peakRssKb / 1024.0);
            return peakHeapKb < 0 ? "peak RSS " + rss
                    : String.format("peak RSS %s (heap peak %.0f MB)", rss, peakHeapKb / 1024.0);
        }
    }

    private PeakMemory() {
    }

    /** This process: {@code VmHWM} from /proc/self/status and the sum of the heap pools' peaks. */
    static Figure ofThisProcess() {
        long rss = -1;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.UTF_8)) {
                if (line.startsWith("VmHWM:")) rss = Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        } catch (IOException | NumberFormatException e) {
            rss = -1;
        }
        long heap = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) heap += pool.getPeakUsage().getUsed();
        }
        return new Figure(rss, heap / 1024);
    }

    static void resetHeapPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) pool.resetPeakUsage();
    }

    /** The line a probe prints for its parent. */
    static String report(Figure f) {
        return MARKER + " rss_kb=" + f.peakRssKb() + " heap_kb=" + f.peakHeapKb();
    }

    /**
     * Runs {@code Compare <job> --probe-memory <tool>} in a fresh JVM with this JVM's options and
     * class path, and reads its figure.
     */
    static Figure inFreshJvm(String job, String tool, Path cache) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!arg.startsWith("-agentlib") && !arg.startsWith("-javaagent") && !arg.startsWith("-Xrunjdwp")) cmd.add(arg);
        }
        cmd.addAll(List.of("-Davline.bench.cache=" + cache, "-cp", System.getProperty("java.class.path"),
                Compare.class.getName(), job, "--probe-memory", tool));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int status = p.waitFor();
        for (String line : out.split("\n")) {
            if (line.startsWith(MARKER)) {
                long rss = -1;
                long heap = -1;
                for (String part : line.split(" ")) {
                    if (part.startsWith("rss_kb=")) rss = Long.parseLong(part.substring(7));
                    if (part.startsWith("heap_kb=")) heap = Long.parseLong(part.substring(8));
                }
                return new Figure(rss, heap);
            }
        }
        throw new IOException("memory probe for " + tool + " exited with " + status + " without a figure:\n" + out);
    }
}
