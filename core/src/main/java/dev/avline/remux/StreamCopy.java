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
        try (InputContainer in = input.opener(interrupt).open()) {
            Set<Integer> keep = chooseVariant(in);
            try (CopyWriter writer = new CopyWriter(output, ctx)) {
                if (keep != null) writer.skipping((c, s) -> !keep.contains(s.index()));
                writer.attach(in);
                try {
                    copy(in, writer, ctx);
                } catch (RuntimeException e) {
                    writer.close();
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
        double max = ctx.maxDuration() == null ? Double.MAX_VALUE : ctx.maxDuration().toNanos() / 1e9;
        try (Packet packet = new Packet()) {
            while (!ctx.stopRequested()) {
                boolean got;
                try {
                    got = in.read(packet);
                } catch (FfmpegException e) {
                    if (e.error() == AvError.EXIT && ctx.stopRequested()) break;
                    throw e;
                }
                if (!got) break;
                writer.write(packet);
                if (writer.mediaSeconds() >= max) break;
            }
        }
    }
}
