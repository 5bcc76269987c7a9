package dev.avline.remux;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import dev.avline.Input;
import dev.avline.Job;
import dev.avline.JobContext;
import dev.avline.JobFailure;
import dev.avline.JobSummary;
import dev.avline.Output;
import dev.avline.ffi.AvError;
import dev.avline.ffi.FfmpegException;
import dev.avline.ffi.InputContainer;
import dev.avline.ffi.IoInterrupt;
import dev.avline.ffi.Packet;
import dev.avline.ffi.Program;
import dev.avline.ffi.StreamInfo;

/**
 * Stream copy on one thread: read → rebase → rescale → write, for every stream the output
 * container can carry. The loop allocates nothing per packet.
 */
@dev.avline.Internal
public final class StreamCopy implements Job {
    private final Input input;
    private final Output output;

    public StreamCopy(Input input, Output output) {
        this.input = input;
        this.output = output;
    }

    @Override
    public JobSummary run(JobContext ctx) throws Exception {
        IoInterrupt interrupt = new IoInterrupt();
        Runnable onStop = () -> interrupt.interrupt("stop requested");
        ctx.onStop(onStop);
        try (InputContainer in = open(interrupt, ctx)) {
            if (in == null) return new JobSummary(output.description(), 0, 0, 0); // stopped while opening
            Set<Integer> keep = chooseVariant(in);
            try (CopyWriter writer = new CopyWriter(output, ctx)) {
                if (keep != null) writer.skipping((c, s) -> !keep.contains(s.index()));
                if (ctx.maxDuration() != null) writer.limit(ctx.maxDuration().toNanos() / 1e9);
                writer.attach(in);
                try {
                    copy(in, writer, ctx);
                } catch (RuntimeException e) {
                    // Finalize what was written (trailer once, playable), then report it with the cause.
                    writer.markFailed();
                    try {
                        writer.close();
                    } catch (RuntimeException closing) {
                        e.addSuppressed(closing);
                    }
                    throw new JobFailure(e, writer.summary());
                }
                writer.close();
                writer.maybeReportProgress(true);
                return writer.summary();
            }
        } finally {
            ctx.removeStopHook(onStop);
        }
    }

    /** Opens the input; null when a stop interrupted the open (a stop is not a failure). */
    private InputContainer open(IoInterrupt interrupt, JobContext ctx) {
        try (AutoCloseable quiet = CopyAnalysis.expectRefusedDecoders()) {
            PlaylistGuard.check(input, interrupt); // a playlist shape that crashes FFmpeg's HLS demuxer never reaches it
            return CopyAnalysis.limit(input, output.container()).opener(interrupt).open();
        } catch (FfmpegException e) {
            if (e.error() == AvError.EXIT && ctx.stopRequested()) return null;
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e); // closing the log scope throws nothing
        }
    }

    private Set<Integer> chooseVariant(InputContainer in) {
        Optional<Program> chosen = input.variant().choose(in.programs());
        if (chosen.isEmpty()) return null;
        Set<Integer> keep = new HashSet<>(chosen.get().streamIndexes());
        for (StreamInfo s : in.streams()) {
            if (!keep.contains(s.index())) in.discard(s.index());
        }
        return keep;
    }

    private static void copy(InputContainer in, CopyWriter writer, JobContext ctx) {
        try (Packet packet = new Packet()) {
            while (!ctx.stopRequested() && !writer.limitReached()) {
                boolean got;
                try {
                    got = in.read(packet);
                } catch (FfmpegException e) {
                    if (e.error() == AvError.EXIT && ctx.stopRequested()) break;
                    throw e;
                }
                if (!got) break;
                writer.write(packet);
            }
        }
    }
}
