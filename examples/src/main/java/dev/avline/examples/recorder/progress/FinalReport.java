package dev.avline.examples.recorder.progress;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.avline.RecordingResult;
import dev.avline.events.Event;

/**
 * How the recording ended, as the program reports it (the last JSON line, the closing message).
 *
 * @param endedBy "input_end" (the input ended), "duration" (--duration reached), "signal" (Ctrl-C or
 *                SIGTERM: the output was finalized), "stop", or "error"
 * @param durationSeconds media time in the output
 * @param events what happened, in order, except the live {@code segment} events: those are in {@code segments}
 * @param segments the live segments fetched, summed up
 * @param error why it failed (null when it did not)
 */
public record FinalReport(boolean succeeded, String endedBy, Path output, double durationSeconds, long bytes,
                          long packets, double elapsedSeconds, List<Event> events, SegmentTally segments,
                          String error) {

    /** "done" or "failed": the contract's two end states (a clean stop is "done": the output is complete). */
    public String state() {
        return succeeded ? "done" : "failed";
    }

    public static FinalReport of(RecordingResult r, Path output, Duration maxDuration, boolean signalled,
                                 Duration elapsed) {
        boolean ok = r.state() != RecordingResult.State.FAILED;
        String endedBy;
        if (!ok) endedBy = "error";
        else if (signalled) endedBy = "signal";
        else if (r.state() == RecordingResult.State.STOPPED) endedBy = "stop";
        else if (maxDuration != null && r.mediaSeconds() >= maxDuration.toNanos() / 1e9 - 1e-3) endedBy = "duration";
        else endedBy = "input_end";
        List<Event> notSegments = r.events().stream().filter(e -> !SegmentTally.isSegment(e)).toList();
        return new FinalReport(ok, endedBy, output, r.mediaSeconds(), r.bytes(), r.packets(),
                elapsed.toNanos() / 1e9, notSegments, SegmentTally.of(r.events()), ok ? null : describe(r.failure()));
    }

    /** A failure as one line: avline's exceptions already name the operation, URL (redacted) and FFmpeg's reason. */
    static String describe(Throwable t) {
        if (t == null) return "unknown failure";
        String m = t.getMessage();
        if ((m == null || m.isBlank()) && t.getCause() != null) return describe(t.getCause());
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }
}
