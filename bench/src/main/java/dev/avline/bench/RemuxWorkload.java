package dev.avline.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;

import dev.avline.Avline;
import dev.avline.Container;
import dev.avline.Input;
import dev.avline.Output;
import dev.avline.RecordingResult;
import dev.avline.remux.StreamCopy;

/**
 * {@code Compare remux}: a 120 s 720p30 HLS rendition with fMP4 segments (4 s, EXT-X-MAP init
 * section) remuxed to one MPEG-TS file, video and audio copied. Every tool gets avline's defaults:
 * input {@code fflags=+discardcorrupt+genpts}, {@code err_detect=careful}; output
 * {@code mpegts_flags=+initial_discontinuity}, {@code avoid_negative_ts=make_zero}.
 */
final class RemuxWorkload implements Workload {
    private final MediaCache cache;

    RemuxWorkload(MediaCache cache) {
        this.cache = cache;
    }

    @Override
    public String name() {
        return "remux";
    }

    @Override
    public String description() {
        return "120 s 720p30 HLS (fMP4 .m4s segments of 4 s + EXT-X-MAP, H.264 3 Mbit/s + AAC) -> MPEG-TS file, stream copy";
    }

    @Override
    public int defaultRuns() {
        return 24;
    }

    @Override
    public int defaultWarmups() {
        return 3;
    }

    @Override
    public List<Contender> contenders(Path work) {
        Path playlist = cache.remuxHls();
        return List.of(new AvlineCopy(playlist, work.resolve("avline.ts")),
                cli(playlist, work.resolve("ffmpeg-cli.ts")),
                new JavaCvCopy(playlist, work.resolve("javacv.ts")));
    }

    /** {@code Avline.copy(Input.url(playlist), Output.file(out, MPEGTS)).run()}. */
    static final class AvlineCopy implements Contender {
        private final Path playlist;
        private final Path out;

        AvlineCopy(Path playlist, Path out) {
            this.playlist = playlist;
            this.out = out;
        }

        @Override
        public String name() {
            return "avline";
        }

        @Override
        public void run() {
            RecordingResult r = Avline.copy(Input.url(playlist.toString()), Output.file(out, Container.MPEGTS).overwrite(true)).run();
            if (r.state() != RecordingResult.State.DONE) throw new IllegalStateException("avline copy ended " + r.state(), r.failure());
        }

        @Override
        public void prepare() throws Exception {
            Files.deleteIfExists(out);
        }

        @Override
        public OutputSummary lastOutput() throws Exception {
            return OutputSummary.of(out);
        }

        /** The same copy, with the allocation of the job's thread counted from start to end. */
        @Override
        public String allocationReport() {
            long[] allocated = new long[1];
            RecordingResult r = Avline.run(ctx -> {
                long before = Allocation.onThisThread();
                try {
                    return new StreamCopy(Input.url(playlist.toString()), Output.file(out, Container.MPEGTS).overwrite(true)).run(ctx);
                } finally {
                    allocated[0] = Allocation.onThisThread() - before;
                }
            }, "copy").run();
            if (r.state() != RecordingResult.State.DONE) throw new IllegalStateException("avline copy ended " + r.state(), r.failure());
            return Allocation.perPacket(allocated[0], r.packets(), "the job thread, from opening the playlist to the trailer");
        }
    }

    /** {@code ffmpeg -i index.m3u8 -map 0 -c copy -f mpegts out.ts} with the same flags (and the same limited analysis). */
    static CliToFile cli(Path playlist, Path out) {
        return new CliToFile(List.of("-y", "-fflags", "+discardcorrupt+genpts", "-err_detect", "careful",
                "-fpsprobesize", "0", "-codec_whitelist", SegmentWorkload.AUDIO_DECODERS,
                "-i", playlist.toString(), "-map", "0", "-c", "copy",
                "-mpegts_flags", "+initial_discontinuity", "-avoid_negative_ts", "make_zero",
                "-f", "mpegts", out.toString()), out);
    }

    /** JavaCV's stream copy: {@code grabPacket()} → {@code recordPacket()}, the loop its samples show. */
    static final class JavaCvCopy implements Contender {
        private final Path playlist;
        private final Path out;

        JavaCvCopy(Path playlist, Path out) {
            this.playlist = playlist;
            this.out = out;
        }

        @Override
        public String name() {
            return "javacv";
        }

        @Override
        public void run() throws Exception {
            try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(playlist.toString())) {
                grabber.setOption("fflags", "+discardcorrupt+genpts");
                grabber.setOption("err_detect", "careful");
                grabber.setOption("fpsprobesize", "0"); // the analysis avline's copy into TS does (CopyAnalysis)
                grabber.setOption("codec_whitelist", SegmentWorkload.AUDIO_DECODERS);
                grabber.start();
                try (FFmpegFrameRecorder recorder = JavaCv.copyingRecorder(grabber, out.toString())) {
                    recorder.start(grabber.getFormatContext());
                    AVPacket packet;
                    while ((packet = grabber.grabPacket()) != null) recorder.recordPacket(packet);
                    recorder.stop();
                }
                grabber.stop();
            }
        }

        @Override
        public void prepare() throws Exception {
            Files.deleteIfExists(out);
        }

        @Override
        public OutputSummary lastOutput() throws Exception {
            return OutputSummary.of(out);
        }
    }
}
