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
    /**
     * The events kept for the result. A recording of a day makes tens of thousands (one per segment),
     * so the history is bounded: the oldest go first once {@link #EVENT_HISTORY} are kept (listeners
     * still see every one). A copy-on-write list would also copy the whole history on every event.
     */
    static final int EVENT_HISTORY = 10_000;
    private final java.util.ArrayDeque<Event> events = new java.util.ArrayDeque<>();
    private long eventsDropped;
    private final List<Runnable> stopHooks = new CopyOnWriteArrayList<>();
    private final long startNanos = System.nanoTime();
    private volatile boolean stopRequested;
    private volatile Progress lastProgress;
    private final JobThreads threads;

    /** {@code notifier} may be null: events are then only collected, progress only kept. */
    JobContext(String name, Duration statsPeriod, Duration maxDuration, Notifier notifier) {
        this(name, statsPeriod, maxDuration, notifier, JobThreads.PLATFORM);
    }

    JobContext(String name, Duration statsPeriod, Duration maxDuration, Notifier notifier, JobThreads threads) {
        this.name = name;
        this.statsPeriod = statsPeriod;
        this.maxDuration = maxDuration;
        this.notifier = notifier;
        this.threads = threads;
    }

    /**
     * A new, unstarted thread for this job's work (a transcode's stages): made by the embedding
     * application's factory when it gave one ({@link Recording.Builder#threadFactory}), named
     * {@code threadName}.
     */
    public Thread newThread(Runnable work, String threadName, boolean daemon) {
        return threads.newThread(work, threadName, daemon);
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
        synchronized (events) {
            if (events.size() == EVENT_HISTORY) {
                events.removeFirst();
                eventsDropped++;
            }
            events.addLast(e);
        }
        if (notifier != null) notifier.event(e);
    }

    /** The kept events, oldest first (at most the last {@value #EVENT_HISTORY}). */
    public List<Event> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    /** Events no longer kept because the history was full (listeners saw them). */
    public long eventsDropped() {
        synchronized (events) {
            return eventsDropped;
        }
    }

    public void progress(Progress p) {
        lastProgress = p;
        if (notifier != null) notifier.progress(p);
    }

    public Progress lastProgress() {
        return lastProgress;
    }
}
