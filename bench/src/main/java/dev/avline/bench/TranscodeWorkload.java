package dev.avline.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

import dev.avline.Avline;
import dev.avline.Container;
import dev.avline.Input;
import dev.avline.Output;
import dev.avline.RecordingResult;
import dev.avline.transcode.TranscodeSettings;

/**
 * {@code Compare transcode} (issue 3): a 30 s 720p30 H.264 + AAC MP4 transcoded to the field's
 * software target, libx264 {@code ultrafast}/{@code baseline} (CRF 23, x264's default GOP) + AAC
 * 128 kbit/s in MPEG-TS, by avline ({@code Avline.transcode}), the
 * {@code ffmpeg} CLI and JavaCV's FFmpegFrameGrabber/Recorder.
 */
final class TranscodeWorkload implements Workload {
    private final MediaCache cache;

    TranscodeWorkload(MediaCache cache) {
        this.cache = cache;
    }

    @Override
    public String name() {
        return "transcode";
    }

    @Override
    public String description() {
        return "30 s 720p30 MP4 (H.264 3 Mbit/s + AAC) -> libx264 ultrafast/baseline (CRF 23) + AAC 128k, MPEG-TS file";
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
        Path in = cache.transcodeInput();
        List<Contender> list = new ArrayList<>();
        list.add(new AvlineTranscode(in, work.resolve("avline.ts")));
        list.add(cli(in, work.resolve("ffmpeg-cli.ts")));
        list.add(new JavaCvTranscode(in, work.resolve("javacv.ts")));
        return list;
    }

    /**
     * {@code Avline.transcode(...).run()} with the default settings, which are the CLI's flags below
     * (libx264 ultrafast/baseline at its default CRF 23 and GOP, AAC 128k, every stream transcoded).
     */
    static final class AvlineTranscode implements Contender {
        private final Path in;
        private final Path out;

        AvlineTranscode(Path in, Path out) {
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
            RecordingResult r = Avline.transcode(Input.url(in.toString()), Output.file(out, Container.MPEGTS).overwrite(true),
                    TranscodeSettings.defaults()).run();
            if (r.state() != RecordingResult.State.DONE) throw new IllegalStateException("avline transcode ended " + r.state(), r.failure());
        }

        @Override
        public OutputSummary lastOutput() throws Exception {
            return OutputSummary.of(out);
        }
    }

    /** The CLI with the field's flags (and avline's TS output defaults). */
    static CliToFile cli(Path in, Path out) {
        return new CliToFile(List.of("-y", "-i", in.toString(), "-map", "0:v", "-map", "0:a",
                "-c:v", "libx264", "-preset", "ultrafast", "-profile:v", "baseline",
                "-c:a", "aac", "-b:a", "128k",
                "-mpegts_flags", "+initial_discontinuity", "-avoid_negative_ts", "make_zero",
                "-f", "mpegts", out.toString()), out);
    }

    /**
     * JavaCV decoding with {@code grab()} and encoding with {@code record()} on one thread, set up as
     * an expert would: frames stay YUV 4:2:0 and float planar audio (no BGR or S16 round trip), the
     * recorder's 400 kbit/s default replaced by libx264's CRF, encoder threads automatic.
     */
    static final class JavaCvTranscode implements Contender {
        private final Path in;
        private final Path out;

        JavaCvTranscode(Path in, Path out) {
            this.in = in;
            this.out = out;
        }

        @Override
        public String name() {
            return "javacv";
        }

        @Override
        public void run() throws Exception {
            try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(in.toString())) {
                grabber.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
                grabber.setSampleMode(FrameGrabber.SampleMode.FLOAT);
                grabber.start();
                try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(out.toString(), grabber.getImageWidth(),
                        grabber.getImageHeight(), grabber.getAudioChannels())) {
                    recorder.setFormat("mpegts");
                    recorder.setVideoCodecName("libx264");
                    recorder.setVideoCodec(avcodec.AV_CODEC_ID_H264);
                    recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
                    recorder.setFrameRate(grabber.getFrameRate());
                    recorder.setVideoBitrate(0); // JavaCV's default is 400 kbit/s ABR; the CLI uses CRF 23
                    recorder.setVideoOption("preset", "ultrafast");
                    recorder.setVideoOption("profile", "baseline");
                    recorder.setVideoOption("crf", "23");
                    recorder.setAudioCodec(avcodec.AV_CODEC_ID_AAC);
                    recorder.setAudioBitrate(128_000);
                    recorder.setSampleRate(grabber.getSampleRate());
                    JavaCv.tsOptions(recorder);
                    recorder.start();
                    Frame frame;
                    while ((frame = grabber.grab()) != null) recorder.record(frame, grabber.getPixelFormat());
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
