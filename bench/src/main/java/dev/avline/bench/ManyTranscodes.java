package dev.avline.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.avline.Avline;
import dev.avline.Container;
import dev.avline.Input;
import dev.avline.Output;
import dev.avline.Recording;
import dev.avline.RecordingResult;
import dev.avline.ffi.LogBridge;
import dev.avline.transcode.TranscodeSettings;

/**
 * {@code Compare transcode-many}: J transcodes of the {@code transcode} job's input (30 s 720p30 MP4
 * → libx264 ultrafast/baseline + AAC 128k, MPEG-TS) running at once, as a server does them: avline
 * in this JVM with FFmpeg's automatic codec threads and with {@code codecThreads(1)}, against J
 * {@code ffmpeg} processes with their automatic threads and with {@code -threads 1}. Each round runs
 * every variant once (the order rotating); reported per variant: the median wall time of the whole
 * batch, total frames per second (J × 900 frames / wall), CPU-s of the batch (avline: this JVM's own
 * CPU; the CLI: its reaped processes'), and the most threads seen at once (sampled every 250 ms).
 *
 * <pre>java -cp avline-bench.jar dev.avline.bench.Compare transcode-many [--jobs 10] [--rounds 2]</pre>
 */
final class ManyTranscodes {
    static final int FRAMES = 900;
    private static final String[] VARIANTS = {"avline", "avline-1", "cli", "cli-1"};

    private ManyTranscodes() {
    }

    /** One batch: its wall time, the CPU-s of its jobs, the most threads at once, and the machine's other load. */
    record Batch(double wallSeconds, double cpuSeconds, int peakThreads, double othersCpuSeconds) {
    }

