package dev.avline;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.avline.events.Event;

/** What a running {@link Job} gets from its {@link Recording}: stop requests, events, progress. */
public final class JobContext {
    private final String name;
    private final Duration statsPeriod;
    private final Duration maxDuration;
    private final Notifier notifier;
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final List<Runnable> stopHooks = new CopyOnWriteArrayList<>();
    private final long startNanos = System.nanoTime();
    private volatile boolean stopRequested;
    private volatile Progress lastProgress;

    /** {@code notifier} may be null: events are then only collected, progress only kept. */
    JobContext(String name, Duration statsPeriod, Duration maxDuration, Notifier notifier) {
        this.name = name;
        this.statsPeriod = statsPeriod;
        this.maxDuration = maxDuration;
        this.notifier = notifier;
    }

    public String name() {
        return name;
    }

    public boolean stopRequested() {
        return stopRequested;
    }

    /**
     * Runs {@code hook} when a stop is requested (at once if it already was): jobs register the
     * interrupt of the input they are blocked on, so a stop does not wait for the network.
     */
    public void onStop(Runnable hook) {
        stopHooks.add(hook);
        if (stopRequested) hook.run();
    }

    public void removeStopHook(Runnable hook) {
        stopHooks.remove(hook);
    }

    void requestStop() {
        if (stopRequested) return;
        stopRequested = true;
        for (Runnable r : stopHooks) {
            try {
                r.run();
            } catch (RuntimeException ignored) {
                // a hook must not keep the others from running
            }
        }
    }

    /** The media duration after which the job should finish by itself, or null for no limit. */
    public Duration maxDuration() {
        return maxDuration;
    }

    public Duration statsPeriod() {
        return statsPeriod;
    }

    /** Wall time since the job started. */
    public Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    public long startNanos() {
        return startNanos;
    }

    public void emit(Event e) {
        events.add(e);
        if (notifier != null) notifier.event(e);
    }

    public List<Event> events() {
        return List.copyOf(events);
    }

    public void progress(Progress p) {
        lastProgress = p;
        if (notifier != null) notifier.progress(p);
    }

    public Progress lastProgress() {
        return lastProgress;
    }
}
