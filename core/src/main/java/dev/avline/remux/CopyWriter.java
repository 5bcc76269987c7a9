package dev.avline.remux;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;

import dev.avline.Container;
import dev.avline.JobContext;
import dev.avline.JobSummary;
import dev.avline.Output;
import dev.avline.Progress;
import dev.avline.events.Discontinuity;
import dev.avline.events.StreamSkipped;
import dev.avline.ffi.BitstreamFilter;
import dev.avline.ffi.CodecResult;
import dev.avline.ffi.FfmpegException;
import dev.avline.ffi.InputContainer;
import dev.avline.ffi.MediaType;
import dev.avline.ffi.OutputContainer;
import dev.avline.ffi.Packet;
import dev.avline.ffi.Rational;
import dev.avline.ffi.StreamInfo;

/**
 * The output side of a stream copy: maps input streams to output streams, keeps the timeline
 * continuous ({@link Timeline}), rescales and writes packets, and counts what was written.
 * An input can be re-attached (a re-opened live input): its streams are matched to the existing
 * output streams by type and order, and the timeline continues without a jump.
 */
@dev.avline.Internal
public final class CopyWriter implements AutoCloseable {
    private static final long MAX_FORWARD_GAP_MICROS = 10_000_000;
    /** How far past a limit one stream may get while another has not reached it yet. */
    private static final double STRAGGLER_SECONDS = 5;

    private final Output output;
    private final JobContext context;
    private OutputContainer muxer;                // opened by the first attach, once the streams are known to fit
    private dev.avline.OutputFile claimed;        // the file output, null for streams
    private final List<StreamInfo> outputSources = new ArrayList<>(); // the input streams the output was made from
    private int[] map = new int[0];               // input stream index → output stream index, -1 = dropped
    private Rational[] inputTimeBases = new Rational[0];
    private Rational[] outputTimeBases;
    private Timeline timeline;
    private final long[] adjusted = new long[2];
    private long packets;
    private long videoPackets;
    private double writtenEndSeconds = Double.NEGATIVE_INFINITY; // output time, end of the latest-ending packet
    private boolean headerWritten;
    private long nextProgressNanos;
    private boolean failed;
    private BiPredicate<InputContainer, StreamInfo> skip;
    private long finalBytes;
    private final List<BitstreamFilter> filters = new ArrayList<>(); // by output stream, null = none
    private Packet filtered;
    private double limitSeconds = Double.POSITIVE_INFINITY;
    private boolean[] reachedLimit = new boolean[0]; // by output stream
    private int mediaStreams;                        // audio and video output streams
    private int mediaStreamsAtLimit;
    private boolean limitReached;
    private long avForwardGapMicros;
    private java.util.function.LongSupplier reconnects = () -> 0;

    public CopyWriter(Output output, JobContext context) {
        this.output = output;
        this.context = context;
    }

    /**
     * Attaches an input: the first one decides the output's streams (and writes the header); a later
     * one (a re-opened input) must have streams of the same types and codecs.
     */
    public void attach(InputContainer input) {
        attach(input, false);
    }

    /**
     * As {@link #attach(InputContainer)}; {@code sameClock} says a re-attached input continues the
     * previous one's timestamps (a re-opened live stream from the same origin): the timeline then
     * keeps its offset unless the timestamps really jump, so audio and video stay exactly in sync.
     */
    public void attach(InputContainer input, boolean sameClock) {
        List<StreamInfo> streams = new ArrayList<>(input.streams());
        for (int i = 0; i < streams.size(); i++) {
            if (isDiscarded(input, streams.get(i))) streams.set(i, null);
        }
        attachStreams(streams, input.url(), sameClock);
    }

