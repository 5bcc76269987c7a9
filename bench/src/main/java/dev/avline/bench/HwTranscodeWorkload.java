package dev.avline.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.avline.Avline;
import dev.avline.Container;
import dev.avline.Input;
import dev.avline.Output;
import dev.avline.Progress;
import dev.avline.RecordingResult;
import dev.avline.hw.Hardware;
import dev.avline.hw.HwKind;
import dev.avline.hw.HwProbe;
import dev.avline.transcode.TranscodeSettings;

/**
 * {@code Compare transcode --hw cuda} (issue 11): 30 s of 1080p30 H.264 decoded on the GPU.
 * avline runs with {@code hw_accel auto} (NVDEC, NVENC where the GPU has it, else libx264 on the
 * CPU); the CLI does the same with {@code -hwaccel cuda} ({@code -hwaccel_output_format cuda} and
 * {@code h264_nvenc} where NVENC exists, else the frames downloaded to libx264 ultrafast/baseline).
 * CPU time is measured for both (the point of NVDEC is the CPU it saves). JavaCV has no hardware
 * path and is left out.
 */
final class HwTranscodeWorkload implements Workload {
    private final MediaCache cache;
    private final boolean nvenc;

    private HwTranscodeWorkload(MediaCache cache, boolean nvenc) {
        this.cache = cache;
        this.nvenc = nvenc;
    }

    /** The workload, or an exception saying clearly that this machine has no CUDA device. */
    static HwTranscodeWorkload cuda(MediaCache cache) {
        HwProbe.Result device = HwProbe.device(HwKind.CUDA, null);
        if (!device.ok()) {
            throw new IllegalStateException("no CUDA device on this machine, so there is nothing to compare: " + device.reason());
        }
        return new HwTranscodeWorkload(cache, HwProbe.encoder(HwKind.CUDA, null, "h264_nvenc").ok());
    }

    @Override
    public String name() {
        return "transcode";
    }

    @Override
    public String description() {
        return "30 s 1080p30 MP4 (H.264 main 6 Mbit/s + AAC) decoded with NVDEC -> " + (nvenc ? "h264_nvenc p1" : "libx264 ultrafast/baseline (CRF 23)")
                + " + AAC 128k, MPEG-TS file (avline: hw_accel auto; CLI: -hwaccel cuda"
                + (nvenc ? " -hwaccel_output_format cuda" : "") + ")";
    }

    @Override
    public int defaultRuns() {
        return 6;
    }

    @Override
    public int defaultWarmups() {
        return 1;
    }

    @Override
    public List<Contender> contenders(Path work) {
        Path in = cache.hwTranscodeInput();
        List<Contender> list = new ArrayList<>();
        list.add(new Avline(in, work.resolve("avline.ts")));
        list.add(cli(in, work.resolve("ffmpeg-cli.ts")));
        return list;
    }

    private CliToFile cli(Path in, Path out) {
        List<String> args = new ArrayList<>(List.of("-y", "-hwaccel", "cuda"));
        if (nvenc) args.addAll(List.of("-hwaccel_output_format", "cuda"));
        args.addAll(List.of("-i", in.toString(), "-map", "0:v", "-map", "0:a"));
        if (nvenc) args.addAll(List.of("-c:v", "h264_nvenc", "-preset", "p1"));
        else args.addAll(List.of("-c:v", "libx264", "-preset", "ultrafast", "-profile:v", "baseline"));
        args.addAll(List.of("-c:a", "aac", "-b:a", "128k", "-mpegts_flags", "+initial_discontinuity",
                "-avoid_negative_ts", "make_zero", "-f", "mpegts", out.toString()));
        return new CliToFile(args, out);
    }

    /** {@code Avline.transcode} with {@code Hardware.auto()}; says what hardware the job used. */
    static final class Avline implements Contender {
        private final Path in;
        private final Path out;
        private double cpu = Double.NaN;
        private String used = "?";

        Avline(Path in, Path out) {
            this.in = in;
            this.out = out;
        }

        @Override
        public String name() {
            return "avline";
        }

        @Override
        public void prepare() throws Exception {
            Files.deleteIfExists(out);
        }

        @Override
        public void run() throws Exception {
            long c0 = processCpuNanos();
            Progress[] last = new Progress[1];
            RecordingResult r = dev.avline.Avline.transcode(Input.url(in.toString()), Output.file(out, Container.MPEGTS).overwrite(true),
                    TranscodeSettings.builder().hardware(Hardware.auto()).build()).onProgress(p -> last[0] = p).run();
            cpu = (processCpuNanos() - c0) / 1e9;
            if (r.state() != RecordingResult.State.DONE) throw new IllegalStateException("avline transcode ended " + r.state(), r.failure());
            String now = last[0] != null ? last[0].hardware() : "?";
            if (!now.equals(used)) System.out.println("  avline hardware: " + now + " " + r.events());
            used = now;
        }

        @Override
        public double lastCpuSeconds() {
            return cpu;
        }

        @Override
        public OutputSummary lastOutput() throws Exception {
            return OutputSummary.of(out);
        }

        private static long processCpuNanos() {
            return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
        }
    }
}
