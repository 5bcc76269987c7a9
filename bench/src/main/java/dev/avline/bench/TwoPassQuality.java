package dev.avline.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.avline.Avline;
import dev.avline.Input;
import dev.avline.Output;
import dev.avline.RecordingResult;
import dev.avline.ffi.InputContainer;
import dev.avline.ffi.LogBridge;
import dev.avline.ffi.MediaType;
import dev.avline.ffi.Packet;
import dev.avline.transcode.TranscodeSettings;
import dev.avline.transcode.VideoSettings;

/**
 * Two-pass against one-pass at the same size (issue 13): a 16 s 720p source that gets harder
 * every 4 s ({@link MediaCache#variedSource()}) encoded by avline with libx264
 * {@code medium}/{@code high}, first in one pass in ABR mode at a target bitrate, then in two passes
 * aimed at the bitrate the one-pass encode really reached, so both files carry the same number of
 * video bits (the second pass is aimed again, at most twice, until the two sizes are within 1 %;
 * the first time is the one timed). Quality is libavfilter's {@code ssim} and {@code psnr} of each output against the
 * source (the bundled {@code ffmpeg}, both streams' timestamps reset to zero); the cost is the wall
 * time of each, run in alternation, median of {@code --runs}.
 *
 * <pre>
 * java -cp bench/target/avline-bench.jar dev.avline.bench.TwoPassQuality [--runs N] [--bitrates 800k,2000k]
 * </pre>
 * The last line: {@code RESULT twopass ssim_gain=<dB> psnr_gain=<dB> size_ratio=<two/one> time_ratio=<two/one> n=<runs>}
 * (gains of the first bitrate; SSIM in dB, -10·log10(1-SSIM), as x264 reports it).
 */
public final class TwoPassQuality {
    private static final Pattern SSIM = Pattern.compile("SSIM .*All:([0-9.]+) \\(([0-9.inf]+)\\)");
    private static final Pattern PSNR = Pattern.compile("PSNR .*average:([0-9.inf]+)");

    private TwoPassQuality() {
    }

    record Encode(String name, long targetBps, double videoKbps, long bytes, double ssim, double ssimDb, double psnr, double ms) {
    }

