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
 * @param failure the cause when FAILED, else null
 * @param eventsDropped events not in {@code events} because the history was full (listeners saw them)
 * @param partial when FAILED with media written to a file: the file that holds it (finalized where
 *                the muxer could). A new output file stays where it was written; when an existing file
 *                was being replaced, the old one is untouched and this is {@code NAME.partial.EXT}
 *                beside it. Null otherwise (nothing was kept).
 */
public record RecordingResult(State state, String output, double mediaSeconds, long bytes, long packets,
                              List<Event> events, Throwable failure, long eventsDropped, Path partial) {
    public enum State { DONE, STOPPED, FAILED }

    /** A result with every event kept and no partial file. */
    public RecordingResult(State state, String output, double mediaSeconds, long bytes, long packets,
                           List<Event> events, Throwable failure) {
        this(state, output, mediaSeconds, bytes, packets, events, failure, 0, null);
    }

    public boolean succeeded() {
        return state != State.FAILED;
    }
}
