package dev.avline;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.avline.events.Event;

/** What a running {@link Job} gets from its {@link Recording}: stop requests, events, progress. */
@Internal
public final class JobContext {
    private final String name;
    private final Duration statsPeriod;
    private final Duration maxDuration;
    private final Notifier notifier;
    private final EventHistory events;
    /** File outputs this job claimed, in order (a rotating recording claims one per file). */
    private final List<OutputFile> outputs = new CopyOnWriteArrayList<>();
    private final List<Runnable> stopHooks = new CopyOnWriteArrayList<>();
    private final long startNanos = System.nanoTime();
    private volatile boolean stopRequested;
    private volatile Progress lastProgress;
    private final JobThreads threads;

    /** {@code notifier} may be null: events are then only collected, progress only kept. */
    JobContext(String name, Duration statsPeriod, Duration maxDuration, Notifier notifier) {
        this(name, statsPeriod, maxDuration, notifier, EventHistory.DEFAULT_LIMIT, JobThreads.PLATFORM);
    }

    JobContext(String name, Duration statsPeriod, Duration maxDuration, Notifier notifier, int eventHistory, JobThreads threads) {
        this.events = new EventHistory(eventHistory);
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

    /** {@return the media duration after which the job should finish by itself, or null for no limit} */
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

    /** {@return the kept events, oldest first (see {@link Recording.Builder#eventHistory(int)})} */
    public List<Event> events() {
        return events.events();
    }

    /** {@return events no longer kept because the history was full (listeners saw them)} */
    public long eventsDropped() {
        return events.dropped();
    }

    /**
     * Takes a file output for this job (checked, created, or a sibling chosen when an existing file
     * is replaced: see {@link OutputFile}); the muxer opens {@link OutputFile#writePath()}. The job's
     * end decides what becomes of it. Null for a stream or channel output.
     *
     * @throws OutputRefused when the file exists and the output may not overwrite it
     */
    public OutputFile claimOutput(Output output) {
        if (output.file() == null || output.isHls()) return null; // an HLS directory is the hls muxer's (see Output#open)
        OutputFile f = OutputFile.claim(output);
        outputs.add(f);
        return f;
    }

    /**
     * Settles the claimed files once the job has ended: on success each replaces its target; on
     * failure every file but the last (finished before the failure) is settled as a success, and the
     * last is kept if it holds media. Returns the partial file kept, or null.
     */
    Path settleOutputs(boolean failed) {
        Path kept = null;
        for (int i = 0; i < outputs.size(); i++) {
            OutputFile f = outputs.get(i);
            if (failed && i == outputs.size() - 1) kept = f.abandon();
            else f.commit();
        }
        outputs.clear();
        return kept;
    }

    public void progress(Progress p) {
        lastProgress = p;
        if (notifier != null) notifier.progress(p);
    }

    public Progress lastProgress() {
        return lastProgress;
    }
}
