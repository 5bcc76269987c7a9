package dev.avline;

import java.io.OutputStream;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

import dev.avline.ffi.IoContext;
import dev.avline.hlsout.HlsOutput;
import dev.avline.ffi.OutputContainer;
import dev.avline.ffi.UnknownOptions;

/**
 * Where to write: a file, an OutputStream or a channel, in MPEG-TS, fragmented MP4, MP4 with
 * {@code faststart} (files only) or Matroska; or an HLS directory ({@link #hls(HlsOutput)}: a media
 * playlist and TS or fMP4 segments). Immutable; each {@code with…} method returns a copy.
 *
 * <p>MPEG-TS defaults: {@code mpegts_flags=+initial_discontinuity}, {@code avoid_negative_ts=make_zero}.
 * Fragmented MP4 defaults: {@code movflags=+frag_keyframe+empty_moov+default_base_moof}.
 * {@link Container#MP4_FASTSTART}: {@code movflags=+faststart}. Matroska: FFmpeg's defaults.
 */
public final class Output {
    private final Path file;
    private final Supplier<IoContext> sink;
    private final String description;
    private final Container container;
    private final Map<String, String> options;
    private final UnknownOptions unknownOptions;
    private final boolean overwrite;
    private final HlsOutput hls;

    private Output(Path file, Supplier<IoContext> sink, String description, Container container,
                   Map<String, String> options, UnknownOptions unknown, boolean overwrite) {
        this(file, sink, description, container, options, unknown, overwrite, null);
    }

    private Output(Path file, Supplier<IoContext> sink, String description, Container container,
                   Map<String, String> options, UnknownOptions unknown, boolean overwrite, HlsOutput hls) {
        this.overwrite = overwrite;
        this.hls = hls;
        this.file = file;
        this.sink = sink;
        this.description = description;
        this.container = container;
        this.options = Collections.unmodifiableMap(options);
        this.unknownOptions = unknown;
    }

    private static Map<String, String> defaults(Container c) {
        Map<String, String> m = new LinkedHashMap<>();
        if (c == Container.MPEGTS) {
            m.put("mpegts_flags", "+initial_discontinuity");
        } else if (c == Container.FRAGMENTED_MP4) {
            m.put("movflags", "+frag_keyframe+empty_moov+default_base_moof");
        } else if (c == Container.MP4_FASTSTART) {
            m.put("movflags", "+faststart");
        }
        m.put("avoid_negative_ts", "make_zero");
        return m;
    }

