package dev.avline.hls;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.avline.Input;
import dev.avline.Job;
import dev.avline.JobContext;
import dev.avline.JobFailure;
import dev.avline.JobSummary;
import dev.avline.Output;
import dev.avline.Variant;
import dev.avline.events.OutputRotated;
import dev.avline.events.Reconnect;
import dev.avline.ffi.AvError;
import dev.avline.ffi.FfmpegException;
import dev.avline.ffi.InputContainer;
import dev.avline.ffi.IoContext;
import dev.avline.ffi.IoInterrupt;
import dev.avline.ffi.MediaType;
import dev.avline.ffi.NestedOpens;
import dev.avline.ffi.Packet;
import dev.avline.ffi.Program;
import dev.avline.ffi.UrlFetch;
import dev.avline.ffi.Urls;
import dev.avline.remux.CopyWriter;

/**
 * Records a live HLS stream into one continuous output, re-opening the input whenever libavformat
 * gives up (a failed playlist reload, a stall, a segment that keeps failing) with bounded backoff
 * (62 ms doubling to {@link LiveSettings#reopenBackoffMax()}), until media flows again or the
 * outage budget is spent. Every nested open goes through a {@link LiveHook}; the output's timeline
 * continues across re-opens with DTS strictly increasing, lost media is closed up and reported once
 * ({@link dev.avline.events.Gap}), and after {@code #EXT-X-ENDLIST} the recording ends by itself.
 *
 * <p>A demuxer never crosses a boundary ({@code #EXT-X-DISCONTINUITY}, a new {@code EXT-X-MAP}, a
 * restarted media sequence): its playlist ends before it, and a fresh demuxer starts there at once.
 * When the fresh demuxer's streams differ in codec parameters (codec, picture size, sample rate,
 * channels) a file output continues in a new file ({@link OutputRotated}). Progress comes every
 * stats period, also while no packet arrives ({@link ProgressTicker}).
 */
public final class LiveRecorder implements Job {
    private static final Logger LOG = LoggerFactory.getLogger(LiveRecorder.class);
    /** Input options that belong to each HTTP request rather than to the demuxer. */
    private static final Set<String> REQUEST_KEYS = Set.of("headers", "user_agent", "referer", "cookies", "http_proxy",
            "timeout", "tls_verify", "ca_file", "cert_file", "key_file", "verifyhost", "icy", "seekable", "auth_type");
    private static final String FORMATS = "hls,mpegts,mov,mp4,m4a,3gp,3g2,mj2,aac,mp3,ac3,eac3,webvtt";
    /** Audio/video jumps over this are lost media: the output closes up over them. */
    private static final Duration CLOSE_GAPS_OVER = Duration.ofMillis(250);

    private final Input input;
    private final Output output;
    private final LiveSettings settings;
    private final AtomicReference<IoInterrupt> current = new AtomicReference<>();
    private final Object wake = new Object();

    private CopyWriter writer;
    private Output currentOutput;
    private int fileIndex;
    private double doneSeconds;
    private long doneBytes;
    private long donePackets;
    private long lastPacketNanos;            // when the last packet not written before arrived
    private volatile int reopens;            // read by the progress ticker
    private String outage;                   // why the input was re-opened, until media flows again; else null
    private boolean redelivering;            // the current demuxer starts with the segment handed over last
    private ProgressTicker ticker;
    private long droppedAgain;
    private boolean writing;                 // a packet is on its way to the muxer: no snapshot from a poll now
    private final Runnable reportWriter = () -> writer.maybeReportProgress(false);
    private long[] lastInputDts = new long[0];   // by output stream, microseconds of the input clock
    private boolean[] deduping = new boolean[0];  // by output stream: drop what was already written

    public LiveRecorder(Input input, Output output, LiveSettings settings) {
        if (input.url() == null) throw new IllegalArgumentException("live recording needs an http(s) URL input, not " + input);
        this.input = input;
        this.output = output;
        this.settings = settings;
    }

    private enum Outcome { END, LIMIT, STOPPED }

