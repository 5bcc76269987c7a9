package dev.avline.testkit;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.avline.ffi.CodecResult;
import dev.avline.ffi.Encoder;
import dev.avline.ffi.FilterGraph;
import dev.avline.ffi.Frame;
import dev.avline.ffi.IoContext;
import dev.avline.ffi.OutputContainer;
import dev.avline.ffi.Packet;
import dev.avline.ffi.Rational;
import dev.avline.ffi.UnknownOptions;

/**
 * Makes test media in-process: a {@code testsrc2} picture and {@code sine} tones, encoded with the
 * bundled encoders into any container FFmpeg can write (MPEG-TS, MP4, an HLS playlist with TS or
 * fMP4 segments, …). No network, no fixtures, no {@code ffmpeg} process.
 *
 * <pre>{@code
 * TestMedia.video(1280, 720, 30).audioTracks(1).seconds(10).writeTo(path, "mpegts");
 * }</pre>
 */
public final class TestMedia {
    private int width = 320;
    private int height = 240;
    private int fps = 25;
    private double seconds = 4;
    private int audioTracks = 1;
    private boolean video = true;
    private int sampleRate = 48000;
    private int channels = 2;
    private String videoEncoder = "libx264";
    private String audioEncoder = "aac";
    private Map<String, String> videoOptions = new LinkedHashMap<>(Map.of("preset", "ultrafast", "g", "25"));
    private Map<String, String> audioOptions = new LinkedHashMap<>();
    private double startSeconds = 0;

    private TestMedia() {
    }

    /**
     * Video of the given size and frame rate, with one stereo AAC track by default.
     *
     * @param width picture width
     * @param height picture height
     * @param fps frames per second
     * @return the test media, to configure
     */
    public static TestMedia video(int width, int height, int fps) {
        TestMedia m = new TestMedia();
        m.width = width;
        m.height = height;
        m.fps = fps;
        m.videoOptions.put("g", String.valueOf(fps)); // a keyframe each second: segments can cut anywhere
        return m;
    }

    /**
     * Audio only.
     *
     * @return the test media, to configure
     */
    public static TestMedia audioOnly() {
        TestMedia m = new TestMedia();
        m.video = false;
        return m;
    }

    /**
     * How long the media lasts.
     *
     * @param seconds seconds
     * @return this test media
     */
    public TestMedia seconds(double seconds) {
        this.seconds = seconds;
        return this;
    }

    /**
     * Number of audio tracks (each a different tone); 0 for none.
     *
     * @param n how many
     * @return this test media
     */
    public TestMedia audioTracks(int n) {
        this.audioTracks = n;
        return this;
    }

    /**
     * The audio tracks' sample rate and channel count.
     *
     * @param sampleRate samples per second
     * @param channels the channel count
     * @return this test media
     */
    public TestMedia audioFormat(int sampleRate, int channels) {
        this.sampleRate = sampleRate;
        this.channels = channels;
        return this;
    }

    /**
     * The video encoder by FFmpeg name, with its options.
     *
     * @param name the name
     * @param options the options
     * @return this test media
     */
    public TestMedia videoEncoder(String name, Map<String, String> options) {
        this.videoEncoder = name;
        this.videoOptions = new LinkedHashMap<>(options);
        return this;
    }

    /**
     * The audio encoder by FFmpeg name, with its options.
     *
     * @param name the name
     * @param options the options
     * @return this test media
     */
    public TestMedia audioEncoder(String name, Map<String, String> options) {
        this.audioEncoder = name;
        this.audioOptions = new LinkedHashMap<>(options);
        return this;
    }

    /**
     * Shifts every timestamp (e.g. to make a source that starts at 10 s, like a live stream).
     *
     * @param seconds seconds
     * @return this test media
     */
    public TestMedia startAt(double seconds) {
        this.startSeconds = seconds;
        return this;
    }

    /**
     * Writes to a file with a muxer ("mpegts", "mp4", "matroska", "hls", …) and its options.
     *
     * @param file the file
     * @param format the muxer's name
     * @param muxerOptions the muxer's options
     */
    public void writeTo(Path file, String format, Map<String, String> muxerOptions) {
        try (OutputContainer out = OutputContainer.toUrl(file.toString(), format)) {
            encodeInto(out, muxerOptions);
        }
    }

    /**
     * Writes to a file with a muxer ("mpegts", "mp4", "matroska", …) and its default options.
     *
     * @param file the file
     * @param format the muxer's name
     */
    public void writeTo(Path file, String format) {
        writeTo(file, format, Map.of());
    }

