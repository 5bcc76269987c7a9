package dev.avline.transcode;

import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.avline.Input;
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
        Map<Integer, LoudnessMeasurement> loudness = Map.of();
        if (settings.audio().loudnorm() != null && settings.audio().loudnorm().twoPass()
                && settings.audio().mode() != StreamMode.DROP && settings.audio().mode() != StreamMode.COPY) {
            loudness = LoudnessScan.measure(input, ctx);
            if (ctx.stopRequested()) return new JobSummary(output.description(), 0, 0, 0);
        }
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
            return run(in, ctx, loudness);
        } finally {
            ctx.removeStopHook(onStop);
        }
    }

    private JobSummary run(InputContainer in, JobContext ctx, Map<Integer, LoudnessMeasurement> loudness) throws Exception {
        Assembly assembly = null;
        dev.avline.OutputFile claimed = ctx.claimOutput(output); // an existing file is refused or left alone
        try (Pipeline pipeline = new Pipeline()) {
            OutputContainer muxer = pipeline.own(output.open(claimed));
            List<StreamSelector.Choice> choices = StreamSelector.choose(in, input, settings, output.container(), muxer, ctx);
            assembly = new Assembly(pipeline, in, output, settings, ctx, loudness);
            assembly.build(choices, muxer);
            LOG.info("{}: {} → {} ({}; hardware: {})", ctx.name(), input.description(), output, settings, assembly.hardware());
            pipeline.start(ctx);
            pipeline.join();
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