    /**
     * As {@link #attach(InputContainer, boolean)} for streams that may come from several inputs (a
     * live variant and its alternate audio rendition): {@code streams.get(i)} is what packets with
     * stream index {@code i} belong to (the caller numbers them so), null for a stream to drop.
     *
     * @param source names the input(s) in messages
     */
    public void attachStreams(List<StreamInfo> streams, String source, boolean sameClock) {
        int[] newMap = new int[streams.size()];
        java.util.Arrays.fill(newMap, -1);
        if (!headerWritten) {
            // Check every stream before the output is opened: an input that cannot be copied must
            // not truncate (and then delete) a file that is already there.
            List<StreamInfo> copied = new ArrayList<>();
            List<Integer> positions = new ArrayList<>();
            for (int i = 0; i < streams.size(); i++) {
                StreamInfo s = streams.get(i);
                if (s == null) continue;
                String why = null;
                if (s.type() == MediaType.VIDEO || s.type() == MediaType.AUDIO
                        || s.type() == MediaType.SUBTITLE || s.type() == MediaType.DATA) {
                    why = ContainerCodecs.whyNot(output.container(), s);
                    if (why != null && (s.type() == MediaType.VIDEO || s.type() == MediaType.AUDIO)) {
                        failed = true;
                        throw FfmpegException.invalid("copy stream #" + i, null,
                                why + " (stream #" + i + "): " + ContainerCodecs.advice(output.container(), s));
                    }
                } else {
                    why = "attachments and unknown streams are not copied";
                }
                if (why != null) {
                    context.emit(new StreamSkipped(Instant.now(), i, s.type().name().toLowerCase(), s.codecName(), why));
                    continue;
                }
                copied.add(s);
                positions.add(i);
            }
            if (copied.isEmpty()) {
                failed = true;
                throw FfmpegException.invalid("copy", source, "the input has no audio or video stream to copy");
            }
            if (muxer == null) {
                claimed = context.claimOutput(output); // an existing file is refused or left alone (see OutputFile)
                muxer = output.open(claimed);
            }
            for (int k = 0; k < copied.size(); k++) {
                StreamInfo s = copied.get(k);
                newMap[positions.get(k)] = muxer.addStreamCopying(s);
                outputSources.add(s);
                filters.add(bitstreamFilterFor(s));
            }
            try {
                muxer.writeHeader(headerOptions(), output.unknownOptionsPolicy());
            } catch (RuntimeException e) {
                failed = true;
                throw e;
            }
            headerWritten = true;
            reachedLimit = new boolean[outputSources.size()];
            for (StreamInfo s : outputSources) {
                if (s.type() == MediaType.VIDEO || s.type() == MediaType.AUDIO) mediaStreams++;
            }
            outputTimeBases = new Rational[outputSources.size()];
            for (int i = 0; i < outputTimeBases.length; i++) outputTimeBases[i] = muxer.timeBase(i);
            Rational[] tbs = new Rational[outputSources.size()];
            for (int i = 0; i < tbs.length; i++) tbs[i] = outputSources.get(i).timeBase();
            boolean copyTs = "1".equals(output.options().get("mpegts_copyts"));
            timeline = new Timeline(tbs, MAX_FORWARD_GAP_MICROS, copyTs);
            if (avForwardGapMicros > 0) {
                for (int i = 0; i < tbs.length; i++) {
                    MediaType t = outputSources.get(i).type();
                    if (t == MediaType.VIDEO || t == MediaType.AUDIO) timeline.maxForwardGap(i, avForwardGapMicros);
                }
            }
        } else {
            boolean[] used = new boolean[outputSources.size()];
            for (int i = 0; i < streams.size(); i++) {
                StreamInfo s = streams.get(i);
                if (s == null) continue;
                for (int o = 0; o < outputSources.size(); o++) {
                    StreamInfo target = outputSources.get(o);
                    if (!used[o] && target.type() == s.type() && target.codecId() == s.codecId()) {
                        used[o] = true;
                        newMap[i] = o;
                        break;
                    }
                }
            }
            if (!sameClock) timeline.expectDiscontinuity();
        }
        map = newMap;
        inputTimeBases = new Rational[streams.size()];
        for (int i = 0; i < streams.size(); i++) {
            if (streams.get(i) != null) inputTimeBases[i] = streams.get(i).timeBase();
        }
    }

    /**
     * ADTS AAC (from TS, HLS TS segments, raw .aac) has no AudioSpecificConfig; MP4 needs one. The
     * MP4 muxer's own automatic filter is off with an empty moov, so avline converts it itself.
     */
    private BitstreamFilter bitstreamFilterFor(StreamInfo s) {
        if (output.container() == Container.FRAGMENTED_MP4 && "aac".equals(s.codecName()) && s.extradataSize() == 0) {
            if (filtered == null) filtered = new Packet();
            return BitstreamFilter.open("aac_adtstoasc", s);
        }
        return null;
    }

    /** The moov must wait for the AudioSpecificConfig the filter derives from the first packet. */
    private Map<String, String> headerOptions() {
        boolean delay = filters.stream().anyMatch(f -> f != null);
        if (!delay || output.isHls()) return output.options(); // the hls muxer delays its fMP4 moov itself
        Map<String, String> opts = new java.util.LinkedHashMap<>(output.options());
        String flags = opts.getOrDefault("movflags", "");
        if (!flags.contains("delay_moov")) opts.put("movflags", flags + "+delay_moov");
        return opts;
    }

