package dev.avline;

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
 * @param events the job's events in order (the last 10,000 of a very long job; listeners see all)
 * @param failure the cause when FAILED, else null
 */
public record RecordingResult(State state, String output, double mediaSeconds, long bytes, long packets,
                              List<Event> events, Throwable failure) {
    public enum State { DONE, STOPPED, FAILED }

    public boolean succeeded() {
        return state != State.FAILED;
    }
}