    /**
     * {@return the media as bytes in memory ({@code mpegts} or another streamable muxer)}
     *
     * @param format the muxer's name
     * @param muxerOptions the muxer's options
     */
    public byte[] toBytes(String format, Map<String, String> muxerOptions) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputContainer out = OutputContainer.consuming(IoContext.writing(bytes), format)) {
            encodeInto(out, muxerOptions);
        }
        return bytes.toByteArray();
    }

    /**
     * Writes an HLS rendition: {@code index.m3u8} and segments in {@code dir}.
     *
     * @param segmentType "mpegts" or "fmp4"
     * @param dir the directory
     * @param segmentSeconds the target segment duration
     * @return the playlist
     */
    public Path writeHls(Path dir, double segmentSeconds, String segmentType) {
        Path playlist = dir.resolve("index.m3u8");
        Map<String, String> opts = new LinkedHashMap<>();
        opts.put("hls_time", String.valueOf(segmentSeconds));
        opts.put("hls_list_size", "0");
        opts.put("hls_playlist_type", "vod");
        opts.put("hls_segment_type", segmentType);
        opts.put("hls_segment_filename", dir.resolve("fmp4".equals(segmentType) ? "seg_%03d.m4s" : "seg_%03d.ts").toString());
        if ("fmp4".equals(segmentType)) opts.put("hls_fmp4_init_filename", "init.mp4");
        writeTo(playlist, "hls", opts);
        return playlist;
    }

    private void encodeInto(OutputContainer out, Map<String, String> muxerOptions) {
        boolean globalHeader = out.formatName().equals("mp4") || out.formatName().equals("mov")
                || out.formatName().equals("matroska") || out.formatName().equals("ipod");
        List<Track> tracks = new ArrayList<>();
        try {
            if (video) {
                String desc = "testsrc2=size=" + width + "x" + height + ":rate=" + fps + ":duration=" + seconds
                        + ",format=yuv420p" + (startSeconds > 0 ? ",setpts=PTS+" + startSeconds + "/TB" : "");
                FilterGraph g = FilterGraph.describe(desc).videoOutput("out").build();
                Encoder e = Encoder.named(videoEncoder)
                        .video(width, height, "yuv420p", g.outputTimeBase(0), new Rational(fps, 1))
                        .options(videoOptions).globalHeader(globalHeader).open();
                tracks.add(new Track(g, e, e.addStreamTo(out)));
            }
            for (int i = 0; i < audioTracks; i++) {
                String desc = "sine=frequency=" + (440 + 110 * i) + ":sample_rate=" + sampleRate + ":duration=" + seconds
                        + ",aformat=sample_fmts=fltp:channel_layouts=" + FilterGraph.defaultLayoutName(channels)
                        + (startSeconds > 0 ? ",asetpts=PTS+" + startSeconds + "/TB" : "");
                FilterGraph g = FilterGraph.describe(desc).audioOutput("out").build();
                Encoder e = Encoder.named(audioEncoder).audio(sampleRate, channels, null)
                        .options(audioOptions).globalHeader(globalHeader).open();
                if (e.frameSize() > 0) g.setFrameSize(0, e.frameSize());
                tracks.add(new Track(g, e, e.addStreamTo(out)));
            }
            out.writeHeader(muxerOptions, UnknownOptions.FAIL);
            try (Frame frame = new Frame(); Packet packet = new Packet()) {
                // Always advance the track that is furthest behind, so the muxer gets interleaved input.
                while (true) {
                    Track next = null;
                    for (Track t : tracks) {
                        if (!t.done && (next == null || t.clock < next.clock)) next = t;
                    }
                    if (next == null) break;
                    next.step(frame, packet, out);
                }
            }
            out.writeTrailer();
        } finally {
            for (Track t : tracks) t.close();
        }
    }

    private static final class Track implements AutoCloseable {
        final FilterGraph graph;
        final Encoder encoder;
        final int stream;
        boolean sourceDone;
        boolean done;
        double clock;

        Track(FilterGraph graph, Encoder encoder, int stream) {
            this.graph = graph;
            this.encoder = encoder;
            this.stream = stream;
        }

        void step(Frame frame, Packet packet, OutputContainer out) {
            if (!sourceDone) {
                CodecResult r = graph.pull(0, frame);
                if (r == CodecResult.OK) {
                    Rational tb = graph.outputTimeBase(0);
                    long pts = tb.rescale(frame.pts(), encoder.timeBase());
                    clock = tb.seconds(frame.pts());
                    frame.setPts(pts);
                    encoder.send(frame);
                    frame.unref();
                } else {
                    sourceDone = true;
                    encoder.send(null);
                }
            }
            while (encoder.receive(packet) == CodecResult.OK) {
                packet.setStreamIndex(stream);
                packet.rescale(encoder.timeBase(), out.timeBase(stream));
                out.write(packet);
            }
            if (sourceDone) done = true;
        }

        @Override
        public void close() {
            encoder.close();
            graph.close();
        }
    }
}