    /** A failure of the output (disk full, a muxer error): never cured by re-opening the input. */
    private static final class OutputFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        OutputFailure(RuntimeException cause) {
            super(cause.getMessage(), cause);
        }
    }

    @Override
    public JobSummary run(JobContext ctx) throws Exception {
        LiveSession session = new LiveSession(ctx, settings.urlPolicy(), input.url());
        session.outputSeconds(() -> doneSeconds + (writer == null ? 0 : writer.mediaSeconds()));
        String refused = session.checkReported(input.url());
        if (refused != null) throw new UrlRefused(input.url(), refused);
        Runnable onStop = () -> {
            IoInterrupt i = current.get();
            if (i != null) i.interrupt("stop requested");
            synchronized (wake) {
                wake.notifyAll();
            }
        };
        ctx.onStop(onStop);
        ticker = ProgressTicker.start(ctx, () -> reopens);
        currentOutput = output;
        lastPacketNanos = System.nanoTime();
        long backoffMs = Math.max(50, settings.reopenBackoffMax().toMillis() / 8);
        try {
            while (!ctx.stopRequested()) {
                IoInterrupt interrupt = new IoInterrupt();
                interrupt.onPoll(this::heartbeat);
                current.set(interrupt);
                if (ctx.stopRequested()) break;
                Outcome outcome = null;
                InputContainer in = null;
                boolean next = false; // the demuxer ended cleanly where the next one must start: at once, no outage
                try {
                    in = open(interrupt, session);
                    attach(in, ctx, redelivering);
                    outcome = pump(in, interrupt, ctx, settings.stallTimeout(session.targetDuration()).toNanos());
                    if (outcome == Outcome.END) {
                        String aborted = session.takeAbortReason(); // an interrupted demuxer may just end
                        if (aborted != null) {
                            outage = aborted;
                        } else if (session.restartPending()) {
                            next = true;
                        } else if (session.endedAtCut()) {
                            next = true;
                        } else if (!session.endListSeen()) {
                            outage = "the demuxer ended without #EXT-X-ENDLIST (a playlist reload failed)";
                        }
                    }
                } catch (FfmpegException e) {
                    if (ctx.stopRequested()) break;
                    if (fatal(e)) throw e;
                    String aborted = session.takeAbortReason();
                    outage = aborted != null ? aborted
                            : interrupt.deadlinePassed() ? "stalled: no progress for " + stallMillis(session) + " ms"
                            : e.getMessage();
                } finally {
                    if (in != null) in.close();
                }
                // The origin restarted its numbering (seen by a reload): the old demuxer has ended, however it ended.
                String restart = session.takeRestart();
                if (restart != null) session.restartNumbering(restart);
                if (outcome == Outcome.LIMIT || outcome == Outcome.STOPPED) break;
                if (next) {
                    LOG.debug("{}: next demuxer at a boundary", ctx.name());
                    continue;
                }
                if (outcome == Outcome.END && session.endListSeen()) break;
                String reason = outage;
                long quietNanos = System.nanoTime() - lastPacketNanos;
                if (quietNanos > settings.outageBudget().toNanos()) {
                    throw FfmpegException.invalid("record live input", input.url(),
                            "no media for " + quietNanos / 1_000_000_000 + " s, beyond the outage budget of "
                                    + settings.outageBudget().toSeconds() + " s; last failure: " + reason);
                }
                LOG.info("{}: re-opening {} in {} ms: {}", ctx.name(), input.description(), backoffMs, reason);
                sleep(ctx, backoffMs);
                backoffMs = Math.min(backoffMs * 2, settings.reopenBackoffMax().toMillis());
                if (System.nanoTime() - lastPacketNanos < 1_000_000_000L) backoffMs = Math.max(50, settings.reopenBackoffMax().toMillis() / 8);
            }
        } catch (RuntimeException e) {
            ticker.close();
            Throwable cause = e instanceof OutputFailure ? e.getCause() : e;
            closeWriter();
            throw new JobFailure(cause, summary());
        } finally {
            ticker.close();
            ctx.removeStopHook(onStop);
            current.set(null);
        }
        closeWriter();
        if (writer != null) writer.maybeReportProgress(true);
        return summary();
    }

    private static boolean fatal(FfmpegException e) {
        if (e instanceof UrlRefused) return true;
        AvError a = e.error();
        return a == AvError.OPTION_NOT_FOUND || a == AvError.DEMUXER_NOT_FOUND || a == AvError.MUXER_NOT_FOUND;
    }

    private long stallMillis(LiveSession session) {
        return settings.stallTimeout(session.targetDuration()).toMillis();
    }

    // ------------------------------------------------------------------ open

    private InputContainer open(IoInterrupt interrupt, LiveSession session) {
        long stall = settings.stallTimeout(session.targetDuration()).toNanos();
        interrupt.armDeadline(stall);
        Map<String, String> request = LiveHook.requestOptions(settings, requestOptionsOf(input));
        String url = input.url();
        Playlist p = fetchPlaylist(url, request, interrupt, session);
        if (p.master) {
            String variant = chooseVariant(p, input.variant());
            String why = session.checkReported(variant);
            if (why != null) throw new UrlRefused(variant, why);
            url = variant;
            p = fetchPlaylist(url, request, interrupt, session);
            if (p.master) throw FfmpegException.invalid("record live input", url, "a master playlist names another master playlist");
        }
        if (session.wentBack(p)) {
            session.restartNumbering("the media sequence went back to " + p.mediaSequence + ".." + p.lastSequence()
                    + ": the origin restarted its numbering");
        }
        session.learn(p);
        session.clearCut();
        stall = settings.stallTimeout(session.targetDuration()).toNanos();
        interrupt.armDeadline(stall);
        // avline decides where the demuxer starts (FFmpeg's live_start_index would count from the end
        // of a playlist that may now end early), and where it must stop: before the next boundary.
        long start = session.startFor(p, settings.liveStartIndex());
        redelivering = session.redelivers(start);
        List<Playlist.Segment> carried = session.carriedFor(p, start);
        long boundary = session.boundaryAfter(start);
        if (boundary != Long.MAX_VALUE && p.lastSequence() >= boundary) session.cutAt(boundary);
        byte[] playlist = p.rewrite(start, carried, boundary);
        LiveHook hook = new LiveHook(session, settings, interrupt, this::heartbeat, request, stall, start);
        return InputContainer.consuming(IoContext.reading(playlist), url).format("hls")
                .options(demuxerOptions()).unknownOptions(input.unknownOptionsPolicy())
                .interrupt(interrupt).nestedOpens(new NestedOpens(hook)).open();
    }

    private Playlist fetchPlaylist(String url, Map<String, String> request, IoInterrupt interrupt, LiveSession session) {
        String shown = Urls.redact(url);
        LiveHook.Fetched f = LiveHook.fetchWithAttempts(settings.fetchAttempts(), interrupt, this::heartbeat,
                () -> UrlFetch.fetch(url, request, interrupt, settings.maxPlaylistBytes(), null), shown);
        UrlFetch.Result r = f.result();
        if (!r.complete()) {
            int code = r.error() != 0 ? r.error() : AvError.EIO.code();
            throw new FfmpegException("fetch live playlist", code, url, LiveHook.describe(r, settings.maxPlaylistBytes()), null);
        }
        if (!Playlist.looksLikePlaylist(r.body())) {
            throw new FfmpegException("record live input", AvError.INVALIDDATA.code(), url,
                    "not an HLS playlist (live recording reads HLS; use Avline.copy for other inputs)", null);
        }
        return Playlist.parse(r.body(), r.location() != null ? r.location() : url);
    }

    private static String chooseVariant(Playlist master, Variant v) {
        if (master.streamUris.isEmpty()) throw FfmpegException.invalid("record live input", master.baseUrl, "a master playlist without variants");
        List<Program> programs = new ArrayList<>();
        for (int i = 0; i < master.streamUris.size(); i++) programs.add(new Program(i, master.streamBandwidths.get(i), List.of()));
        int chosen = v.choose(programs).map(Program::id).orElse(0);
        return master.streamUris.get(chosen);
    }

    private Map<String, String> demuxerOptions() {
        Map<String, String> m = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : input.options().entrySet()) {
            if (!REQUEST_KEYS.contains(e.getKey())) m.put(e.getKey(), e.getValue());
        }
        // The rewritten playlist starts where the recording continues (the rewrite dropped the others).
        m.put("live_start_index", "0");
        m.put("http_persistent", "0"); // every request through the hook (and never keep-alive on a memory body)
        m.put("http_multiple", "0");
        m.put("extension_picky", settings.extensionPicky() ? "1" : "0");
        m.put("seg_max_retry", "0");      // avline retries itself
        m.put("max_reload", "1000");      // the stall watchdog decides when a silent playlist is dead
        m.put("protocol_whitelist", settings.urlPolicy().protocolWhitelist());
        m.put("format_whitelist", FORMATS);
        // Probing fps needs 20 frames: at the live edge that is a wait for the next segments at every
        // re-open (about 1 s here), for a value a stream copy does not use (timestamps carry timing).
        m.putIfAbsent("fpsprobesize", "0");
        return m;
    }

    static Map<String, String> requestOptionsOf(Input input) {
        Map<String, String> m = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : input.options().entrySet()) {
            if (REQUEST_KEYS.contains(e.getKey())) m.put(e.getKey(), e.getValue());
        }
        StringBuilder h = new StringBuilder(m.getOrDefault("headers", ""));
        for (Map.Entry<String, String> e : input.headers().entrySet()) {
            if (e.getKey().equalsIgnoreCase("User-Agent")) m.put("user_agent", e.getValue());
            else h.append(e.getKey()).append(": ").append(e.getValue()).append("\r\n");
        }
        if (h.length() > 0) m.put("headers", h.toString());
        return m;
    }

    // ------------------------------------------------------------------ write

    /**
     * Continues the output with a new demuxer. Its packets are de-duplicated only when it starts
     * with the segment handed over last (a re-open after a failure); a demuxer that starts after a
     * boundary or a restart gets only new segments, whose timestamps may well be lower.
     */
    private void attach(InputContainer in, JobContext ctx, boolean redelivers) {
        if (writer == null) {
            writer = newWriter(currentOutput, ctx);
            writer.attach(in);
            return;
        }
        String mismatch = writer.mismatch(in);
        if (mismatch != null && output.file() != null) {
            rotate(in, ctx, "codec parameters changed: " + mismatch);
        } else {
            if (mismatch != null) {
                LOG.warn("{}: codec parameters changed ({}) but {} cannot be rotated: continuing in it",
                        ctx.name(), mismatch, output.description());
            }
            writer.attach(in, true);
        }
        java.util.Arrays.fill(deduping, redelivers);
    }

    private CopyWriter newWriter(Output out, JobContext ctx) {
        return new CopyWriter(out, ctx).closingGapsOver(CLOSE_GAPS_OVER).reportingReconnects(() -> reopens);
    }

    private Outcome pump(InputContainer in, IoInterrupt interrupt, JobContext ctx, long stall) {
        double maxSeconds = settings.maxDuration() != null ? settings.maxDuration().toNanos() / 1e9
                : ctx.maxDuration() != null ? ctx.maxDuration().toNanos() / 1e9 : Double.MAX_VALUE;
        try (Packet packet = new Packet()) {
            for (;;) {
                if (ctx.stopRequested()) return Outcome.STOPPED;
                interrupt.armDeadline(stall);
                boolean got;
                try {
                    got = in.read(packet);
                } catch (FfmpegException e) {
                    if (ctx.stopRequested()) return Outcome.STOPPED;
                    throw e;
                }
                if (!got) return Outcome.END;
                if (!writer.isMapped(packet.streamIndex())) {
                    packet.unref();
                    continue;
                }
                if (duplicate(in, packet)) {
                    packet.unref();
                    continue;
                }
                // Media flows again when a packet not written before arrives (a re-delivered one does not count).
                long now = System.nanoTime();
                if (outage != null) {
                    reopens++;
                    ctx.emit(new Reconnect(Instant.now(), reopens, outage, (now - lastPacketNanos) / 1e9));
                    outage = null;
                }
                lastPacketNanos = now;
                writing = true;
                try {
                    maybeRotate(in, packet, ctx);
                    writer.write(packet);
                } catch (RuntimeException e) {
                    throw new OutputFailure(e);
                } finally {
                    writing = false;
                }
                double total = doneSeconds + writer.mediaSeconds();
                if (total >= maxSeconds) return Outcome.LIMIT;
                if (settings.maxBytes() > 0 && doneBytes + writer.muxer().bytesWritten() >= settings.maxBytes()) return Outcome.LIMIT;
            }
        }
    }

    /**
     * A re-opened input starts again at the segment the previous attempt was reading: drop, per
     * output stream, the packets already written (input DTS at or before the last one written), so
     * nothing is written twice and nothing handed over is lost.
     */
    private boolean duplicate(InputContainer in, Packet packet) {
        int out = writer.outputStreamOf(packet.streamIndex());
        if (out < 0) return false;
        long dts = packet.dts();
        if (dts == dev.avline.ffi.Timestamps.NOPTS) return false;
        long micros = in.stream(packet.streamIndex()).timeBase().rescale(dts, dev.avline.ffi.Rational.MICROS);
        if (out >= lastInputDts.length) lastInputDts = java.util.Arrays.copyOf(lastInputDts, out + 1);
        if (out >= deduping.length) deduping = java.util.Arrays.copyOf(deduping, out + 1);
        if (deduping[out] && micros <= lastInputDts[out]) {
            droppedAgain++;
            return true;
        }
        if (deduping[out]) LOG.debug("stream {}: first new packet at {} us after {} us written; {} dropped as written before", out, micros, lastInputDts[out], droppedAgain);
        deduping[out] = false;
        lastInputDts[out] = micros;
        return false;
    }

    private void maybeRotate(InputContainer in, Packet packet, JobContext ctx) {
        if (output.file() == null) return;
        boolean byTime = settings.rotateEvery() != null && writer.mediaSeconds() >= settings.rotateEvery().toNanos() / 1e9;
        boolean bySize = settings.rotateAtBytes() > 0 && writer.muxer().bytesWritten() >= settings.rotateAtBytes();
        if (!byTime && !bySize) return;
        boolean video = in.stream(packet.streamIndex()).type() == MediaType.VIDEO;
        boolean hasVideo = in.streams().stream().anyMatch(s -> s.type() == MediaType.VIDEO && writer.isMapped(s.index()));
        if (hasVideo && !(video && packet.isKeyFrame())) return; // cut where the new file can start decoding
        rotate(in, ctx, byTime ? "duration" : "size");
    }

    private void rotate(InputContainer in, JobContext ctx, String why) {
        CopyWriter old = writer;
        double seconds = old.mediaSeconds();
        String previous = currentOutput.description();
        closeWriter();
        fileIndex++;
        currentOutput = output.withFile(numbered(output.file(), fileIndex));
        writer = newWriter(currentOutput, ctx);
        writer.attach(in);
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

    private JobSummary summary() {
        boolean open = writer != null && writer.muxer() != null && !writer.muxer().isClosed();
        double seconds = doneSeconds + (open ? writer.mediaSeconds() : 0);
        long bytes = doneBytes + (open ? writer.muxer().bytesWritten() : 0);
        long packets = donePackets + (open ? writer.packets() : 0);
        return new JobSummary(output.description(), seconds, bytes, packets);
    }

    /**
     * A progress snapshot when one is due, made on the recording's thread while it waits (FFmpeg's
     * interrupt polls, avline's pauses), so that progress keeps coming during an outage.
     */
    private void heartbeat() {
        if (writing || ticker == null) return;
        ticker.beat(writer == null ? null : reportWriter);
    }

    private void sleep(JobContext ctx, long ms) {
        long end = System.nanoTime() + ms * 1_000_000;
        synchronized (wake) {
            while (!ctx.stopRequested()) {
                heartbeat();
                long left = end - System.nanoTime();
                if (left <= 0) return;
                try {
                    wake.wait(Math.max(1, Math.min(50, left / 1_000_000)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
