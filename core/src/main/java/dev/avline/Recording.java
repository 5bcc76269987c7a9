package dev.avline;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.avline.events.EventListener;
import dev.avline.ffi.LogBridge;

/**
 * A running job (copy, transcode, live recording) on its own thread. {@link #stop()} may be called
 * from any thread at any moment: the job finalizes its output (trailer written once) and ends as
 * STOPPED. {@link #close()} stops and waits, so try-with-resources never leaves a job behind.
 *
 * <pre>{@code
 * try (Recording r = Avline.copy(Input.url(u), Output.file(p)).start()) {
 *     RecordingResult result = r.await();
 * }
 * }</pre>
 */
public final class Recording implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Recording.class);
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final JobContext context;
    private final CompletableFuture<RecordingResult> result = new CompletableFuture<>();
    private final Thread thread;

    private final Duration closeTimeout;
    private final Job job;
    private final Runnable preflight;
    private final Notifier notifier;

    private Recording(String name, Job job, Builder b) {
        JobThreads threads = b.threadFactory == null ? JobThreads.PLATFORM : new JobThreads(b.threadFactory);
        this.job = job;
        this.preflight = b.preflight;
        this.closeTimeout = b.closeTimeout;
        // The job's thread first: a factory that refuses it (or makes a virtual one) fails before
        // the notifier's thread is started.
        this.thread = threads.newThread(this::runJob, name, b.daemon);
        this.notifier = new Notifier(name, b.events, b.progress, threads);
        this.context = new JobContext(name, b.statsPeriod, b.maxDuration, notifier, b.eventHistory, threads);
    }

    private void runJob() {
        run(job, preflight, notifier);
    }

    /** How to run a job: listeners, progress period, maximum duration. */
    public static final class Builder {
        private final Job job;
        private String name;
        private EventListener events;
        private ProgressListener progress;
        private Duration statsPeriod = Duration.ofSeconds(5);
        private Duration maxDuration;
        private boolean daemon = false;
        private int eventHistory = EventHistory.DEFAULT_LIMIT;
        private Duration closeTimeout = Duration.ofSeconds(30);
        private Runnable preflight;
        private java.util.concurrent.ThreadFactory threadFactory;

        Builder(Job job, String kind) {
            this.job = job;
            this.name = "avline-" + kind + "-" + COUNTER.incrementAndGet();
        }

        /**
         * Names the job's thread and its FFmpeg log lines.
         *
         * @param name the name
         * @return this builder
         */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name);
            return this;
        }

        /**
         * Each event of the job, on avline's notifier thread (never on the job's).
         *
         * @param listener the listener, or null for none
         * @return this builder
         */
        public Builder onEvent(EventListener listener) {
            this.events = listener;
            return this;
        }

        /**
         * A progress snapshot every {@link #statsPeriod}, on avline's notifier thread.
         *
         * @param listener the listener, or null for none
         * @return this builder
         */
        public Builder onProgress(ProgressListener listener) {
            this.progress = listener;
            return this;
        }

        /**
         * Progress period; default 5 s, at least 100 ms.
         *
         * @param period at least 100 ms
         * @return this builder
         */
        public Builder statsPeriod(Duration period) {
            if (period.toMillis() < 100) {
                throw new IllegalArgumentException("stats_period must be at least 100 ms, got " + period.toMillis() + " ms");
            }
            this.statsPeriod = period;
            return this;
        }

        /**
         * Finish by itself once this much media time is written.
         *
         * @param d positive, or null for no limit
         * @return this builder
         */
        public Builder maxDuration(Duration d) {
            if (d != null && (d.isZero() || d.isNegative())) {
                throw new IllegalArgumentException("duration must be positive, got " + d);
            }
            this.maxDuration = d;
            return this;
        }

        /**
         * Whether the job's threads are daemon threads (default false: the JVM waits for the job).
         *
         * @param daemon true for daemon threads
         * @return this builder
         */
        public Builder daemon(boolean daemon) {
            this.daemon = daemon;
            return this;
        }

        /**
         * How many events the result keeps (default 1,000; 0 keeps none): routine {@code segment}
         * events go first when it is full, and every event still reaches {@link #onEvent}. The
         * result counts the others ({@link RecordingResult#eventsDropped()}).
         *
         * @param events how many, 0 or more
         * @return this builder
         */
        public Builder eventHistory(int events) {
            if (events < 0) throw new IllegalArgumentException("event history must not be negative: " + events);
            this.eventHistory = events;
            return this;
        }

        /**
         * How long {@link Recording#close()} waits for the job to end after asking it to stop
         * (default 30 s); then it logs where the job is stuck and returns, leaving it running.
         *
         * @param timeout not negative
         * @return this builder
         */
        public Builder closeTimeout(Duration timeout) {
            if (timeout.isNegative()) throw new IllegalArgumentException("close timeout must not be negative: " + timeout);
            this.closeTimeout = timeout;
            return this;
        }

        /** Checks to make on the job's thread before it opens anything (the output-file rules). */
        Builder preflight(Runnable check) {
            this.preflight = check;
            return this;
        }

        /**
         * Makes every thread of this job with {@code factory} instead of {@code new Thread}: the
         * job's own thread, the one that calls its listeners (only when it has any), and a
         * transcode's stage threads (demux, each decoder, filter and encoder, the muxer). avline
         * names each thread after the job and sets its daemon flag; the factory decides the rest
         * (group, priority, context class loader, uncaught-exception handler, accounting). FFmpeg's
         * own threads inside codecs are not Java threads: {@code TranscodeSettings.codecThreads} caps them.
         *
         * <p>The factory must make <b>platform threads</b>. These threads spend their lives in blocking
         * native calls (network reads inside FFmpeg, decoding, encoding), and a virtual thread blocked
         * in a native call pins its carrier: a few such jobs would hold every carrier of the JVM's
         * scheduler and stall all other virtual threads. A factory that makes a virtual thread
         * is refused when the job starts, with an error saying so.
         *
         * @param factory makes platform threads
         * @return this builder
         */
        public Builder threadFactory(java.util.concurrent.ThreadFactory factory) {
            this.threadFactory = Objects.requireNonNull(factory, "threadFactory");
            return this;
        }

        /**
         * Starts the job on its own thread and returns at once.
         *
         * @return the running job
         */
        public Recording start() {
            Recording r = new Recording(name, job, this);
            r.thread.start();
            return r;
        }

        /**
         * Runs on the calling thread's behalf and waits for the end.
         *
         * @return how it ended
         */
        public RecordingResult run() {
            try (Recording r = start()) {
                return r.await();
            }
        }
    }

    private void run(Job job, Runnable preflight, Notifier notifier) {
        LogBridge.attribute(context.name());
        JobSummary summary = null;
        Throwable failure = null;
        try {
            if (preflight != null) preflight.run();
            summary = job.run(context);
        } catch (JobFailure f) {
            summary = f.written();
            failure = f.getCause();
        } catch (Throwable t) {
            failure = t;
        } finally {
            LogBridge.attribute(null);
        }
        java.nio.file.Path partial = null;
        try {
            partial = context.settleOutputs(failure != null);
        } catch (RuntimeException e) {
            if (failure == null) failure = e; // the new file could not take the old one's place
            else failure.addSuppressed(e);
        }
        if (failure != null) LOG.warn("{} failed: {}", context.name(), failure.getMessage());
        if (partial != null) LOG.warn("{}: what it wrote before it failed is kept in {}", context.name(), partial);
        if (summary == null) summary = new JobSummary("", 0, 0, 0);
        notifier.close();
        RecordingResult.State state = failure != null ? RecordingResult.State.FAILED
                : context.stopRequested() ? RecordingResult.State.STOPPED : RecordingResult.State.DONE;
        result.complete(new RecordingResult(state, summary.output(), summary.mediaSeconds(), summary.bytes(),
                summary.packets(), context.events(), failure, context.eventsDropped(), partial));
    }

    /** {@return the job's name (its thread's, and the prefix of its FFmpeg log lines)} */
    public String name() {
        return context.name();
    }

    /** Asks the job to stop; returns at once. Safe from any thread, any number of times. */
    public void stop() {
        context.requestStop();
    }

    /**
     * Waits for the end.
     *
     * @return how it ended
     */
    public RecordingResult await() {
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + name(), e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * Waits at most {@code timeout}.
     *
     * @param timeout how long to wait
     * @return how it ended
     * @throws TimeoutException when the job is still running after {@code timeout}
     */
    public RecordingResult await(Duration timeout) throws TimeoutException {
        try {
            return result.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + name(), e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** {@return true once the job has ended and its result is ready} */
    public boolean isDone() {
        return result.isDone();
    }

    /** {@return the latest progress snapshot, or null before the first} */
    public Progress progress() {
        return context.lastProgress();
    }

    /** {@return events so far} */
    public java.util.List<dev.avline.events.Event> events() {
        return context.events();
    }

    /**
     * Completes when the job ends.
     *
     * @return a future of the result (completing it does not affect the job)
     */
    public CompletableFuture<RecordingResult> completion() {
        return result.copy();
    }

    /**
     * {@return events the listener did not get because it fell too far behind (its queue was full)}
     */
    public long eventsNotDelivered() {
        return notifier.dropped();
    }

    /**
     * Stops and waits for the output to be finalized, at most the {@link Builder#closeTimeout}: a
     * job stuck beyond it (a native call that never returns) is logged with where it is stuck and
     * left running, so that closing never hangs its caller.
     */
    @Override
    public void close() {
        stop();
        try {
            await(closeTimeout);
        } catch (TimeoutException e) {
            StringBuilder where = new StringBuilder();
            for (StackTraceElement f : thread.getStackTrace()) where.append("\n\tat ").append(f);
            LOG.error("{} did not end within {} s of being stopped; left running. Its thread is at:{}", name(),
                    closeTimeout.toSeconds(), where);
        }
    }
}
