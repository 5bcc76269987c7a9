package dev.avline;

import java.time.Duration;

import dev.avline.remux.StreamCopy;

/** Runs a stream copy on the calling thread (segments are small: a thread hand-off costs more than the work). */
final class SegmentRemux {
    private SegmentRemux() {
    }

    static RecordingResult run(Input in, Output out) {
        {
            JobContext ctx = new JobContext("avline-segment", Duration.ofDays(1), null, null);
            try {
                JobSummary s = new StreamCopy(in, out).run(ctx);
                return new RecordingResult(RecordingResult.State.DONE, s.output(), s.mediaSeconds(), s.bytes(),
                        s.packets(), ctx.events(), null);
            } catch (JobFailure f) {
                return new RecordingResult(RecordingResult.State.FAILED, "", 0, 0, 0, ctx.events(), f.getCause());
            } catch (Exception e) {
                return new RecordingResult(RecordingResult.State.FAILED, "", 0, 0, 0, ctx.events(), e);
            }
        }
    }
}