    public static void main(String[] args) throws Exception {
        int runs = 3;
        List<Long> bitrates = new ArrayList<>(List.of(800_000L, 2_000_000L));
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--bitrates" -> {
                    bitrates.clear();
                    for (String b : args[++i].split(",")) bitrates.add(parseBits(b));
                }
                default -> {
                    System.err.println("usage: TwoPassQuality [--runs N] [--bitrates 800k,2000k]");
                    System.exit(64);
                }
            }
        }
        LogBridge.setLevel("error");
        Path source = MediaCache.standard().variedSource();
        Path work = Files.createTempDirectory("avline-twopass-");
        System.out.println("two-pass vs one-pass at the same size: " + source + " (16 s 720p30, 4 s each of still bars, "
                + "testsrc2, mandelbrot, moving noise), libx264 medium/high");
        System.out.println(Compare.Machine.describe());
        List<Encode[]> table = new ArrayList<>();
        double[] oneMs = new double[runs];
        double[] twoMs = new double[runs];
        try {
            for (int b = 0; b < bitrates.size(); b++) {
                long target = bitrates.get(b);
                Path one = work.resolve("one-" + target + ".ts");
                Path two = work.resolve("two-" + target + ".ts");
                double t1 = encode(source, one, target, false);
                double oneKbps = videoKbps(one);
                long matched = Math.round(oneKbps * 1000); // aim the two-pass encode at what one pass really spent
                double t2 = encode(source, two, matched, true);
                // x264's second pass lands within a few percent of its target; aim again until the
                // sizes are within 1 % (twice at most), so the quality is compared at the same size
                for (int retry = 0; retry < 2 && Math.abs(videoKbps(two) / oneKbps - 1) > 0.01; retry++) {
                    matched = Math.round(matched * oneKbps / videoKbps(two));
                    encode(source, two, matched, true);
                }
                if (b == 0) {
                    // alternate the two, starting with the other one each round
                    oneMs[0] = t1;
                    twoMs[0] = t2;
                    for (int r = 1; r < runs; r++) {
                        if (r % 2 == 1) {
                            twoMs[r] = encode(source, two, matched, true);
                            oneMs[r] = encode(source, one, target, false);
                        } else {
                            oneMs[r] = encode(source, one, target, false);
                            twoMs[r] = encode(source, two, matched, true);
                        }
                    }
                }
                Encode e1 = quality("one-pass ABR", target, one, source, t1);
                Encode e2 = quality("two-pass", matched, two, source, t2);
                table.add(new Encode[] {e1, e2});
                System.out.println(row(e1));
                System.out.println(row(e2));
            }
        } finally {
            MediaCache.deleteTree(work);
        }
        double tOne = Rounds.median(oneMs);
        double tTwo = Rounds.median(twoMs);
        System.out.printf(Locale.ROOT, "time at %d kbit/s, median of %d alternating runs: one-pass %.0f ms, two-pass %.0f ms (×%.2f)%n",
                bitrates.get(0) / 1000, runs, tOne, tTwo, tTwo / tOne);
        System.out.println("load after: " + Compare.Machine.loadAverage());
        Encode[] first = table.get(0);
        System.out.printf(Locale.ROOT, "RESULT twopass ssim_gain=%.2f psnr_gain=%.2f size_ratio=%.3f time_ratio=%.2f n=%d%n",
                first[1].ssimDb() - first[0].ssimDb(), first[1].psnr() - first[0].psnr(),
                first[1].videoKbps() / first[0].videoKbps(), tTwo / tOne, runs);
        System.exit(0);
    }

    /** One encode; returns its wall time in ms. */
    private static double encode(Path source, Path out, long bitrate, boolean twoPass) {
        TranscodeSettings s = TranscodeSettings.builder()
                .video(VideoSettings.h264().preset("medium").profile("high").bitrate(bitrate))
                .twoPass(twoPass).build();
        long t0 = System.nanoTime();
        RecordingResult r = Avline.transcode(Input.url(source.toString()), Output.file(out), s).run();
        double ms = (System.nanoTime() - t0) / 1e6;
        if (r.state() != RecordingResult.State.DONE) throw new IllegalStateException("encode ended " + r.state(), r.failure());
        return ms;
    }

    private static Encode quality(String name, long target, Path out, Path source, double ms) throws Exception {
        String log = FfmpegCli.log(List.of("-i", out.toString(), "-i", source.toString(), "-lavfi",
                "[0:v]setpts=PTS-STARTPTS,split[d0][d1];[1:v]setpts=PTS-STARTPTS,split[r0][r1];[d0][r0]ssim;[d1][r1]psnr",
                "-f", "null", "-"));
        Matcher s = SSIM.matcher(log);
        Matcher p = PSNR.matcher(log);
        if (!s.find() || !p.find()) throw new IllegalStateException("no ssim/psnr summary in:\n" + log);
        return new Encode(name, target, videoKbps(out), Files.size(out), Double.parseDouble(s.group(1)),
                Double.parseDouble(s.group(2)), Double.parseDouble(p.group(1)), ms);
    }

    /** The video stream's payload, kbit/s over its duration. */
    static double videoKbps(Path file) {
        long bytes = 0;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        try (InputContainer in = InputContainer.url(file.toString()).open(); Packet p = new Packet()) {
            int video = in.streams().stream().filter(st -> st.type() == MediaType.VIDEO).findFirst().orElseThrow().index();
            dev.avline.ffi.Rational tb = in.streams().get(video).timeBase();
            long frame = 0;
            while (in.read(p)) {
                if (p.streamIndex() == video) {
                    bytes += p.size();
                    first = Math.min(first, p.pts());
                    last = Math.max(last, p.pts());
                    frame = p.duration() > 0 ? p.duration() : frame;
                }
                p.unref();
            }
            double seconds = tb.seconds(last - first + Math.max(frame, 1));
            return bytes * 8 / seconds / 1000;
        }
    }

    private static String row(Encode e) {
        return String.format(Locale.ROOT, "  %-13s target %5d kbit/s: video %7.1f kbit/s, file %6.2f MB, SSIM %.5f (%.2f dB), PSNR %.2f dB, %6.0f ms",
                e.name(), e.targetBps() / 1000, e.videoKbps(), e.bytes() / 1e6, e.ssim(), e.ssimDb(), e.psnr(), e.ms());
    }

    private static long parseBits(String s) {
        String v = s.trim().toLowerCase(Locale.ROOT);
        double f = v.endsWith("k") ? 1e3 : v.endsWith("m") ? 1e6 : 1;
        if (f > 1) v = v.substring(0, v.length() - 1);
        return Math.round(Double.parseDouble(v) * f);
    }
}
