package dev.avline.hls;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import dev.avline.JobContext;
import dev.avline.Progress;

/**
 * Keeps a live recording's progress coming every stats period while no packet arrives (an outage,
 * a stalled playlist, the wait for the first segment). The writer reports only when it writes, so
 * the recording's own thread makes the snapshots while it waits ({@link #beat()}: called from
 * FFmpeg's interrupt polls, about every 100 ms in network waits, and from avline's own pauses),
 * with exact numbers. A timer thread is the fallback for waits that do not poll (a blocking DNS
 * lookup): when the newest snapshot is two periods old, it repeats it with the elapsed time,
 * rates and reconnect count brought up to date. It reads only that immutable record and a counter,
 * never a native handle. One daemon thread serves every live recording in the process.
 */
final class ProgressTicker implements AutoCloseable {
    private static final ScheduledThreadPoolExecutor TIMER = timer();

    private final JobContext context;
    private final LongSupplier reconnects;
    private final Thread owner;
    private final long periodNanos;
    private final ScheduledFuture<?> task;
    private long nextBeatNanos;
    private boolean closed; // guarded by this

    private ProgressTicker(JobContext context, LongSupplier reconnects) {
        this.context = context;
        this.reconnects = reconnects;
        this.owner = Thread.currentThread();
        this.periodNanos = context.statsPeriod().toNanos();
        long checkMillis = Math.max(20, context.statsPeriod().toMillis() / 2);
        this.task = TIMER.scheduleWithFixedDelay(this::fallback, checkMillis, checkMillis, TimeUnit.MILLISECONDS);
    }

    /** Starts ticking for the job running on the calling thread. */
    static ProgressTicker start(JobContext context, LongSupplier reconnects) {
        return new ProgressTicker(context, reconnects);
    }

    private static ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
            Thread th = new Thread(r, "avline-live-progress");
            th.setDaemon(true);
            return th;
        });
        t.setRemoveOnCancelPolicy(true);
        return t;
    }

    /**
     * On the recording's thread while it waits: {@code writer} (its period-limited report with
     * exact numbers) when there is one, else an empty snapshot once a period. Cheap when nothing
     * is due; a no-op on any other thread.
     */
    void beat(Runnable writer) {
        if (Thread.currentThread() != owner) return;
        if (writer != null) {
            writer.run();
            return;
        }
        long now = System.nanoTime();
        if (now - nextBeatNanos < 0) return;
        nextBeatNanos = now + periodNanos;
        synchronized (this) {
            if (!closed) context.progress(repeat(context.lastProgress()));
        }
    }

    private synchronized void fallback() {
        if (closed) return;
        try {
            Progress last = context.lastProgress();
            if (last != null && context.elapsed().toNanos() - last.elapsed().toNanos() < 2 * periodNanos) return;
            context.progress(repeat(last));
        } catch (RuntimeException e) {
            // a failing tick must not cancel the schedule; the next one tries again
        }
    }

    /** {@code last} (or nothing written yet) as of now. */
    private Progress repeat(Progress last) {
        Duration elapsed = context.elapsed();
        double wall = Math.max(1e-9, elapsed.toNanos() / 1e9);
        long frames = last == null ? 0 : last.frames();
        double media = last == null ? 0 : last.outTimeSeconds();
        long bytes = last == null ? 0 : last.bytes();
        double kbps = last == null ? 0 : last.bitrateKbps();
        return new Progress(elapsed, frames, frames / wall, media, bytes, kbps, media / wall,
                0, 0, reconnects.getAsLong(), "none", Map.of(), false);
    }

    /** Stops ticking; no snapshot is made here after this returns (the final one is the recording's). */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        task.cancel(false);
    }
}