    /**
     * A file in the given container, whatever its extension.
     *
     * @param file where to write (see {@link #overwrite(boolean)} for an existing file)
     * @param container the container
     * @return the output
     */
    public static Output file(Path file, Container container) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(container, "container");
        return new Output(file, null, file.toString(), container, defaults(container), UnknownOptions.FAIL, false);
    }

    /**
     * An HLS directory: the media playlist ({@link #file()}) and its segments, written by FFmpeg's
     * {@code hls} muxer, in the segment container {@link #container()}. What a time-shift server
     * does with a live input: {@code Avline.record(Input.url(live), Output.hls(HlsOutput.live(dir, 10)), settings)}.
     * The directory is created if missing. Options set with {@link #option} are the {@code hls}
     * muxer's ({@code hls_flags}, {@code hls_segment_options}, …).
     *
     * @param hls the directory, playlist type and segments
     * @return the output
     */
    public static Output hls(HlsOutput hls) {
        Objects.requireNonNull(hls, "hls");
        Map<String, String> m = new LinkedHashMap<>(hls.muxerOptions());
        m.put("avoid_negative_ts", "make_zero");
        return new Output(hls.playlist(), null, hls.playlist().toString(), hls.segments(), m, UnknownOptions.FAIL, false, hls);
    }

    /**
     * Stream and channel outputs: FFmpeg would flush its buffer after every packet (its default
     * for outputs that cannot seek), one upcall into Java per packet, each of which allocates
     * JavaCPP pointer objects. avline writes whole buffers instead; {@link #flushEveryPacket(boolean)}
     * brings the per-packet flush back where the last few milliseconds of latency matter more.
     */
    private static Map<String, String> streamDefaults(Container c) {
        Map<String, String> m = defaults(c);
        m.put("flush_packets", "0");
        return m;
    }

    /**
     * A file whose container follows from its extension ({@code .ts}, {@code .mp4} as fragmented
     * MP4, {@code .mkv}); see {@link Container#forFileName(Path)}.
     *
     * @param file where to write (see {@link #overwrite(boolean)} for an existing file)
     * @return the output
     */
    public static Output file(Path file) {
        return file(file, Container.forFileName(file));
    }

    /**
     * An output stream (not closed by avline: the caller owns it).
     *
     * @param out where the bytes go
     * @param container a container that needs no seeking (not {@link Container#MP4_FASTSTART})
     * @return the output
     */
    public static Output stream(OutputStream out, Container container) {
        Objects.requireNonNull(out, "out");
        requireStreamable(container);
        return new Output(null, () -> IoContext.writing(out), "(output stream)", container, streamDefaults(container),
                UnknownOptions.FAIL, false);
    }

    /**
     * A channel (not closed by avline: the caller owns it).
     *
     * @param channel where the bytes go
     * @param container a container that needs no seeking (not {@link Container#MP4_FASTSTART})
     * @return the output
     */
    public static Output channel(WritableByteChannel channel, Container container) {
        Objects.requireNonNull(channel, "channel");
        requireStreamable(container);
        return new Output(null, () -> IoContext.writing(channel), "(channel)", container, streamDefaults(container),
                UnknownOptions.FAIL, false);
    }

    /**
     * A stream-like output with {@code container}'s stream defaults whose bytes go to the I/O
     * context {@code sink} makes at each open (a {@link SegmentRemuxer} writing into a caller's buffer).
     */
    static Output toSink(Supplier<IoContext> sink, String description, Container container) {
        return new Output(null, Objects.requireNonNull(sink), description, container, streamDefaults(container),
                UnknownOptions.FAIL, false);
    }

    /** The same container and options, another sink (the next segment's buffer). */
    Output withSink(Supplier<IoContext> other) {
        if (file != null) throw new IllegalStateException("a file output has no sink");
        return new Output(null, other, description, container, options, unknownOptions, false);
    }

    /** faststart rewrites the file at the end (the index moves to the front): a stream cannot go back. */
    private static void requireStreamable(Container container) {
        Objects.requireNonNull(container, "container");
        if (container.needsSeekableOutput()) {
            throw new IllegalArgumentException(container.shortName() + " output needs a seekable output (a file: Output.file);"
                    + " for a stream or channel use fragmented MP4 (mp4), MPEG-TS or Matroska");
        }
    }

    private Output with(String name, String value) {
        Map<String, String> m = new LinkedHashMap<>(options);
        if (value == null) m.remove(name);
        else m.put(name, value);
        return new Output(file, sink, description, container, m, unknownOptions, overwrite, hls);
    }

    /**
     * Sets one muxer or format option by its FFmpeg name; a null value removes it.
     *
     * @param name the option
     * @param value its value, or null
     * @return a copy with the option
     */
    public Output option(String name, String value) {
        if ("mpegts_copyts".equals(name) && container == Container.MPEGTS) {
            return copyTs(value != null && !value.equals("0"));
        }
        return with(name, value);
    }

    /**
     * MPEG-TS: mark the first packets as a discontinuity, so players reset their clocks (default on).
     *
     * @param on whether to mark it
     * @return a copy with the flag
     */
    public Output initialDiscontinuity(boolean on) {
        requireTs("initial_discontinuity");
        return with("mpegts_flags", on ? "+initial_discontinuity" : null);
    }

    /**
     * MPEG-TS: keep the input's timestamps instead of starting near zero. This also turns the
     * default {@code avoid_negative_ts=make_zero} into {@code make_non_negative}, which would
     * otherwise move the timeline back to zero.
     *
     * @param on whether to keep the input's timestamps
     * @return a copy with the option
     */
    public Output copyTs(boolean on) {
        requireTs("mpegts_copyts");
        Output o = with("mpegts_copyts", on ? "1" : null);
        String avoid = options.get("avoid_negative_ts");
        if (on && "make_zero".equals(avoid)) o = o.with("avoid_negative_ts", "make_non_negative");
        if (!on && "make_non_negative".equals(avoid)) o = o.with("avoid_negative_ts", "make_zero");
        return o;
    }

    /**
     * MPEG-TS service type ("digital_tv", "digital_radio", "advanced_codec_digital_hdtv", …).
     *
     * @param type the service type
     * @return a copy with the option
     */
    public Output serviceType(String type) {
        requireTs("mpegts_service_type");
        return with("mpegts_service_type", type);
    }

    /**
     * How long the muxer waits for a late stream before writing what it has (0 waits for every
     * stream, which adds latency when one is sparse or late). FFmpeg's default is 10 s.
     *
     * @param d the delta
     * @return a copy with the option
     */
    public Output maxInterleaveDelta(Duration d) {
        if (d.isNegative()) throw new IllegalArgumentException("max_interleave_delta must not be negative: " + d);
        return with("max_interleave_delta", String.valueOf(d.toNanos() / 1000));
    }

    /**
     * Hands every packet to the stream or channel as soon as it is muxed (FFmpeg's
     * {@code flush_packets}); off by default for streams and channels, which then get whole
     * 32 KiB buffers (and the rest when the output is finalized).
     *
     * @param on whether to flush after every packet
     * @return a copy with the option
     */
    public Output flushEveryPacket(boolean on) {
        return with("flush_packets", on ? "1" : "0");
    }

    /**
     * "make_zero" (default), "make_non_negative", "auto" or "disabled".
     *
     * @param mode the mode
     * @return a copy with the option
     */
    public Output avoidNegativeTs(String mode) {
        return with("avoid_negative_ts", mode);
    }

    /**
     * What to do with options no muxer or protocol recognised; {@link dev.avline.UnknownOptions#FAIL}
     * by default.
     *
     * @param policy fail, warn or ignore
     * @return a copy with the policy
     */
    public Output unknownOptions(dev.avline.UnknownOptions policy) {
        return new Output(file, sink, description, container, new LinkedHashMap<>(options),
                Objects.requireNonNull(policy, "policy").toNative(), overwrite, hls);
    }

    private void requireTs(String option) {
        if (hls != null) {
            throw new IllegalArgumentException(option + " applies to an MPEG-TS file or stream, not to HLS output "
                    + "(the hls muxer sets up its own segments)");
        }
        if (container != Container.MPEGTS) {
            throw new IllegalArgumentException(option + " applies to MPEG-TS output only, not " + container);
        }
    }

    /**
     * The container written (an HLS output's: its segments').
     *
     * @return the container
     */
    public Container container() {
        return container;
    }

    /** {@return the HLS output this writes, or null for a single file, stream or channel} */
    public HlsOutput hlsOutput() {
        return hls;
    }

    /** {@return true for an HLS directory: the muxer is {@code hls}, options are its own (no {@code movflags})} */
    public boolean isHls() {
        return hls != null;
    }

    /** {@return the file (an HLS output's media playlist), or null for a stream or channel output} */
    public Path file() {
        return file;
    }

    /**
     * The muxer and format options, avline's defaults included.
     *
     * @return the options, unmodifiable
     */
    public Map<String, String> options() {
        return options;
    }

    /**
     * The unknown-option policy as the native boundary takes it.
     *
     * @return the policy
     */
    @Internal
    public UnknownOptions unknownOptionsPolicy() {
        return unknownOptions;
    }

    /**
     * A description safe to show: the path, or the kind of output.
     *
     * @return the description
     */
    public String description() {
        return description;
    }

    /**
     * Whether an existing file may be replaced (FFmpeg's {@code -y}); off by default ({@code -n}):
     * a job then fails with {@link OutputRefused} before it opens anything. When on, the job writes
     * a hidden sibling and renames it over the old file only when it succeeds (done or stopped), so
     * a failure leaves the old file as it was. A new file is always written in place, readable
     * while it grows. Streams and channels are not files: this does not apply to them.
     *
     * @param on whether an existing file may be replaced
     * @return a copy with the rule
     */
    public Output overwrite(boolean on) {
        return new Output(file, sink, description, container, new LinkedHashMap<>(options), unknownOptions, on, hls);
    }

    /**
     * See {@link #overwrite(boolean)}.
     *
     * @return whether an existing file may be replaced
     */
    public boolean overwrites() {
        return overwrite;
    }

    /**
     * Opens a stream, channel or HLS output (a file output is opened through its claim: {@link #open(OutputFile)}).
     *
     * @return the muxer, owned by the caller
     */
    @Internal
    public OutputContainer open() {
        return open(null);
    }

    /**
     * Opens the muxer (the header is not written yet): a stream or channel output, an HLS directory
     * (FFmpeg's hls muxer writes its playlist and segments there itself, replacing them as it goes:
     * the file rules of {@link OutputFile} do not apply to it), or a file output at the place
     * {@code claimed} names (see {@link JobContext#claimOutput(Output)}).
     *
     * @param claimed the file's claim, or null for a stream, channel or HLS output
     * @return the muxer, owned by the caller
     */
    @Internal
    public OutputContainer open(OutputFile claimed) {
        if (hls != null) {
            try {
                java.nio.file.Files.createDirectories(hls.directory());
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("cannot create the HLS directory " + hls.directory() + ": " + e, e);
            }
            return OutputContainer.toUrl(file.toString(), "hls", null);
        }
        if (file != null) {
            if (claimed == null) throw new IllegalStateException("a file output is opened through JobContext.claimOutput");
            return OutputContainer.toUrl(claimed.writePath().toString(), container.muxer());
        }
        return OutputContainer.consuming(sink.get(), container.muxer());
    }

    /**
     * Same output, another file (for rotation); overwriting and options are kept.
     *
     * @param other the new file
     * @return a copy writing to it
     */
    public Output withFile(Path other) {
        if (file == null) throw new IllegalStateException("only file outputs can change file");
        if (hls != null) {
            // Another playlist in the same directory; its segments are named after it, so none is overwritten.
            Output o = hls(hls.playlistName(other.getFileName().toString()));
            Map<String, String> m = new LinkedHashMap<>(options);
            m.putAll(o.options);
            return new Output(o.file, null, o.description, container, m, unknownOptions, overwrite, o.hls);
        }
        return new Output(other, null, other.toString(), container, new LinkedHashMap<>(options), unknownOptions, overwrite);
    }

    @Override
    public String toString() {
        return hls != null ? hls.toString() : description + " (" + container + ")";
    }
}
