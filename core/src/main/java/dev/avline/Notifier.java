package dev.avline;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.avline.events.Event;
import dev.avline.events.EventListener;

/**
 * Delivers events and progress to listeners on its own daemon thread, so a slow or failing
 * listener never blocks a pipeline. Events are delivered in order; progress is coalesced (a
 * listener that falls behind sees the newest snapshot). The queue is bounded
 * ({@value #CAPACITY} events): a listener that falls that far behind loses the newest events,
 * counted ({@link #dropped()}) and logged, rather than growing the heap or blocking the job.
 */
final class Notifier implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);
    private static final Object WAKE = new Object();
    private static final Object END = new Object();
    static final int CAPACITY = 4096;

    private final EventListener events;
    private final ProgressListener progress;
    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>(CAPACITY);
    private final java.util.concurrent.atomic.AtomicLong dropped = new java.util.concurrent.atomic.AtomicLong();
    private volatile boolean ending;
    private final String name;
    private final AtomicReference<Progress> latest = new AtomicReference<>();
    private final Thread thread; // null when there is no listener: nothing to deliver, no thread

    Notifier(String name, EventListener events, ProgressListener progress, JobThreads threads) {
        this.events = events;
        this.progress = progress;
        this.name = name;
        if (events == null && progress == null) {
            this.thread = null;
            return;
        }
        this.thread = threads.newThread(this::loop, name + "-notifier", true);
        thread.start();
    }

    void event(Event e) {
        if (thread == null || events == null) return;
        if (!queue.offer(e) && dropped.incrementAndGet() == 1) {
            LOG.warn("{}: the event listener is {} events behind; events are dropped (and counted) until it catches up",
                    name, CAPACITY);
        }
    }

    void progress(Progress p) {
        if (thread == null || progress == null) return;
        if (latest.getAndSet(p) == null) queue.offer(WAKE); // a full queue is drained anyway: the snapshot waits in 'latest'
    }

    /** Events the listener did not get because the queue was full. */
    long dropped() {
        return dropped.get();
    }

    private void loop() {
        try {
            for (;;) {
                Object o = queue.poll(200, TimeUnit.MILLISECONDS);
                if (o == null) {
                    deliverProgress(); // a snapshot whose wake-up did not fit in a full queue
                    if (ending) return;
                    continue;
                }
                if (o == END) {
                    deliverProgress();
                    return;
                }
                if (o == WAKE) deliverProgress();
                else if (o instanceof Event e && events != null) {
                    try {
                        events.onEvent(e);
                    } catch (RuntimeException ex) {
                        LOG.warn("event listener failed on {}: {}", e.kind(), ex.toString());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void deliverProgress() {
        Progress p = latest.getAndSet(null);
        if (p != null && progress != null) {
            try {
                progress.onProgress(p);
            } catch (RuntimeException ex) {
                LOG.warn("progress listener failed: {}", ex.toString());
            }
        }
    }

    /** Delivers everything queued, then stops; waits up to 5 s for slow listeners. */
    @Override
    public void close() {
        if (thread == null) return;
        ending = true;
        queue.offer(END); // when the queue is full, the loop ends on 'ending' once it has drained it
        long d = dropped.get();
        if (d > 0) LOG.warn("{}: {} events were not delivered to the slow event listener", name, d);
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
