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
    private final Thread thread;

    Notifier(String name, EventListener events, ProgressListener progress) {
        this.events = events;
        this.progress = progress;
        this.thread = new Thread(this::loop, name + "-notifier");
        thread.setDaemon(true);
        thread.start();
    }

    void event(Event e) {
        queue.add(e);
    }

    void progress(Progress p) {
        if (progress == null) return;
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
        queue.add(END);
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
