package dev.avline.bench;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;

import dev.avline.Avline;
import dev.avline.Container;

/**
 * {@code Compare segment}: one 4 s 720p30 MPEG-TS segment held in memory, remuxed to MPEG-TS in
 * memory: {@code Avline.remuxSegment(bytes, MPEGTS)} against spawning {@code ffmpeg} with the bytes
 * on stdin and the result read from stdout, as servers without avline do it, and JavaCV reading an
 * InputStream and writing an OutputStream. All three get the options remuxSegment uses.
 */
final class SegmentWorkload implements Workload {
    /** What avline's copy into TS allows its analysis (audio decoders only); the peers get the same. */
    static final String AUDIO_DECODERS = dev.avline.remux.CopyAnalysis.AUDIO_DECODERS;

    private final MediaCache cache;

    SegmentWorkload(MediaCache cache) {
        this.cache = cache;
    }

    @Override
    public String name() {
        return "segment";
    }

    @Override
    public String description() {
        return "one 4 s 720p30 MPEG-TS segment (H.264 3 Mbit/s + AAC) in memory -> MPEG-TS in memory, stream copy";
    }

    @Override
    public int defaultRuns() {
        return 30;
    }

    @Override
    public int defaultWarmups() {
        return 10;
    }

    @Override
    public List<Contender> contenders(Path work) {
        byte[] segment;
        try {
            segment = Files.readAllBytes(cache.segment());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.of(new AvlineSegment(segment), new Cli(segment), new JavaCvSegment(segment));
    }

    private abstract static class InMemory implements Contender {
        final byte[] segment;
        byte[] last;

        InMemory(byte[] segment) {
            this.segment = segment;
        }

        @Override
        public OutputSummary lastOutput() {
            return OutputSummary.of(last, "mpegts");
        }
    }

    static final class AvlineSegment extends InMemory {
        AvlineSegment(byte[] segment) {
            super(segment);
        }

        @Override
        public String name() {
            return "avline";
        }

        @Override
        public void run() {
            last = Avline.remuxSegment(segment, Container.MPEGTS);
        }

        /** remuxSegment runs on the calling thread: its allocation is this thread's. */
        @Override
        public String allocationReport() {
            long before = Allocation.onThisThread();
            run();
            long allocated = Allocation.onThisThread() - before;
            return Allocation.perPacket(allocated, lastOutput().packets(), "one remuxSegment call, the returned array included ("
                    + last.length / 1024 + " KB)");
        }
    }

    /**
     * {@code ffmpeg -f mpegts -i pipe:0 -c copy -f mpegts pipe:1}, with the flags remuxSegment uses
     * (among them {@code -fpsprobesize 0} and an audio-only {@code -codec_whitelist}, which save the
     * CLI as much analysis as they save avline).
     */
    static final class Cli extends InMemory {
        private static final List<String> ARGS = List.of("-fflags", "+discardcorrupt+genpts", "-err_detect", "careful",
                "-fpsprobesize", "0", "-codec_whitelist", AUDIO_DECODERS, "-f", "mpegts", "-i", "pipe:0", "-map", "0", "-c", "copy",
                "-mpegts_flags", "+initial_discontinuity", "-avoid_negative_ts", "make_zero", "-flush_packets", "0",
                "-f", "mpegts", "pipe:1");

        Cli(byte[] segment) {
            super(segment);
        }

        @Override
        public String name() {
            return "ffmpeg-cli";
        }

        @Override
        public void run() throws Exception {
            last = FfmpegCli.run(ARGS, segment, true);
        }

        @Override
        public PeakMemory.Figure measurePeakMemoryItself() throws Exception {
            return new PeakMemory.Figure(FfmpegCli.peakRssKb(ARGS, segment, true), -1);
        }
    }

    /** JavaCV from a ByteArrayInputStream to a ByteArrayOutputStream: grabPacket → recordPacket. */
    static final class JavaCvSegment extends InMemory {
        JavaCvSegment(byte[] segment) {
            super(segment);
        }

        @Override
        public String name() {
            return "javacv";
        }

        @Override
        public void run() throws Exception {
            ByteArrayOutputStream out = new ByteArrayOutputStream(segment.length + segment.length / 8);
            try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(new ByteArrayInputStream(segment))) {
                grabber.setFormat("mpegts");
                grabber.setOption("fflags", "+discardcorrupt+genpts");
                grabber.setOption("err_detect", "careful");
                grabber.setOption("fpsprobesize", "0");
                grabber.setOption("codec_whitelist", AUDIO_DECODERS);
                grabber.start();
                try (FFmpegFrameRecorder recorder = JavaCv.copyingRecorder(grabber, out)) {
                    recorder.setOption("flush_packets", "0");
                    recorder.start(grabber.getFormatContext());
                    AVPacket packet;
                    while ((packet = grabber.grabPacket()) != null) recorder.recordPacket(packet);
                    recorder.stop();
                }
                grabber.stop();
            }
            last = out.toByteArray();
        }
    }
}
