package dev.avline;

import java.util.Map;

import dev.avline.ffi.Ffmpeg;
import dev.avline.ffi.LogBridge;
import dev.avline.hls.LiveRecorder;
import dev.avline.hls.LiveSettings;
import dev.avline.remux.StreamCopy;
import dev.avline.transcode.Transcode;
import dev.avline.transcode.TranscodeSettings;

/**
 * avline's front door.
 *
 * <pre>{@code
 * // record or remux anything FFmpeg reads, to MPEG-TS or fragmented MP4
 * try (Recording r = Avline.copy(Input.url(url), Output.file(path)).start()) {
 *     RecordingResult result = r.await();
 * }
 * // transcode to H.264/AAC (libx264 ultrafast/baseline + AAC 128k by default), stage per thread
 * try (Recording r = Avline.transcode(Input.url(url), Output.file(path), TranscodeSettings.defaults()).start()) {
 *     RecordingResult result = r.await();
 * }
 * // one TS segment in memory, no process, no temp file
 * byte[] remuxed = Avline.remuxSegment(segmentBytes, Container.MPEGTS);
 * // a segment per request, into the caller's buffer, nothing per byte on the heap: SegmentRemuxer
 * }</pre>
 */
public final class Avline {
    private Avline() {
    }

    /**
     * A stream copy (no re-encoding) of every stream the output container can carry.
     *
     * @param input what to read
     * @param output where to write
     * @return the job, to configure and start
     */
    public static Recording.Builder copy(Input input, Output output) {
        return new Recording.Builder(new StreamCopy(input, output), "copy")
                .preflight(() -> OutputFile.preflight(input, output));
    }

    /**
     * Records a live HLS stream (a media or master playlist over http/https) into one continuous
     * output that survives the network: every request retried and checked, the input re-opened when
     * libavformat gives up, each loss reported once as a {@code gap} event, {@code #EXT-X-ENDLIST}
     * ends the recording. See {@link LiveSettings} for the budget, timeouts, URL policy and limits.
     *
     * <pre>{@code
     * try (Recording r = Avline.record(Input.url(playlist), Output.file(path), LiveSettings.defaults())
     *         .onEvent(e -> log.info("{} {}", e.kind(), e.details())).start()) {
     *     ...
     *     r.stop(); // returns at once; await() gives the finalized result within about a second
     * }
     * }</pre>
     *
     * @param input an http(s) HLS playlist, media or master
     * @param output where to write
     * @param settings outage budget, timeouts, URL policy, limits
     * @return the job, to configure and start
     */
    public static Recording.Builder record(Input input, Output output, LiveSettings settings) {
        return new Recording.Builder(new LiveRecorder(input, output, settings), "live")
                .preflight(() -> OutputFile.preflight(input, output));
    }

    /**
     * {@link #record(Input, Output, LiveSettings)} with the default settings.
     *
     * @param input an http(s) HLS playlist, media or master
     * @param output where to write
     * @return the job, to configure and start
     */
    public static Recording.Builder record(Input input, Output output) {
        return record(input, output, LiveSettings.defaults());
    }

    /**
     * A transcode (decode → filter → encode, each on its own thread) with the given settings; streams
     * that already fit may be copied ({@link dev.avline.transcode.StreamMode#COPY_IF_MATCHING}).
     * The settings were checked when built; hardware is probed when the job starts.
     *
     * @param input what to read
     * @param output where to write
     * @param settings encoders, filters, hardware
     * @return the job, to configure and start
     */
    public static Recording.Builder transcode(Input input, Output output, TranscodeSettings settings) {
        return new Recording.Builder(new Transcode(input, output, java.util.Objects.requireNonNull(settings, "settings")), "transcode")
                .preflight(() -> OutputFile.preflight(input, output));
    }

    /**
     * An adaptive-bitrate ladder written as HLS: the input decoded once, each rendition scaled and
     * encoded on its own thread with keyframes at every segment boundary, the audio encoded once;
     * {@code <dir>/<rendition>/index.m3u8} per rendition and {@code <dir>/master.m3u8} with each
     * rendition's measured bandwidth, resolution, codecs and frame rate.
     *
     * <pre>{@code
     * try (Recording r = Avline.ladder(Input.url(url), HlsOutput.live(dir, 6), Ladder.presets("1080,720,480")).start()) {
     *     RecordingResult result = r.await();
     * }
     * }</pre>
     *
     * @param input what to read
     * @param hls the directory and playlist type; each rendition writes in a directory of its own inside it
     * @param ladder the renditions
     * @return the job, to configure and start
     */
    public static Recording.Builder ladder(Input input, dev.avline.hlsout.HlsOutput hls, dev.avline.transcode.Ladder ladder) {
        return new Recording.Builder(new dev.avline.transcode.LadderTranscode(java.util.Objects.requireNonNull(input, "input"),
                java.util.Objects.requireNonNull(hls, "hls"), java.util.Objects.requireNonNull(ladder, "ladder")), "ladder");
    }

