package dev.avline;

import java.nio.file.Path;
import java.util.List;

import dev.avline.events.Event;

/**
 * How a job ended.
 *
 * @param state DONE (the input ended or the max duration was reached), STOPPED (stop was
 *              requested) or FAILED ({@link #failure()} says why)
 * @param output where it wrote
 * @param mediaSeconds media time in the output
 * @param bytes bytes written
 * @param packets packets written
 * @param events the job's events in order (at most the builder's {@code eventHistory}; listeners see all)
 * @param failure what was thrown when it FAILED, else null: {@link #error()} gives it as the API's
 *                exception, with FFmpeg's code and the rest; this one's type (beyond {@link OutputRefused}
 *                and {@link dev.avline.hls.UrlRefused}) is avline's inside and may change
 * @param eventsDropped events not in {@code events} because the history was full (listeners saw them)
 * @param partial when FAILED with media written to a file: the file that holds it (finalized where
 *                the muxer could). A new output file stays where it was written; when an existing file
 *                was being replaced, the old one is untouched and this is {@code NAME.partial.EXT}
 *                beside it. Null otherwise (nothing was kept).
 */
public record RecordingResult(State state, String output, double mediaSeconds, long bytes, long packets,
                              List<Event> events, Throwable failure, long eventsDropped, Path partial) {
    /** How a job ended. */
    public enum State {
        /** The input ended, or the maximum duration was reached. */
        DONE,
        /** {@link Recording#stop()} was called (or the recording was closed); the output is finalized. */
        STOPPED,
        /** The job failed: {@link RecordingResult#failure()} says why. */
        FAILED
    }

    /**
     * A result with every event kept and no partial file.
     *
     * @param state how it ended
     * @param output where it wrote
     * @param mediaSeconds media time in the output
     * @param bytes bytes written
     * @param packets packets written
     * @param events the job's events in order
     * @param failure why it FAILED, else null
     */
    public RecordingResult(State state, String output, double mediaSeconds, long bytes, long packets,
                           List<Event> events, Throwable failure) {
        this(state, output, mediaSeconds, bytes, packets, events, failure, 0, null);
    }

    /**
     * Why the job failed, as the API's exception: FFmpeg's code and its name, FFmpeg's text, the
     * operation, the redacted URL, the last line FFmpeg logged; the message is {@link #failure()}'s.
     *
     * @return the failure, or null when the job did not fail
     */
    public AvlineException error() {
        return Failures.translate(failure);
    }

    /** {@return true unless the job FAILED (a stopped job succeeded: its output is finalized)} */
    public boolean succeeded() {
        return state != State.FAILED;
    }
}
