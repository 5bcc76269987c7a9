package dev.avline.examples.recorder;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.avline.Avline;
import dev.avline.Container;
import dev.avline.Input;
import dev.avline.Job;
import dev.avline.JobContext;
import dev.avline.JobFailure;
import dev.avline.JobSummary;
import dev.avline.Output;
import dev.avline.Progress;
import dev.avline.Recording;
import dev.avline.RecordingResult;
import dev.avline.events.Reconnect;
import dev.avline.ChunkFeed;
import dev.avline.hls.LiveSettings;
import dev.avline.transcode.TranscodeSettings;

/**
 * A live HLS input transcoded with the same network resilience as a stream copy of it: two avline
 * jobs joined by an in-memory pipe.
 * <pre>
 *   Avline.record(playlist) ──MPEG-TS──▶ FeedOutputStream ─▶ ChunkFeed ─▶ Avline.transcode(Input.feed, "mpegts") ──▶ OUTPUT
 *                                                                      (or Avline.ladder(…) ──▶ HLS directory)
 * </pre>
 * The live recording retries requests, re-opens the input, closes up gaps and keeps one continuous
 * timeline, so the transcode sees one clean stream. As one job:
 * <ul>
 *   <li><b>end</b>: the live recording ends ({@code --duration}, {@code #EXT-X-ENDLIST}, a stop or a
 *       failure) and finalizes its TS; the pipe then ends, and the transcode drains, flushes its
 *       encoders and finalizes OUTPUT. A stop therefore leaves a playable file, with everything that
 *       was already in the pipe;</li>
 *   <li><b>failure</b>: a transcode that fails stops the live recording at once (it would have
 *       nowhere to write); a live recording that fails still lets the transcode finish what it got.
 *       The first failure is the job's failure; one that follows from it is attached as suppressed
 *       and logged;</li>
 *   <li><b>events and progress</b>: both jobs' events are this job's events, in the order they were
 *       delivered; progress is the transcode's, with the live recording's re-opens counted in
 *       {@code reconnects}.</li>
 * </ul>
 * The transcode has to keep up with real time (its speed stays at or above 1.0); otherwise the pipe
 * fills, the live recording waits to write, and its stall watchdog takes the wait for a dead origin.
 */
final class LiveTranscode implements Job {
    private static final Logger LOG = LoggerFactory.getLogger("recorder");
    /**
     * Chunks of up to 32 KiB the pipe holds (8 MiB): a live recording starts with a backlog of a few
     * segments, delivered as fast as the origin sends them, while the transcode is still starting.
     */
    static final int PIPE_CHUNKS = 256;

    private final Input input;
    private final LiveSettings live;
    private final String output;
    private final Function<Input, Recording.Builder> downstream;

    LiveTranscode(Input input, LiveSettings live, Output output, TranscodeSettings settings) {
        this(input, live, output.description(), feed -> Avline.transcode(feed, output, settings));
    }

    /**
     * @param output what the downstream job writes, for the summary
     * @param downstream the job reading the live recording's MPEG-TS (a transcode, a ladder)
     */
    LiveTranscode(Input input, LiveSettings live, String output, Function<Input, Recording.Builder> downstream) {
        this.input = input;
        this.live = live;
        this.output = output;
        this.downstream = downstream;
    }

    @Override
    public JobSummary run(JobContext ctx) throws Exception {
        ChunkFeed pipe = new ChunkFeed(PIPE_CHUNKS);
        LongAdder reconnects = new LongAdder();
        Recording.Builder liveJob = Avline.record(input, Output.stream(new FeedOutputStream(pipe), Container.MPEGTS), live)
                .name(ctx.name() + "-live")
                .statsPeriod(ctx.statsPeriod())
                .onEvent(e -> {
                    if (e instanceof Reconnect) reconnects.increment();
                    ctx.emit(e);
                });
        // The live side alone counts media time: the transcode then ends where its input does.
        if (ctx.maxDuration() != null) liveJob.maxDuration(ctx.maxDuration());
        Recording.Builder transcodeJob = downstream.apply(Input.feed(pipe).format("mpegts"))
                .name(ctx.name() + "-transcode")
                .statsPeriod(ctx.statsPeriod())
                .onEvent(ctx::emit)
                .onProgress(p -> ctx.progress(withReconnects(p, reconnects.sum())));

        try (Recording transcode = transcodeJob.start(); Recording recording = liveJob.start()) {
            Runnable onStop = recording::stop;
            ctx.onStop(onStop);
            transcode.completion().thenRun(recording::stop);
            RecordingResult liveResult;
            boolean transcodeEndedFirst;
            try {
                liveResult = recording.await();
                transcodeEndedFirst = transcode.isDone();
                if (liveResult.packets() == 0) transcode.stop(); // nothing came: nothing to wait for
                pipe.finish(); // the live TS is finalized: end of the transcode's input
            } finally {
                ctx.removeStopHook(onStop);
            }
            RecordingResult transcodeResult = transcode.await();
            JobSummary summary = new JobSummary(output, transcodeResult.mediaSeconds(),
                    transcodeResult.bytes(), transcodeResult.packets());
            Throwable cause = failure(liveResult, transcodeResult, transcodeEndedFirst, ctx.name());
            if (cause != null) throw new JobFailure(cause, summary);
            return summary;
        }
    }

    /** The first failure of the two, with the other (its consequence, as a rule) attached; null when neither failed. */
    private static Throwable failure(RecordingResult live, RecordingResult transcode, boolean transcodeEndedFirst,
                                     String name) {
        Throwable lf = live.state() == RecordingResult.State.FAILED ? live.failure() : null;
        Throwable tf = transcode.state() == RecordingResult.State.FAILED ? transcode.failure() : null;
        if (lf == null || tf == null) return lf != null ? lf : tf;
        Throwable first = transcodeEndedFirst ? tf : lf;
        Throwable then = first == tf ? lf : tf;
        LOG.info("{}: after the {} failed, the {} failed too: {}", name, first == tf ? "transcode" : "live recording",
                first == tf ? "live recording" : "transcode", then.getMessage());
        first.addSuppressed(then);
        return first;
    }

    private static Progress withReconnects(Progress p, long reconnects) {
        return new Progress(p.elapsed(), p.frames(), p.fps(), p.outTimeSeconds(), p.bytes(), p.bitrateKbps(), p.speed(),
                p.dropped(), p.duplicated(), reconnects, p.hardware(), p.queueDepths(), p.last(), p.renditions());
    }
}