    /**
     * Audio and video forward jumps longer than {@code d} are closed up (lost media: the output
     * stays continuous) instead of kept as a hole; call before the first {@link #attach}.
     */
    public CopyWriter closingGapsOver(java.time.Duration d) {
        this.avForwardGapMicros = d.toNanos() / 1000;
        return this;
    }

    /** Where progress snapshots get their reconnect count (a live recording's re-opens); 0 by default. */
    public CopyWriter reportingReconnects(java.util.function.LongSupplier count) {
        this.reconnects = java.util.Objects.requireNonNull(count);
        return this;
    }

    /**
     * Why {@code input} cannot continue this output (a stream's codec or picture size differs from
     * the one the output was made for), or null when it can.
     */
    public String mismatch(InputContainer input) {
        List<StreamInfo> streams = new ArrayList<>();
        for (StreamInfo s : input.streams()) streams.add(isDiscarded(input, s) ? null : s);
        return mismatch(streams);
    }

    /** As {@link #mismatch(InputContainer)} for streams numbered as in {@link #attachStreams}. */
    public String mismatch(List<StreamInfo> streams) {
        if (!headerWritten) return null;
        boolean[] used = new boolean[outputSources.size()];
        for (StreamInfo s : streams) {
            if (s == null || (s.type() != MediaType.VIDEO && s.type() != MediaType.AUDIO)) continue;
            boolean found = false;
            for (int o = 0; o < outputSources.size() && !found; o++) {
                StreamInfo t = outputSources.get(o);
                if (used[o] || t.type() != s.type()) continue;
                used[o] = true;
                found = true;
                if (t.codecId() != s.codecId()) return s.type().name().toLowerCase() + " codec " + t.codecName() + " → " + s.codecName();
                if (s.type() == MediaType.VIDEO && (t.width() != s.width() || t.height() != s.height())) {
                    return "picture size " + t.width() + "x" + t.height() + " → " + s.width() + "x" + s.height();
                }
                if (s.type() == MediaType.AUDIO && (t.sampleRate() != s.sampleRate() || t.channels() != s.channels())) {
                    return "audio " + t.sampleRate() + " Hz " + t.channels() + " ch → " + s.sampleRate() + " Hz " + s.channels() + " ch";
                }
            }
            if (!found) return "a new " + s.type().name().toLowerCase() + " stream (" + s.codecName() + ")";
        }
        return null;
    }

    private boolean isDiscarded(InputContainer input, StreamInfo s) {
        return skip != null && skip.test(input, s);
    }

    /** Drops input streams for which {@code filter} is true (for HLS: the variants not chosen). */
    public CopyWriter skipping(BiPredicate<InputContainer, StreamInfo> filter) {
        this.skip = filter;
        return this;
    }

    /**
     * Ends the output at {@code seconds} of output time: packets that start at or after it are
     * dropped, so every stream ends there (not only the one that got there first).
     */
    public CopyWriter limit(double seconds) {
        this.limitSeconds = seconds;
        return this;
    }

    /**
     * True once every audio and video stream has reached the limit, or one stream is far past it
     * (a stream that stopped must not keep the job reading forever).
     */
    public boolean limitReached() {
        return limitReached;
    }

    /** Marks the copy as failed: a file output that got no packet is then deleted on close. */
    public void markFailed() {
        failed = true;
    }

    /** {@return the output stream that packets of this input stream go to, or -1 when they are dropped} */
    public int outputStreamOf(int inputStream) {
        return inputStream < map.length ? map[inputStream] : -1;
    }

    /** {@return true when packets of this input stream are written} */
    public boolean isMapped(int inputStream) {
        return inputStream < map.length && map[inputStream] >= 0;
    }

