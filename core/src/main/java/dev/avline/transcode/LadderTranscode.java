package dev.avline.transcode;

import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.avline.Container;
import dev.avline.Input;
import dev.avline.Internal;
import dev.avline.Job;
import dev.avline.JobContext;
import dev.avline.JobFailure;
import dev.avline.JobSummary;
import dev.avline.ffi.AvError;
import dev.avline.ffi.FfmpegException;
import dev.avline.ffi.InputContainer;
import dev.avline.ffi.IoInterrupt;
import dev.avline.hlsout.HlsOutput;

/**
 * A {@link Ladder} written as HLS: see {@link LadderAssembly} for the stages and
 * {@link dev.avline.hlsout} for the files. With {@link Ladder#twoPass()}, the input is read twice:
 * a first pass writes every rendition's x264 statistics (and measures the loudness when the audio
 * is normalised in two passes), the second encodes with them; the statistics live in a temporary
 * directory removed at the end.
 *
 * <p>A stop request ends the input: every stage drains, the encoders flush, every playlist gets its
 * {@code #EXT-X-ENDLIST} and the master its final figures. The first error of any stage stops the
 * ladder, reported as a {@link StageFailure}; what was written stays playable.
 */
@Internal
public final class LadderTranscode implements Job {
    private static final Logger LOG = LoggerFactory.getLogger(LadderTranscode.class);

    private final Input input;
    private final HlsOutput hls;
    private final Ladder ladder;

    public LadderTranscode(Input input, HlsOutput hls, Ladder ladder) {
        this.input = input;
        this.hls = hls;
        this.ladder = ladder;
    }

    @Override
    public JobSummary run(JobContext ctx) throws Exception {
        String description = hls.directory().resolve("master.m3u8").toString();
        if (ladder.twoPass()) {
            try (StatsDirectory stats = new StatsDirectory()) {
                long t0 = System.nanoTime();
                Result first = runPass(ctx, new EncodingPass(1, stats.path()), Map.of());
                LOG.info("{}: first pass done in {} ms", ctx.name(), (System.nanoTime() - t0) / 1_000_000);
                if (first == null || ctx.stopRequested()) return new JobSummary(description, 0, 0, 0);
                Result second = runPass(ctx, new EncodingPass(2, stats.path()), first.loudness);
                return second == null ? new JobSummary(description, 0, 0, 0) : second.summary;
            }
        }
        Map<Integer, LoudnessMeasurement> loudness = Map.of();
        if (ladder.audio().loudnorm() != null && ladder.audio().loudnorm().twoPass() && ladder.audio().mode() != StreamMode.DROP) {
            loudness = LoudnessScan.measure(input, ctx);
            if (ctx.stopRequested()) return new JobSummary(description, 0, 0, 0);
        }
        Result r = runPass(ctx, EncodingPass.SINGLE, loudness);
        return r == null ? new JobSummary(description, 0, 0, 0) : r.summary;
    }

    private record Result(JobSummary summary, Map<Integer, LoudnessMeasurement> loudness) {
    }

    /** One read of the input; null when a stop came while it was being opened. */
    private Result runPass(JobContext ctx, EncodingPass pass, Map<Integer, LoudnessMeasurement> loudness)
            throws Exception {
        IoInterrupt interrupt = new IoInterrupt();
        Runnable onStop = () -> interrupt.interrupt("stop requested");
        ctx.onStop(onStop);
        try {
            InputContainer in;
            try {
                in = input.opener(interrupt).open();
            } catch (FfmpegException e) {
                if (e.error() == AvError.EXIT && ctx.stopRequested()) return null;
                throw e;
            }
            try (in; Pipeline pipeline = new Pipeline()) {
                LadderAssembly assembly = new LadderAssembly(pipeline, in, ladder, hls, ctx, loudness, pass);
                assembly.build();
                LadderMonitor monitor = pipeline.stage(new LadderMonitor(pipeline.control, assembly.chains,
                        pipeline.links, ctx, !pass.first()));
                if (ladder.adaptation() != null && !pass.first()) adapt(pipeline, assembly, monitor, ctx);
                pipeline.start(ctx);
                pipeline.join();
                StageFailure failure = pipeline.control.failure();
                if (failure != null) {
                    for (RenditionChain c : assembly.chains) {
                        try {
                            c.muxer.writeTrailer(); // what was written stays playable: ENDLIST
                        } catch (RuntimeException e) {
                            LOG.debug("writing the trailer of {} after a failure: {}", c.name(), e.toString());
                        }
                    }
                }
                assembly.finishMaster();
                JobSummary summary = summary(assembly, monitor, ctx, !pass.first());
                if (failure != null) throw new JobFailure(failure, summary);
                return new Result(summary, Map.copyOf(assembly.measured));
            }
        } finally {
            ctx.removeStopHook(onStop);
        }
    }

    /** Adds the adaptation's stage: presets, rates and the last resort for TS segments; rates only for fMP4. */
    private void adapt(Pipeline pipeline, LadderAssembly assembly, LadderMonitor monitor, JobContext ctx) {
        Adaptation a = ladder.adaptation();
        String configured = ladder.video().preset() != null ? ladder.video().preset() : "medium";
        List<String> presets = a.presetsFrom(configured);
        // A new preset or picture size means new SPS/PPS at an IDR: TS carries them, an fMP4 init section cannot change.
        boolean headersMayChange = hls.segments() == Container.MPEGTS;
        if (!headersMayChange) {
            LOG.info("{}: fMP4 segments: adaptation changes the bitrate only (the init section holds the stream headers)",
                    ctx.name());
        }
        AdaptStage.LastResort last = headersMayChange ? assembly.topRenditionSmaller() : null;
        Adapter adapter = new Adapter(a, presets, headersMayChange, last != null ? last.describe() : null, ladder.readRate(),
                System.nanoTime());
        List<EncodeStage> encoders = assembly.chains.stream().map(c -> c.encoder).toList();
        pipeline.stage(new AdaptStage(pipeline.control, adapter, a.cpuLoadOf(), encoders, hls.segmentSeconds(), last, ctx, monitor::ended));
    }

    private JobSummary summary(LadderAssembly assembly, LadderMonitor monitor, JobContext ctx, boolean report) {
        long bytes = 0;
        long packets = 0;
        double seconds = Double.MAX_VALUE;
        for (RenditionChain c : assembly.chains) {
            bytes += c.bytes();
            packets += c.mux.packets();
            seconds = Math.min(seconds, c.outSeconds());
        }
        if (report) ctx.progress(monitor.snapshot(true));
        return new JobSummary(hls.directory().resolve("master.m3u8").toString(), seconds == Double.MAX_VALUE ? 0 : seconds,
                bytes, packets);
    }
}
