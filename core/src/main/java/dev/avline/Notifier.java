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
 * listener never blocks a pipeline. Events are all delivered, in order; progress is coalesced
 * (a listener that falls behind sees the newest snapshot).
 */
final class Notifier implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);
    private static final Object WAKE = new Object();
    private static final Object END = new Object();

    private final EventListener events;
    private final ProgressListener progress;
    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final AtomicReference<Progress> latest = new AtomicReference<>();
    private final Thread thread; // null when there is no listener: nothing to deliver, no thread

    Notifier(String name, EventListener events, ProgressListener progress, JobThreads threads) {
        this.events = events;
        this.progress = progress;
        if (events == null && progress == null) {
            this.thread = null;
            return;
        }
        this.thread = threads.newThread(this::loop, name + "-notifier", true);
        thread.start();
    }

    void event(Event e) {
        if (thread != null && events != null) queue.add(e);
    }

    void progress(Progress p) {
        if (thread == null || progress == null) return;
        if (latest.getAndSet(p) == null) queue.add(WAKE);
    }

    private void loop() {
        try {
            for (;;) {
                Object o = queue.poll(1, TimeUnit.SECONDS);
                if (o == null) continue;
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
        queue.add(END);
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