    /**
     * Writes one packet read from the attached input (its reference is taken: the packet is blank
     * afterwards). Packets of dropped streams are released and ignored.
     */
    public void write(Packet packet) {
        int in = packet.streamIndex();
        int out = in < map.length ? map[in] : -1;
        if (out < 0) {
            packet.unref();
            return;
        }
        Rational inTb = inputTimeBases[in];
        Rational sourceTb = outputSources.get(out).timeBase();
        long pts = packet.pts();
        long dts = packet.dts();
        long duration = packet.duration();
        if (!inTb.equals(sourceTb)) {
            pts = inTb.rescale(pts, sourceTb);
            dts = inTb.rescale(dts, sourceTb);
            duration = duration > 0 ? inTb.rescale(duration, sourceTb) : duration;
        }
        Timeline.Adjustment a = timeline.adjust(out, pts, dts, duration, adjusted);
        if (a == Timeline.Adjustment.REBASED) {
            context.emit(new Discontinuity(Instant.now(), in, timeline.lastJumpSeconds(),
                    timeline.lastJumpOutputSeconds(), "timestamp jump in the input"));
        }
        if (limitSeconds != Double.POSITIVE_INFINITY && atLimit(out, sourceTb.seconds(adjusted[1]))) {
            packet.unref();
            return;
        }
        packet.setTimestamps(adjusted[0], adjusted[1], duration);
        packet.setStreamIndex(out);
        packet.rescale(sourceTb, outputTimeBases[out]);
        BitstreamFilter bsf = filters.get(out);
        if (bsf == null) {
            muxer.write(packet);
        } else {
            bsf.send(packet);
            while (bsf.receive(filtered) == CodecResult.OK) {
                filtered.setStreamIndex(out);
                muxer.write(filtered);
            }
        }
        packets++;
        double end = sourceTb.seconds(adjusted[1] + Math.max(0, duration));
        if (end > writtenEndSeconds) writtenEndSeconds = end;
        if (outputSources.get(out).type() == MediaType.VIDEO) videoPackets++;
        maybeReportProgress(false);
    }

    /** Output time of a packet, measured from where the output timeline starts (0, or the input's start with copyts). */
    private boolean atLimit(int out, double dtsSeconds) {
        double t = dtsSeconds - timeline.startSeconds();
        if (t < limitSeconds) return false;
        if (!reachedLimit[out]) {
            reachedLimit[out] = true;
            MediaType type = outputSources.get(out).type();
            if (type == MediaType.VIDEO || type == MediaType.AUDIO) mediaStreamsAtLimit++;
        }
        if (mediaStreamsAtLimit >= mediaStreams || t >= limitSeconds + STRAGGLER_SECONDS) limitReached = true;
        return true;
    }

    /** {@return media time written so far, in seconds} */
    public double mediaSeconds() {
        return packets == 0 ? 0 : Math.max(0, writtenEndSeconds - timeline.startSeconds());
    }

    public long packets() {
        return packets;
    }

    public Timeline timeline() {
        return timeline;
    }

    /** {@return the muxer, once the first {@link #attach(InputContainer)} opened it; null before} */
    public OutputContainer muxer() {
        return muxer;
    }

    public void maybeReportProgress(boolean last) {
        long now = System.nanoTime();
        if (!last && now - nextProgressNanos < 0) return;
        nextProgressNanos = now + context.statsPeriod().toNanos();
        double wall = Math.max(1e-9, context.elapsed().toNanos() / 1e9);
        double media = mediaSeconds();
        long bytes = muxer == null ? 0 : muxer.isClosed() ? finalBytes : muxer.bytesWritten(); // closing snapshot: the file's size
        long frames = videoPackets > 0 ? videoPackets : packets;
        context.progress(new Progress(context.elapsed(), frames, frames / wall, media, bytes,
                media > 0 ? bytes * 8 / media / 1000 : 0, media / wall, 0, 0, reconnects.getAsLong(), "none", Map.of(), last));
    }

    public JobSummary summary() {
        long bytes = muxer == null ? 0 : muxer.isClosed() ? finalBytes : muxer.bytesWritten();
        return new JobSummary(output.description(), mediaSeconds(), bytes, packets);
    }

    /**
     * Writes the trailer (if the header was written) and closes the output. What becomes of a file
     * output (kept, renamed into place, removed when it holds nothing) is decided when the job ends
     * ({@link dev.avline.OutputFile}): a partial recording is data, and an old file is never touched.
     */
    @Override
    public void close() {
        if (muxer == null || muxer.isClosed()) return;
        try {
            if (headerWritten) muxer.writeTrailer();
        } finally {
            if (headerWritten) finalBytes = muxer.bytesWritten();
            for (BitstreamFilter f : filters) {
                if (f != null) f.close();
            }
            if (filtered != null) filtered.close();
            muxer.close();
            if (claimed != null) claimed.closed(headerWritten ? packets : 0);
        }
    }
}
