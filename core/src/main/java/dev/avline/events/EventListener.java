package dev.avline.events;

/** Receives events on avline's notifier thread, never on a pipeline thread. */
@FunctionalInterface
public interface EventListener {
    void onEvent(Event event);
}
