package dev.avline.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.avline.Avline;
import dev.avline.Input;
import dev.avline.RecordingResult;
import dev.avline.hlsout.HlsOutput;
import dev.avline.transcode.Ladder;
import dev.avline.transcode.Rendition;
import dev.avline.transcode.VideoSettings;

/**
 * {@code Compare ladder} (issue 13): a 10 s 1080p30 H.264 + AAC file made into a three-rendition
 * HLS ladder (1080p 5 Mbit/s, 720p 3 Mbit/s, 480p 1.2 Mbit/s; libx264 veryfast/high, VBV at
 * 110 %/150 % of the bitrate, keyframes forced every 4 s and nowhere else, 4 s MPEG-TS segments,
 * AAC 128k in every rendition), by avline ({@code Avline.ladder}: one decode, each rendition scaled
 * and encoded on its own thread, the audio encoded once) and by the {@code ffmpeg} CLI (one
 * {@code filter_complex} split into three scalers, three libx264 encoders, the {@code hls} muxer
 * with {@code -var_stream_map} and {@code -master_pl_name}). The CLI cannot put one encoded audio
 * stream into three variants ({@code hls} refuses a stream in two variant definitions), so it
 * encodes the AAC three times: about 0.2 s of CPU in a job of tens. Wall time, CPU time (this JVM's
 * for avline; GNU time's user + system for the CLI) and, afterwards, peak memory.
 */
final class LadderWorkload implements Workload {
    static final double SEGMENT = 4;
    private final MediaCache cache;

    LadderWorkload(MediaCache cache) {
        this.cache = cache;
    }

    @Override
    public String name() {
        return "ladder";
    }

    @Override
    public String description() {
        return "10 s 1080p30 MP4 -> HLS ladder 1080p 5M / 720p 3M / 480p 1.2M, libx264 veryfast/high, keyframes every 4 s, "
                + "4 s TS segments, AAC 128k in each, master playlist";
    }

    @Override
    public int defaultRuns() {
        return 6;
    }

    @Override
    public int defaultWarmups() {
        return 1;
    }

    static Ladder ladder() {
        return Ladder.builder()
                .rendition(Rendition.of("1080p", 1920, 1080, 5_000_000))
                .rendition(Rendition.of("720p", 1280, 720, 3_000_000))
                .rendition(Rendition.of("480p", 854, 480, 1_200_000))
                .video(VideoSettings.h264().preset("veryfast").profile("high"))
                .build();
    }

    @Override
    public List<Contender> contenders(Path work) {
        Path in = cache.ladderInput();
        return List.of(new AvlineLadder(in, work.resolve("avline")), new CliLadder(in, work.resolve("ffmpeg-cli")));
    }

    /** {@code Avline.ladder(...).run()}. */
    static final class AvlineLadder implements Contender {
        private final Path in;
        private final Path out;
        private final Ladder ladder = ladder();
        private double cpu = Double.NaN;

        AvlineLadder(Path in, Path out) {
            this.in = in;
            this.out = out;
        }

        @Override
        public String name() {
            return "avline";
        }

        @Override
        public void prepare() {
            MediaCache.deleteTree(out);
        }

        @Override
        public void run() throws Exception {
            long c0 = processCpuNanos();
            RecordingResult r = Avline.ladder(Input.url(in.toString()), HlsOutput.vod(out).segmentSeconds(SEGMENT), ladder).run();
            cpu = (processCpuNanos() - c0) / 1e9;
            if (r.state() != RecordingResult.State.DONE) throw new IllegalStateException("avline ladder ended " + r.state(), r.failure());
        }

        @Override
        public double lastCpuSeconds() {
            return cpu;
        }

        @Override
        public OutputSummary lastOutput() throws Exception {
            return OutputSummary.ofHls(out, out.resolve("master.m3u8"));
        }

        private static long processCpuNanos() {
            return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
        }
    }

    /** The CLI's own ladder: the same renditions, x264 settings, keyframes, segments and audio. */
    static final class CliLadder implements Contender {
        private final Path out;
        private final List<String> args;
        private double cpu = Double.NaN;

        CliLadder(Path in, Path out) {
            this.out = out;
            List<String> a = new ArrayList<>(List.of("-y", "-i", in.toString(), "-filter_complex",
                    "[0:v]split=3[s0][s1][s2];[s0]scale=1920:1080,format=yuv420p[v0];[s1]scale=1280:720,format=yuv420p[v1];"
                            + "[s2]scale=854:480,format=yuv420p[v2]",
                    "-map", "[v0]", "-map", "[v1]", "-map", "[v2]", "-map", "0:a", "-map", "0:a", "-map", "0:a",
                    "-c:v", "libx264", "-preset", "veryfast", "-profile:v", "high",
                    "-g", String.valueOf((int) Math.ceil(2 * SEGMENT * 30)), "-sc_threshold", "0", "-forced-idr", "1",
                    "-force_key_frames", "expr:gte(t,n_forced*" + (int) SEGMENT + ")"));
            List<Rendition> rs = ladder().renditions();
            for (int i = 0; i < rs.size(); i++) {
                a.addAll(List.of("-b:v:" + i, String.valueOf(rs.get(i).bitrate()), "-maxrate:v:" + i, String.valueOf(rs.get(i).maxrate()),
                        "-bufsize:v:" + i, String.valueOf(rs.get(i).bufsize())));
            }
            a.addAll(List.of("-c:a", "aac", "-b:a", "128k", "-avoid_negative_ts", "make_zero",
                    "-f", "hls", "-hls_time", String.valueOf((int) SEGMENT), "-hls_playlist_type", "vod", "-hls_list_size", "0",
                    "-hls_flags", "independent_segments+temp_file", "-hls_segment_type", "mpegts",
                    "-master_pl_name", "master.m3u8",
                    "-var_stream_map", "v:0,a:0,name:1080p v:1,a:1,name:720p v:2,a:2,name:480p",
                    "-hls_segment_filename", out.resolve("%v").resolve("index_%05d.ts").toString(),
                    out.resolve("%v").resolve("index.m3u8").toString()));
            this.args = List.copyOf(a);
        }

        @Override
        public String name() {
            return "ffmpeg-cli";
        }

        @Override
        public void prepare() throws Exception {
            MediaCache.deleteTree(out);
            Files.createDirectories(out);
        }

        @Override
        public void run() throws Exception {
            double[] t = FfmpegCli.runTimed(args);
            cpu = t == null ? Double.NaN : t[0];
        }

        @Override
        public double lastCpuSeconds() {
            return cpu;
        }

        @Override
        public OutputSummary lastOutput() throws Exception {
            return OutputSummary.ofHls(out, out.resolve("master.m3u8"));
        }

        @Override
        public PeakMemory.Figure measurePeakMemoryItself() throws Exception {
            prepare();
            FfmpegCli.run(args, null, false);
            prepare();
            double[] t = FfmpegCli.runTimed(args);
            return new PeakMemory.Figure(t == null ? -1 : (long) t[1], -1);
        }
    }
}
