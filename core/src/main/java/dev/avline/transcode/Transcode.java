package dev.avline.transcode;

import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.avline.Input;
import dev.avline.Internal;
import dev.avline.Job;
import dev.avline.JobContext;
import dev.avline.JobFailure;
import dev.avline.JobSummary;
import dev.avline.Output;
import dev.avline.ffi.FfmpegException;
import dev.avline.ffi.InputContainer;
import dev.avline.ffi.IoInterrupt;
import dev.avline.ffi.OutputContainer;

/**
 * A transcode, run like FFmpeg 7's CLI: demux, each decoder, each filter graph, each encoder and the
 * muxer on their own threads, joined by small bounded queues that hand packets and frames over by
 * reference. Streams that already fit can be copied alongside ({@link StreamMode#COPY_IF_MATCHING}).
 *
 * <p>The first error of any stage stops the pipeline and is reported as a {@link StageFailure}
 * naming the stage; the output is still finalized. A stop request ends the input: every stage
 * drains, the encoders flush and the trailer is written, so the output is playable.
 */
@Internal
public final class Transcode implements Job {
    private static final Logger LOG = LoggerFactory.getLogger(Transcode.class);

    private final Input input;
    private final Output output;
    private final TranscodeSettings settings;
    /** Tests only: receives the bytes each stage allocated, after the stages ended. */
    static volatile java.util.function.Consumer<Map<String, Long>> allocationReport;

    public Transcode(Input input, Output output, TranscodeSettings settings) {
        this.input = input;
        this.output = output;
        this.settings = settings;
    }

    @Override
    public JobSummary run(JobContext ctx) throws Exception {
        dev.avline.remux.PlaylistGuard.check(input, null); // a playlist shape that crashes FFmpeg's HLS demuxer never reaches it
        if (settings.twoPass()) return twoPasses(ctx);
        Map<Integer, LoudnessMeasurement> loudness = Map.of();
        if (settings.audio().loudnorm() != null && settings.audio().loudnorm().twoPass()
                && settings.audio().mode() != StreamMode.DROP && settings.audio().mode() != StreamMode.COPY) {
            loudness = LoudnessScan.measure(input, ctx);
            if (ctx.stopRequested()) return new JobSummary(output.description(), 0, 0, 0);
        }
        return pass(ctx, loudness, EncodingPass.SINGLE);
    }

    /**
     * x264 two-pass: the first pass reads the whole input, writes x264's statistics to a temporary
     * directory and measures the loudness when it is normalised (one read for both), muxing nothing;
     * the second encodes with them.
     */
    private JobSummary twoPasses(JobContext ctx) throws Exception {
        try (StatsDirectory stats = new StatsDirectory()) {
            long t0 = System.nanoTime();
            Map<Integer, LoudnessMeasurement> measured = new java.util.HashMap<>();
            pass(ctx, measured, new EncodingPass(1, stats.path()));
            LOG.info("{}: first pass in {} ms; loudness {}", ctx.name(), (System.nanoTime() - t0) / 1_000_000, measured);
            if (ctx.stopRequested()) return new JobSummary(output.description(), 0, 0, 0);
            return pass(ctx, measured, new EncodingPass(2, stats.path()));
        }
    }

    /** One read of the input; in a first pass, {@code loudness} receives what was measured. */
    private JobSummary pass(JobContext ctx, Map<Integer, LoudnessMeasurement> loudness, EncodingPass pass) throws Exception {
        IoInterrupt interrupt = new IoInterrupt();
        Runnable onStop = () -> interrupt.interrupt("stop requested");
        ctx.onStop(onStop);
        InputContainer in;
        try {
            in = input.opener(interrupt).open();
        } catch (FfmpegException e) {
            if (ctx.stopRequested()) return new JobSummary(output.description(), 0, 0, 0); // stopped while opening
            throw e;
        }
        try (in) {
            return run(in, ctx, loudness, pass);
        } finally {
            ctx.removeStopHook(onStop);
        }
    }

    private JobSummary run(InputContainer in, JobContext ctx, Map<Integer, LoudnessMeasurement> loudness, EncodingPass pass)
            throws Exception {
        Assembly assembly = null;
        dev.avline.OutputFile claimed = pass.first() ? null : ctx.claimOutput(output); // an existing file is refused or left alone
        try (Pipeline pipeline = new Pipeline()) {
            // A first pass muxes nothing: FFmpeg's null muxer takes the packets (and no file is claimed).
            OutputContainer muxer = pipeline.own(pass.first() ? OutputContainer.toUrl("null", "null") : output.open(claimed));
            List<StreamSelector.Choice> choices = StreamSelector.choose(in, input, settings, output.container(), muxer, ctx);
            if (pass.first() && choices.stream().noneMatch(c -> c.type() == dev.avline.ffi.MediaType.VIDEO && !c.copy())) {
                return new JobSummary(output.description(), 0, 0, 0); // no video to encode in two passes
            }
            assembly = new Assembly(pipeline, in, output, settings, ctx, pass.first() ? Map.of() : loudness, pass);
            assembly.build(choices, muxer);
            AdaptStage adapt = assembly.adaptation();
            if (adapt != null) pipeline.stage(adapt);
            LOG.info("{}: {} → {} ({}; hardware: {}{})", ctx.name(), input.description(), pass.first() ? "statistics" : output,
                    settings, assembly.hardware(), pass.number() == 0 ? "" : "; pass " + pass.number() + " of 2");
            pipeline.start(ctx);
            pipeline.join();
            if (pass.first()) loudness.putAll(assembly.measured);
            Map<String, Long> allocations = new java.util.LinkedHashMap<>();
            for (Stage s : pipeline.stages) allocations.put(s.name, s.allocatedBytes());
            LOG.debug("{}: bytes allocated per stage: {}", ctx.name(), allocations);
            if (allocationReport != null) allocationReport.accept(allocations);
            StageFailure failure = pipeline.control.failure();
            JobSummary summary;
            if (failure == null) {
                summary = assembly.summary(true);
                return summary;
            }
            if (muxer.state() == OutputContainer.State.HEADER_WRITTEN) {
                try {
                    muxer.writeTrailer(); // what was written stays playable
                } catch (RuntimeException e) {
                    LOG.debug("writing the trailer after a failure: {}", e.toString());
                }
            }
            summary = assembly.summary(true);
            throw new JobFailure(failure, summary);
        } finally {
            // The pipeline closed the muxer: the job's end decides what becomes of the file (OutputFile).
            if (claimed != null) claimed.closed(assembly == null ? 0 : assembly.packetsWritten());
        }
    }
}
