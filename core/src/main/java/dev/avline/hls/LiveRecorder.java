package dev.avline.hls;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.avline.Container;
import dev.avline.Input;
import dev.avline.Job;
import dev.avline.JobContext;
import dev.avline.JobFailure;
import dev.avline.JobSummary;
import dev.avline.Output;
import dev.avline.events.OutputRotated;
import dev.avline.ffi.AvError;
import dev.avline.ffi.FfmpegException;
import dev.avline.ffi.InputContainer;
import dev.avline.ffi.IoContext;
import dev.avline.ffi.IoInterrupt;
import dev.avline.ffi.LogBridge;
import dev.avline.ffi.MediaType;
import dev.avline.ffi.Packet;
import dev.avline.ffi.Rational;
import dev.avline.ffi.StreamInfo;
import dev.avline.ffi.Timestamps;
import dev.avline.remux.CopyAnalysis;
import dev.avline.remux.CopyWriter;

/**
 * Records a live (or VOD/EVENT) HLS presentation into one continuous output with avline's own HLS
 * client: it reads the playlists itself ({@link PlaylistParser}), fetches every segment whole and
 * checked ({@link HttpFetcher}), and feeds each run of segments straight to the segment demuxer
 * (MPEG-TS, fragmented MP4 after its init section, packed audio), as players and streamlink do. A
 * demuxer therefore never sees the network: an outage, a 5xx, a reset or a short body is handled
 * before it, and a demuxer's read just waits for the next whole segment.
 *
 * <p>A master playlist's variant is chosen by {@link Input#variant} and its alternate audio
 * rendition (the DEFAULT one of its AUDIO group) is recorded beside it: each has its own
 * {@link RenditionReader} and demuxer, and their packets are interleaved by time. At a boundary
 * (discontinuity, new init section, restarted numbering) a fresh demuxer continues; the output's
 * timeline continues with DTS strictly increasing ({@link CopyWriter}), lost media is closed up and
 * reported once as a gap, and a file output whose streams change (codec, picture size, audio
 * layout) continues in a new file ({@link OutputRotated}). VOD and EVENT playlists are recorded
 * from their first segment and end at {@code #EXT-X-ENDLIST}.
 */
@dev.avline.Internal
public final class LiveRecorder implements Job {
    private static final Logger LOG = LoggerFactory.getLogger(LiveRecorder.class);
    /** Options of FFmpeg's hls demuxer: avline's client does what they did (live_start_index is honoured). */
    private static final java.util.Set<String> HLS_DEMUXER_OPTIONS = java.util.Set.of("live_start_index", "allowed_extensions",
            "extension_picky", "max_reload", "m3u8_hold_counters", "http_persistent", "http_multiple", "http_seekable",
            "seg_format_options", "seg_max_retry", "reconnect", "reconnect_streamed", "reconnect_on_network_error",
            "reconnect_on_http_error", "reconnect_delay_max", "reconnect_max_retries", "reconnect_delay_total_max",
            "respect_retry_after", "reconnect_at_eof", "protocol_whitelist", "protocol_blacklist");
    /** Audio/video jumps over this are lost media: the output closes up over them. */
    private static final Duration CLOSE_GAPS_OVER = Duration.ofMillis(250);
    private static final int MAX_MASTER_DEPTH = 2;

    private final Input input;
    private final Output output;
    private final LiveSettings settings;

    private LiveContext live;
    private CopyWriter writer;
    private Output currentOutput;
    private int fileIndex;
    private double doneSeconds;
    private long doneBytes;
    private long donePackets;
    private ProgressTicker ticker;
    private boolean writing;
    private List<StreamInfo> writerStreams = List.of(); // the streams the writer is attached to, by writer index
    private final Runnable reportWriter = () -> writer.maybeReportProgress(false);

    public LiveRecorder(Input input, Output output, LiveSettings settings) {
        if (input.url() == null) throw new IllegalArgumentException("live recording needs an http(s) URL input, not " + input);
        this.input = input;
        this.output = output;
        this.settings = settings;
    }

