package dev.avline.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

import dev.avline.Avline;
import dev.avline.Input;
import dev.avline.Output;
import dev.avline.Progress;
import dev.avline.Recording;
import dev.avline.RecordingResult;
import dev.avline.ffi.LogBridge;
import dev.avline.hls.LiveSettings;
import dev.avline.testkit.LiveHlsOrigin;

/**
 * Garbage per media byte on the live path: one live HLS recording of a loopback origin (640x360@25,
 * 2 s segments, about 3 Mbit/s), the heap bytes its recording thread allocates (HotSpot's exact
 * per-thread counter) between {@code --from} and {@code --to} seconds, divided by the bytes it
 * wrote meanwhile. Start-up (class loading, JIT, the first demuxer) and the end of the job are
 * outside the window: what is left is what each segment costs, the figure a server recording for
 * months pays. Everything the recording thread does is in it: playlist reloads and segment
 * requests (the JDK's HTTP client), parsing, the ledger, the demuxer's reads, the muxer, events and
 * progress.
 *
 * <pre>java -cp bench/target/avline-bench.jar dev.avline.bench.LiveAllocation [--seconds 60] [--from 20] [--to 50]</pre>
 *
 * Ends with {@code RESULT live-allocation bytes_per_media_byte=<x> per_segment=<B>}.
 */
public final class LiveAllocation {
    private LiveAllocation() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = 60;
        int from = 20;
        int to = 50;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--from" -> from = Integer.parseInt(args[++i]);
                case "--to" -> to = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + " (expected --seconds N, --from S, --to S)");
            }
        }
        if (!(from < to && to < seconds)) throw new IllegalArgumentException("expected --from < --to < --seconds");
        LogBridge.setLevel("error");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (LiveHlsOrigin origin = LiveHlsOrigin.builder().segmentSeconds(2).video(640, 360, 25).window(6).start()) {
            Path out = Files.createTempFile("live-allocation", ".ts");
            Thread[] job = new Thread[1];
            long[] window = new long[4]; // allocated and written at --from, then at --to
            long fromNanos = from * 1_000_000_000L;
            long toNanos = to * 1_000_000_000L;
            long started = System.nanoTime();
            try (Recording r = Avline.record(Input.url(origin.playlistUrl()), Output.file(out).overwrite(true),
                            LiveSettings.defaults().maxDuration(Duration.ofSeconds(seconds)))
                    .threadFactory(task -> {
                        Thread t = new Thread(task);
                        if (job[0] == null) job[0] = t;
                        return t;
                    })
                    .statsPeriod(Duration.ofSeconds(1))
                    .onProgress(p -> sample(threads, job[0], p, System.nanoTime() - started, fromNanos, toNanos, window))
                    .start()) {
                RecordingResult res = r.await();
                if (!res.succeeded()) throw new IllegalStateException("the recording failed: " + res.failure());
                double perByte = (double) (window[2] - window[0]) / Math.max(1, window[3] - window[1]);
                double mediaWindow = (window[3] - window[1]) / 1e6;
                System.out.printf(Locale.ROOT, "recording thread, %d to %d s: %.1f KB allocated for %.2f MB written%n",
                        from, to, (window[2] - window[0]) / 1e3, mediaWindow);
                System.out.printf(Locale.ROOT, "RESULT live-allocation bytes_per_media_byte=%.4f per_segment=%.0f%n",
                        perByte, (window[2] - window[0]) / ((to - from) / origin.segmentSeconds()));
            } finally {
                Files.deleteIfExists(out);
            }
        }
    }

    /** The recording thread's own counter (exact), read from the listener's thread while the job runs. */
    private static void sample(com.sun.management.ThreadMXBean threads, Thread job, Progress p, long elapsed,
                               long fromNanos, long toNanos, long[] window) {
        if (job == null || !job.isAlive()) return;
        long allocated = threads.getThreadAllocatedBytes(job.getId());
        if (allocated <= 0) return;
        if (elapsed >= fromNanos && window[0] == 0) {
            window[0] = allocated;
            window[1] = p.bytes();
        }
        if (elapsed <= toNanos) {
            window[2] = allocated;
            window[3] = p.bytes();
        }
    }
}