    /**
     * Runs any {@link Job} with the usual stop, events and progress handling (the recorder's
     * live transcode joins two jobs this way).
     *
     * @param job the work
     * @param kind names the job's thread ({@code avline-KIND-N})
     * @return the builder
     */
    @Internal
    public static Recording.Builder run(Job job, String kind) {
        return new Recording.Builder(job, kind);
    }

    /**
     * Remuxes one media segment held in memory (a TS segment, typically) into {@code container},
     * on the calling thread, with no process and no file. Timestamps start at zero unless the
     * output options say otherwise. A server remuxing a segment per request keeps a
     * {@link SegmentRemuxer} per thread instead: it writes into the caller's buffer, where this
     * method allocates a working buffer and the returned array for every call.
     *
     * @throws AvlineException when the bytes are not media or cannot be remuxed
     * @param segment the media
     * @param container what to remux into
     * @return the remuxed segment
     */
    public static byte[] remuxSegment(byte[] segment, Container container) {
        return remuxSegment(segment, null, container, Map.of());
    }

    /**
     * As {@link #remuxSegment(byte[], Container)}, with the input format given (skips probing:
     * "mpegts" for TS segments) and extra output options ({@code mpegts_copyts}: "1" keeps the
     * segment's own timestamps, which a player stitching segments together needs).
     *
     * @param segment the media
     * @param inputFormat the demuxer ("mpegts"), or null to probe
     * @param container what to remux into
     * @param outputOptions the muxer's options
     * @return the remuxed segment
     * @throws AvlineException when the bytes are not media or cannot be remuxed
     */
    public static byte[] remuxSegment(byte[] segment, String inputFormat, Container container,
                                      Map<String, String> outputOptions) {
        SegmentRemuxer.Builder b = SegmentRemuxer.to(container).inputFormat(inputFormat);
        for (Map.Entry<String, String> e : outputOptions.entrySet()) b.outputOption(e.getKey(), e.getValue());
        try (SegmentRemuxer remuxer = b.build()) {
            return remuxer.remux(segment);
        }
    }

    /**
     * Sets FFmpeg's own log level by name, like the CLI's {@code -loglevel}: "quiet", "panic",
     * "fatal", "error", "warning", "info", "verbose", "debug" or "trace". FFmpeg's lines still go to
     * SLF4J (loggers {@code dev.avline.ffmpeg.*}); this filters them before they reach Java.
     *
     * @param level the level's name
     * @throws IllegalArgumentException when the name is not a level
     */
    public static void ffmpegLogLevel(String level) {
        LogBridge.setLevel(java.util.Objects.requireNonNull(level, "level"));
    }

    /**
     * Sets FFmpeg's log level from SLF4J's level for {@code dev.avline.ffmpeg}, as avline does when
     * FFmpeg is loaded: call it after changing the logging configuration at run time.
     */
    public static void refreshFfmpegLogLevel() {
        LogBridge.refreshLevel();
    }

    /**
     * FFmpeg library versions in use.
     *
     * @return one line naming each library and its version
     */
    public static String ffmpegVersions() {
        return Ffmpeg.versions();
    }

    /**
     * Opens {@code input} just far enough to name its container and streams, like {@code ffprobe}:
     * codecs, profiles, sizes, frame rates, pixel formats, sample rates, channel layouts, languages,
     * bit rates, the duration; for an HLS master playlist its variants and renditions, and the
     * streams of the variant the input's {@link Variant} choice would record.
     *
     * <p>Quick by default: FFmpeg reads at most 2 MB and 2 s of media ({@code probesize},
     * {@code analyzeduration}; an input that sets its own keeps them), a remote input that sends
     * nothing for 5 s fails, and the whole open ends after 20 s. An http(s) HLS playlist is read by
     * avline's own client, under the default {@link LiveSettings}' URL policy, with the input's
     * headers: the playlists and one segment of each rendition it would record.
     *
     * <pre>{@code
     * MediaInfo info = Avline.probe(Input.url("https://cdn.example.com/live/master.m3u8"));
     * info.variants().forEach(v -> log.info("{} bit/s {}", v.bandwidth(), v.resolution()));
     * MediaInfo.Stream video = info.streams("video").get(0);   // codec, profile, width, height, frameRate, …
     * }</pre>
     *
     * @param input what to probe
     * @return the container and its streams
     * @throws AvlineException naming the input and FFmpeg's reason when it cannot be read
     */
    public static MediaInfo probe(Input input) {
        java.util.Objects.requireNonNull(input, "input");
        try {
            return MediaProber.probe(input);
        } catch (RuntimeException e) {
            throw Failures.api(e);
        }
    }

    /**
     * What this FFmpeg build and this machine offer: versions, license, encoders, decoders, muxers,
     * demuxers, filters, and the hardware that works now (each kind probed for real, with FFmpeg's
     * reason when it does not; answers cached per process).
     *
     * @return the build's registries and the hardware usable now
     */
    public static Capabilities capabilities() {
        return Capabilities.read();
    }
}