    static void main(String[] args) throws Exception {
        int jobs = 10;
        int rounds = 2;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--jobs" -> jobs = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unexpected argument '" + args[i] + "'");
            }
        }
        LogBridge.setLevel("error");
        double tick = ProcFs.TICKS_PER_SECOND;
        FfmpegCli.libraryShim();
        Path in = MediaCache.standard().transcodeInput();
        Path work = Files.createTempDirectory("avline-many-");
        System.out.printf(Locale.ROOT, "transcode-many: %d transcodes at once of %s (%d frames each), tick %.0f Hz%n", jobs, in,
                FRAMES, tick);
        System.out.println(Compare.Machine.describe());
        try {
            runOnce("avline-1", 2, in, work); // warm-up: classes loaded, JIT warm, as a server is
            Map<String, List<Batch>> results = new LinkedHashMap<>();
            for (String v : VARIANTS) results.put(v, new ArrayList<>());
            for (int r = 0; r < rounds; r++) {
                for (int k = 0; k < VARIANTS.length; k++) {
                    String v = VARIANTS[(k + r) % VARIANTS.length];
                    Batch b = runOnce(v, jobs, in, work);
                    results.get(v).add(b);
                    System.out.printf(Locale.ROOT,
                            "round %d %-8s wall %6.2f s  %6.1f fps  CPU %6.1f s  peak threads %4d  | other processes %5.1f CPU-s%n",
                            r + 1, v, b.wallSeconds(), jobs * FRAMES / b.wallSeconds(), b.cpuSeconds(), b.peakThreads(),
                            b.othersCpuSeconds());
                }
            }
            System.out.println("summary (medians over the rounds):");
            System.out.println("| variant | wall s | total fps | CPU-s | CPU-ms per frame | peak threads |");
            for (Map.Entry<String, List<Batch>> e : results.entrySet()) {
                double wall = Rounds.median(e.getValue().stream().mapToDouble(Batch::wallSeconds).toArray());
                double cpu = Rounds.median(e.getValue().stream().mapToDouble(Batch::cpuSeconds).toArray());
                int threads = e.getValue().stream().mapToInt(Batch::peakThreads).max().orElse(0);
                System.out.printf(Locale.ROOT, "| %s | %.2f | %.1f | %.1f | %.2f | %d |%n", e.getKey(), wall, jobs * FRAMES / wall, cpu,
                        cpu * 1000 / (jobs * FRAMES), threads);
            }
        } finally {
            MediaCache.deleteTree(work);
        }
    }

    private static Batch runOnce(String variant, int jobs, Path in, Path work) throws Exception {
        for (int i = 0; i < jobs; i++) Files.deleteIfExists(out(work, variant, i));
        boolean capped = variant.endsWith("-1");
        long self = ProcessHandle.current().pid();
        long selfCpu0 = ProcFs.cpuTicks(self);
        long reaped0 = ProcFs.reapedChildrenCpuTicks();
        long busy0 = ProcFs.machineBusyTicks();
        int[] peak = {0};
        long t0 = System.nanoTime();
        if (variant.startsWith("avline")) {
            TranscodeSettings settings = TranscodeSettings.builder().codecThreads(capped ? 1 : 0).build();
            List<Recording> running = new ArrayList<>();
            for (int i = 0; i < jobs; i++) {
                running.add(Avline.transcode(Input.url(in.toString()), Output.file(out(work, variant, i), Container.MPEGTS), settings)
                        .start());
            }
            while (running.stream().anyMatch(r -> !r.isDone())) {
                peak[0] = Math.max(peak[0], ProcFs.threads(self));
                Thread.sleep(250);
            }
            for (Recording r : running) {
                RecordingResult result = r.await();
                if (result.state() != RecordingResult.State.DONE) throw new IllegalStateException(variant + ": " + result.failure());
            }
        } else {
            List<Process> processes = new ArrayList<>();
            String libs = FfmpegCli.libraryShim().toString();
            for (int i = 0; i < jobs; i++) {
                List<String> args = new ArrayList<>();
                if (capped) args.addAll(List.of("-filter_threads", "1", "-threads", "1")); // filters; the decoders

                args.addAll(List.of("-y", "-i", in.toString(), "-map", "0:v", "-map", "0:a", "-c:v", "libx264", "-preset", "ultrafast",
                        "-profile:v", "baseline", "-c:a", "aac", "-b:a", "128k"));
                if (capped) args.addAll(List.of("-threads", "1")); // the encoders
                args.addAll(List.of("-mpegts_flags", "+initial_discontinuity", "-avoid_negative_ts", "make_zero", "-f", "mpegts",
                        out(work, variant, i).toString()));
                ProcessBuilder pb = new ProcessBuilder(FfmpegCli.command(args)).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
                pb.environment().put("LD_LIBRARY_PATH", libs);
                processes.add(pb.start());
            }
            while (processes.stream().anyMatch(Process::isAlive)) {
                int sum = 0;
                for (Process p : processes) sum += Math.max(0, ProcFs.threads(p.pid()));
                peak[0] = Math.max(peak[0], sum);
                Thread.sleep(250);
            }
            for (Process p : processes) {
                p.waitFor(10, TimeUnit.SECONDS);
                if (p.exitValue() != 0) throw new IllegalStateException(variant + ": ffmpeg exited with " + p.exitValue());
            }
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        double tick = ProcFs.TICKS_PER_SECOND;
        double selfCpu = (ProcFs.cpuTicks(self) - selfCpu0) / tick;
        double childrenCpu = (ProcFs.reapedChildrenCpuTicks() - reaped0) / tick;
        double cpu = variant.startsWith("avline") ? selfCpu : childrenCpu;
        double others = Math.max(0, (ProcFs.machineBusyTicks() - busy0) / tick - selfCpu - childrenCpu);
        for (int i = 0; i < jobs; i++) {
            long video = OutputSummary.of(out(work, variant, i)).packetsByStream().entrySet().stream()
                    .filter(e -> e.getKey().contains("video")).mapToLong(Map.Entry::getValue).sum();
            if (video != FRAMES) throw new IllegalStateException(variant + " job " + i + " wrote " + video + " video packets, not " + FRAMES);
        }
        return new Batch(wall, cpu, peak[0], others);
    }

    private static Path out(Path work, String variant, int i) {
        return work.resolve(variant + "-" + i + ".ts");
    }
}