    private enum Outcome { END, LIMIT, STOPPED }

    /** A failure of the output (disk full, a muxer error). */
    private static final class OutputFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        OutputFailure(RuntimeException cause) {
            super(cause.getMessage(), cause);
        }
    }

    /** One rendition being read: its reader, the demuxer of its current run, and the packet it offers next. */
    private static final class Slot {
        final RenditionReader reader;
        boolean dropsAudio;       // the variant's own audio, when an alternate audio rendition replaces it
        InputContainer in;
        SegmentFeed feed;
        RenditionReader.Run run;
        final Packet head = new Packet();
        boolean hasHead;
        long offsetMicros;     // added to this slot's timestamps (packed audio's ID3 clock)
        int base;              // the writer's stream index of this slot's stream 0
        boolean done;

        Slot(RenditionReader reader, boolean dropsAudio) {
            this.reader = reader;
            this.dropsAudio = dropsAudio;
        }

        void closeInput() {
            if (in != null) in.close();
            in = null;
            feed = null;
        }
    }

    @Override
    public JobSummary run(JobContext ctx) throws Exception {
        live = new LiveContext(ctx, input, settings, this::heartbeat);
        Runnable onStop = live::stop;
        ctx.onStop(onStop);
        ticker = ProgressTicker.start(ctx, () -> live.outage.recoveries());
        currentOutput = output;
        List<Slot> slots = new ArrayList<>();
        try {
            String refused = live.guard.refusal(input.url(), null);
            if (refused != null) throw new UrlRefused(input.url(), refused);
            for (RenditionReader r : resolve()) slots.add(new Slot(r, false));
            if (slots.size() > 1) slots.set(0, new Slot(slots.get(0).reader, true));
            Outcome outcome = record(slots, ctx);
            for (Slot s : slots) s.reader.finish();
            LOG.debug("{}: ended ({})", ctx.name(), outcome);
        } catch (Stopped e) {
            LOG.debug("{}: stopped before the first playlist loaded", ctx.name());
        } catch (PlaylistException e) {
            throw failure(new FfmpegException("record live input", AvError.INVALIDDATA.code(), input.url(), e.getMessage(), null));
        } catch (OutputFailure e) {
            throw failure(e.getCause());
        } catch (RuntimeException e) {
            // A stop that came while the input was failing (an outage running out) ends the recording
            // as stopped: what was recorded is finalized below.
            if (!ctx.stopRequested()) throw failure(e);
            LOG.debug("{}: stopped while the input failed: {}", ctx.name(), e.getMessage());
        } finally {
            ticker.close();
            ctx.removeStopHook(onStop);
            for (Slot s : slots) {
                s.closeInput();
                s.head.close();
            }
        }
        closeWriter();
        if (writer != null) writer.maybeReportProgress(true);
        if (writer == null && !ctx.stopRequested()) {
            throw new JobFailure(FfmpegException.invalid("record live input", input.url(),
                    "the playlist ended before any media could be recorded"), summary());
        }
        return summary();
    }

    private JobFailure failure(Throwable cause) {
        ticker.close();
        try {
            closeWriter();
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
        return new JobFailure(cause, summary());
    }

    // ------------------------------------------------------------------ master playlists

    /** The readers to record: the media playlist, or a master's variant and its alternate audio. */
    private List<RenditionReader> resolve() {
        String url = input.url();
        String referrer = null;
        Map<String, String> variables = Map.of();
        for (int depth = 0; depth <= MAX_MASTER_DEPTH; depth++) {
            LoadedPlaylist loaded = loadFirst(url, referrer, variables);
            if (loaded.playlist instanceof MediaPlaylist media) {
                return List.of(new RenditionReader(live, "main", url, referrer, variables, media, this::outputSeconds));
            }
            MasterPlaylist master = (MasterPlaylist) loaded.playlist;
            VariantStream v = VariantChoice.choose(master, input.variant());
            LOG.info("{}: variant {} bit/s{} of {}", live.job.name(), v.bandwidth(),
                    v.resolution() == null ? "" : " " + v.resolution(), master.variants().size());
            reportSkippedRenditions(master, v);
            Rendition audio = VariantChoice.audioFor(master, v);
            if (audio != null && !audio.uri().equals(v.uri())) {
                String why = live.guard.refusal(audio.uri(), master.url());
                if (why != null) throw new UrlRefused(audio.uri(), why);
                LoadedPlaylist variant = loadFirst(v.uri(), master.url(), master.variables());
                LoadedPlaylist alt = loadFirst(audio.uri(), master.url(), master.variables());
                if (!(variant.playlist instanceof MediaPlaylist vm) || !(alt.playlist instanceof MediaPlaylist am)) {
                    throw new PlaylistException("a master playlist names another master playlist");
                }
                LOG.info("{}: alternate audio '{}'{}", live.job.name(), audio.name(), audio.language() == null ? "" : " (" + audio.language() + ")");
                return List.of(
                        new RenditionReader(live, "main", v.uri(), master.url(), master.variables(), vm, this::outputSeconds),
                        new RenditionReader(live, "audio '" + audio.name() + "'", audio.uri(), master.url(), master.variables(), am,
                                this::outputSeconds));
            }
            referrer = master.url();
            variables = master.variables();
            url = v.uri();
        }
        throw new PlaylistException("master playlists nested more than " + MAX_MASTER_DEPTH + " deep");
    }

    private record LoadedPlaylist(ParsedPlaylist playlist) {
    }

    /**
     * The first load of a playlist: retried within the outage budget on errors another attempt may
     * fix; failed at once on those it cannot (4xx, not a playlist, a playlist avline cannot record).
     */
    private LoadedPlaylist loadFirst(String url, String referrer, Map<String, String> variables) {
        String refused = live.guard.refusal(url, referrer);
        if (refused != null) throw new UrlRefused(url, refused);
        BodyBuffer b = new BodyBuffer();
        long backoff = Math.max(50, settings.reopenBackoffMax().toMillis() / 8);
        while (true) {
            FetchResult r = live.http.fetch(url, referrer, null, settings.maxPlaylistBytes(), b);
            if (r.ok()) {
                return new LoadedPlaylist(PlaylistParser.parse(b.array(), b.length(), r.finalUrl(), variables));
            }
            if (r.outcome() == FetchResult.Outcome.CANCELLED) throw new Stopped();
            if (r.permanent(settings.retriedHttpStatuses()::contains)) {
                if (r.outcome() == FetchResult.Outcome.REFUSED) throw new UrlRefused(url, r.detail());
                throw new FfmpegException("fetch live playlist", r.avError(), url, r.describe(), null);
            }
            live.outage.failure("playlist " + dev.avline.ffi.Urls.redact(url) + ": " + r.describe());
            live.checkOutageBudget(url);
            if (!live.sleep(backoff)) throw new Stopped();
            backoff = Math.min(backoff * 2, settings.reopenBackoffMax().toMillis());
        }
    }

    /** Stopped while the first playlist was loading: nothing to record, and not a failure. */
    private static final class Stopped extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stopped() {
            super("stopped", null, false, false);
        }
    }

    private void reportSkippedRenditions(MasterPlaylist master, VariantStream v) {
        if (v.subtitles() == null) return;
        for (Rendition r : master.renditions()) {
            if ("SUBTITLES".equals(r.type()) && v.subtitles().equals(r.groupId())) {
                live.job.emit(new dev.avline.events.StreamSkipped(Instant.now(), -1, "subtitle", "webvtt",
                        "subtitle rendition '" + r.name() + "' is not recorded (only audio and video are)"));
            }
        }
    }

    // ------------------------------------------------------------------ recording

    private Outcome record(List<Slot> slots, JobContext ctx) {
        for (Slot s : slots) openRun(s);
        slots.removeIf(s -> s.done && s.in == null);
        if (slots.isEmpty()) return Outcome.END;
        if (slots.size() == 1) slots.get(0).dropsAudio = false; // the alternate audio has nothing: keep the variant's own
        attachAll(slots, ctx, true);
        while (true) {
            Slot next = null;
            long nextTime = Long.MAX_VALUE;
            boolean reattach = false;
            for (int i = 0; i < slots.size(); i++) { // an index, not an iterator: this runs per packet
                Slot s = slots.get(i);
                if (s.done) continue;
                while (!s.hasHead && !s.done) {
                    if (readHead(s)) break;
                    reattach |= endOfRun(s);
                }
                if (s.hasHead) {
                    long t = timeOf(s);
                    if (next == null || t < nextTime) {
                        next = s;
                        nextTime = t;
                    }
                }
            }
            if (reattach) attachAll(slots, ctx, false);
            if (next == null) return live.stopped() ? Outcome.STOPPED : Outcome.END;
            write(next, ctx);
            // Every audio and video stream ends at the limit (CopyWriter.limit), not the first to reach it.
            if (writer.limitReached()) return Outcome.LIMIT;
            if (settings.maxBytes() > 0 && doneBytes + writer.muxer().bytesWritten() >= settings.maxBytes()) return Outcome.LIMIT;
        }
    }

    /** Opens a demuxer on the slot's next run; marks the slot done when its playlist has ended. */
    private void openRun(Slot s) {
        while (true) {
            RenditionReader.Run run = s.reader.prepareRun();
            if (run == null) {
                s.done = true;
                return;
            }
            SegmentFeed feed = new SegmentFeed(s.reader, run.init());
            try (AutoCloseable quiet = CopyAnalysis.expectRefusedDecoders()) {
                s.in = InputContainer.consuming(IoContext.reading(feed), s.reader.name() + " segments from "
                        + dev.avline.ffi.Urls.redact(run.first().uri())).format(run.format())
                        .options(demuxerOptions()).unknownOptions(input.unknownOptionsPolicy())
                        .interrupt(new IoInterrupt()).open();
            } catch (FfmpegException e) {
                if (s.reader.fatal() != null) throw s.reader.fatal();
                if (live.stopped()) {
                    s.done = true;
                    return;
                }
                if (e.error() == AvError.OPTION_NOT_FOUND) throw e;
                // Not media FFmpeg can read: the rest of this run is skipped, the next run is tried.
                LOG.warn("{}: {} segment {} cannot be demuxed ({}): skipping to the next run", live.job.name(),
                        s.reader.name(), run.first().sequence(), e.getMessage());
                drain(feed);
                continue;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            s.feed = feed;
            s.run = run;
            s.offsetMicros = run.startTime90k() >= 0 ? run.startTime90k() * 100 / 9 : 0;
            return;
        }
    }

    /** Reads what is left of a run nobody can demux, so the reader moves on to the next run. */
    private static void drain(SegmentFeed feed) {
        byte[] scratch = new byte[65536];
        while (feed.read(scratch, 0, scratch.length) > 0) {
            // discard
        }
    }

    private boolean readHead(Slot s) {
        try {
            boolean got = s.in.read(s.head);
            if (got) s.hasHead = true;
            return got;
        } catch (FfmpegException e) {
            if (s.reader.fatal() != null) throw s.reader.fatal();
            if (live.stopped()) return false;
            // A demuxer that failed on damaged media: what it read is written; the next run continues after it.
            LOG.warn("{}: {} demuxer failed ({}): continuing with the next segment", live.job.name(), s.reader.name(), e.getMessage());
            return false;
        }
    }

    /** The slot's demuxer ended: at a boundary a new one continues; true when the writer must re-attach. */
    private boolean endOfRun(Slot s) {
        if (s.reader.fatal() != null) throw s.reader.fatal();
        RenditionReader.Advance how = s.feed == null ? null : s.feed.endedWith();
        s.closeInput();
        if (live.stopped()) {
            s.done = true;
            return false;
        }
        if (how == RenditionReader.Advance.END) {
            s.done = true;
            return false;
        }
        openRun(s);
        return !s.done;
    }

    private long timeOf(Slot s) {
        long dts = s.head.dts() != Timestamps.NOPTS ? s.head.dts() : s.head.pts();
        if (dts == Timestamps.NOPTS) return Long.MIN_VALUE;
        return s.in.stream(s.head.streamIndex()).timeBase().rescale(dts, Rational.MICROS) + s.offsetMicros;
    }

    // ------------------------------------------------------------------ write

    /** Maps every slot's streams to the output (a new output at the start, or after a rotation). */
    private void attachAll(List<Slot> slots, JobContext ctx, boolean first) {
        List<StreamInfo> streams = new ArrayList<>();
        for (Slot s : slots) {
            s.base = streams.size();
            if (s.in == null) continue;
            for (StreamInfo st : s.in.streams()) {
                boolean dropped = s.dropsAudio && st.type() == MediaType.AUDIO;
                streams.add(dropped ? null : st);
            }
        }
        writerStreams = streams;
        if (writer == null) {
            writer = newWriter(currentOutput, ctx);
            writer.attachStreams(streams, input.url(), true);
            return;
        }
        String mismatch = writer.mismatch(streams);
        if (mismatch != null && output.file() != null) {
            rotate(streams, ctx, "codec parameters changed: " + mismatch);
            return;
        }
        if (mismatch != null) {
            LOG.warn("{}: codec parameters changed ({}) but {} cannot be rotated: continuing in it",
                    ctx.name(), mismatch, output.description());
        }
        boolean sameClock = true;
        for (Slot s : slots) {
            if (s.run != null && s.run.first().discontinuity()) sameClock = false;
        }
        writer.attachStreams(streams, input.url(), sameClock && !first);
    }

    private void write(Slot s, JobContext ctx) {
        Packet p = s.head;
        s.hasHead = false;
        int index = s.base + p.streamIndex();
        if (!writer.isMapped(index)) {
            p.unref();
            return;
        }
        if (s.offsetMicros != 0) shift(s, p);
        live.outage.media();
        writing = true;
        try {
            maybeRotate(s, p, ctx);
            p.setStreamIndex(s.base + p.streamIndex());
            writer.write(p);
        } catch (RuntimeException e) {
            throw new OutputFailure(e);
        } finally {
            writing = false;
        }
    }

    /** Packed audio: its demuxer counts from 0; the segment's ID3 timestamp says where it really is. */
    private static void shift(Slot s, Packet p) {
        Rational tb = s.in.stream(p.streamIndex()).timeBase();
        long by = Rational.MICROS.rescale(s.offsetMicros, tb);
        long pts = p.pts() == Timestamps.NOPTS ? Timestamps.NOPTS : p.pts() + by;
        long dts = p.dts() == Timestamps.NOPTS ? Timestamps.NOPTS : p.dts() + by;
        p.setTimestamps(pts, dts, p.duration());
    }

    private CopyWriter newWriter(Output out, JobContext ctx) {
        CopyWriter w = new CopyWriter(out, ctx).closingGapsOver(CLOSE_GAPS_OVER).reportingReconnects(() -> live.outage.recoveries());
        double max = settings.maxDuration() != null ? settings.maxDuration().toNanos() / 1e9
                : ctx.maxDuration() != null ? ctx.maxDuration().toNanos() / 1e9 : Double.POSITIVE_INFINITY;
        if (max != Double.POSITIVE_INFINITY) w.limit(Math.max(0, max - doneSeconds)); // what is left after earlier files
        return w;
    }

    private void maybeRotate(Slot s, Packet packet, JobContext ctx) {
        if (output.file() == null) return;
        boolean byTime = settings.rotateEvery() != null && writer.mediaSeconds() >= settings.rotateEvery().toNanos() / 1e9;
        boolean bySize = settings.rotateAtBytes() > 0 && writer.muxer().bytesWritten() >= settings.rotateAtBytes();
        if (!byTime && !bySize) return;
        boolean video = s.in.stream(packet.streamIndex()).type() == MediaType.VIDEO;
        boolean hasVideo = s.in.streams().stream().anyMatch(st -> st.type() == MediaType.VIDEO);
        if (hasVideo && !(video && packet.isKeyFrame())) return; // cut where the new file can start decoding
        rotate(writerStreams, ctx, byTime ? "duration" : "size");
    }

    private void rotate(List<StreamInfo> streams, JobContext ctx, String why) {
        double seconds = writer.mediaSeconds();
        String previous = currentOutput.description();
        closeWriter();
        fileIndex++;
        // Without overwrite an existing NAME-00N file is never touched: the next free number is used.
        while (!output.overwrites() && java.nio.file.Files.exists(numbered(output.file(), fileIndex))) fileIndex++;
        currentOutput = output.withFile(numbered(output.file(), fileIndex));
        writer = newWriter(currentOutput, ctx);
        writer.attachStreams(streams, input.url(), true);
        LOG.info("{}: continuing in {} ({})", ctx.name(), currentOutput.description(), why);
        ctx.emit(new OutputRotated(Instant.now(), previous, currentOutput.description(), why, seconds));
    }

    static Path numbered(Path file, int index) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : "";
        return file.resolveSibling(String.format("%s-%03d%s", stem, index, ext));
    }

    private void closeWriter() {
        if (writer == null) return;
        CopyWriter w = writer;
        boolean open = w.muxer() != null && !w.muxer().isClosed();
        try {
            w.close();
        } finally {
            if (open) {
                JobSummary s = w.summary();
                doneSeconds += s.mediaSeconds();
                doneBytes += s.bytes();
                donePackets += s.packets();
            }
        }
    }

    private double outputSeconds() {
        return doneSeconds + (writer == null || writer.muxer() == null || writer.muxer().isClosed() ? 0 : writer.mediaSeconds());
    }

    private JobSummary summary() {
        boolean open = writer != null && writer.muxer() != null && !writer.muxer().isClosed();
        double seconds = doneSeconds + (open ? writer.mediaSeconds() : 0);
        long bytes = doneBytes + (open ? writer.muxer().bytesWritten() : 0);
        long packets = donePackets + (open ? writer.packets() : 0);
        return new JobSummary(output.description(), seconds, bytes, packets);
    }

    private Map<String, String> demuxerOptions() {
        Map<String, String> m = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : input.options().entrySet()) {
            if (RequestProfile.REQUEST_OPTIONS.contains(e.getKey()) || HLS_DEMUXER_OPTIONS.contains(e.getKey())) continue;
            m.put(e.getKey(), e.getValue());
        }
        m.putIfAbsent("format_whitelist", SegmentFormat.ALLOWED);
        // A stream copy needs no frame-rate probe (it would wait for more segments at the live edge)
        // and, into MPEG-TS, no video decoding: timestamps carry timing (remux.CopyAnalysis).
        m.putIfAbsent("fpsprobesize", "0");
        if (output.container() == Container.MPEGTS) m.putIfAbsent("codec_whitelist", CopyAnalysis.AUDIO_DECODERS);
        return m;
    }

    /**
     * A progress snapshot when one is due, made on the recording's thread while it waits (between
     * attempts, while a playlist has nothing new), so that progress keeps coming during an outage.
     */
    private void heartbeat() {
        if (writing || ticker == null) return;
        ticker.beat(writer == null || writer.muxer() == null || writer.muxer().isClosed() ? null : reportWriter);
    }
}
