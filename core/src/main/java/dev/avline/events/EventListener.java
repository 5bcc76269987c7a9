package dev.avline.events;

/** Receives events on avline's notifier thread, never on a pipeline thread. */
@FunctionalInterface
public interface EventListener {
    /**
     * One event of the job, in order. An exception thrown here is logged and does not reach the job.
     *
     * @param event what happened
     */
    void onEvent(Event event);
}
