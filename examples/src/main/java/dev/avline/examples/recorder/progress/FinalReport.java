package dev.avline.examples.recorder.progress;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.avline.Progress;
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
 * @param mode "copy" or "transcode"
 * @param hardware what the job's last progress snapshot named ("none" for software and stream copies),
 *                 null when there was none
 * @param partial when it failed after writing media: the file that holds it (OUTPUT itself, or
 *                NAME.partial.EXT beside an OUTPUT it was replacing); null otherwise
 */
public record FinalReport(boolean succeeded, String endedBy, Path output, double durationSeconds, long bytes,
                          long packets, double elapsedSeconds, List<Event> events, SegmentTally segments,
                          String error, String mode, String hardware, Path partial) {

    /** "done" or "failed": the contract's two end states (a clean stop is "done": the output is complete). */
    public String state() {
        return succeeded ? "done" : "failed";
    }

    /** A stream copy's end. */
    public static FinalReport of(RecordingResult r, Path output, Duration maxDuration, boolean signalled,
                                 Duration elapsed) {
        return of(r, "copy", null, output, maxDuration, signalled, elapsed);
    }

    /**
     * @param mode "copy" or "transcode"
     * @param last the job's last progress snapshot (its closing summary), or null
     */
    public static FinalReport of(RecordingResult r, String mode, Progress last, Path output, Duration maxDuration,
                                 boolean signalled, Duration elapsed) {
        return of(r, mode, last, output, maxDuration, signalled, elapsed, SegmentTally.of(r.events()));
    }

    /** As above, with the segments counted as their events were delivered ({@link SegmentTally.Counter}). */
    public static FinalReport of(RecordingResult r, String mode, Progress last, Path output, Duration maxDuration,
                                 boolean signalled, Duration elapsed, SegmentTally segments) {
        boolean ok = r.state() != RecordingResult.State.FAILED;
        String endedBy;
        if (!ok) endedBy = "error";
        else if (signalled) endedBy = "signal";
        else if (r.state() == RecordingResult.State.STOPPED) endedBy = "stop";
        else if (maxDuration != null && r.mediaSeconds() >= maxDuration.toNanos() / 1e9 - 1e-3) endedBy = "duration";
        else endedBy = "input_end";
        List<Event> notSegments = r.events().stream().filter(e -> !SegmentTally.isSegment(e)).toList();
        return new FinalReport(ok, endedBy, output, r.mediaSeconds(), r.bytes(), r.packets(),
                elapsed.toNanos() / 1e9, notSegments, segments, ok ? null : describe(r.failure()),
                mode, last == null ? ("copy".equals(mode) ? "none" : null) : last.hardware(), r.partial());
    }

    /** A failure as one line: avline's exceptions already name the operation, URL (redacted) and FFmpeg's reason. */
    static String describe(Throwable t) {
        if (t == null) return "unknown failure";
        String m = t.getMessage();
        if ((m == null || m.isBlank()) && t.getCause() != null) return describe(t.getCause());
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }
}
