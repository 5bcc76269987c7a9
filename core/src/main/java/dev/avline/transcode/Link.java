package dev.avline.transcode;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A bounded hand-over between two pipeline stages, with a fixed pool of packet or frame handles.
 * The producer takes a free slot ({@link #acquire()}, which blocks when the consumer is behind:
 * backpressure), moves its data into the slot's handle by reference and {@link #publish}es it; the
 * consumer {@link #take}s it, uses it, and {@link #release}s it back to the pool (the handle is
 * unreferenced then). Array-backed queues: nothing is allocated per item.
 *
 * <p>Waits wake every few milliseconds to look at the pipeline's {@link Control}, so an abort
 * reaches every blocked stage without interrupting threads (an interrupt would close the NIO channel
 * an output may be writing to).
 */
final class Link<H> implements AutoCloseable {
    private static final long WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final String name;
    private final Control control;
    private final ArrayBlockingQueue<Slot<H>> full;
    private final ArrayBlockingQueue<Slot<H>> free;
    private final List<H> handles = new ArrayList<>();
    private final Consumer<H> unref;
    private final Consumer<H> close;

    Link(String name, int capacity, Supplier<H> factory, Consumer<H> unref, Consumer<H> close, Control control) {
        this.name = name;
        this.control = control;
        this.full = new ArrayBlockingQueue<>(capacity);
        this.free = new ArrayBlockingQueue<>(capacity);
        this.unref = unref;
        this.close = close;
        try {
            for (int i = 0; i < capacity; i++) {
                H h = factory.get();
                handles.add(h);
                free.add(new Slot<>(h));
            }
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    String name() {
        return name;
    }

    /** A free slot; blocks while all are in use downstream. */
    Slot<H> acquire() {
        try {
            for (;;) {
                control.check();
                Slot<H> s = free.poll(WAIT_NANOS, TimeUnit.NANOSECONDS);
                if (s != null) {
                    s.end = false;
                    return s;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Control.Aborted.INSTANCE;
        }
    }

    /** Hands a filled slot to the consumer (never blocks: the full queue holds the whole pool). */
    void publish(Slot<H> s) {
        full.add(s);
    }

    /** Tells the consumer that {@code stream} ended. */
    void publishEnd(int stream) {
        Slot<H> s = acquire();
        s.end = true;
        s.stream = stream;
        publish(s);
    }

    /** The next filled slot; blocks until there is one. */
    Slot<H> take() {
        try {
            for (;;) {
                control.check();
                Slot<H> s = full.poll(WAIT_NANOS, TimeUnit.NANOSECONDS);
                if (s != null) return s;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Control.Aborted.INSTANCE;
        }
    }

    /** The next filled slot, or null after {@code nanos}. */
    Slot<H> poll(long nanos) {
        control.check();
        try {
            return full.poll(Math.max(0, Math.min(nanos, WAIT_NANOS)), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Control.Aborted.INSTANCE;
        }
    }

    /** Gives a used slot back to the pool, dropping its data reference. */
    void release(Slot<H> s) {
        if (!s.end) unref.accept(s.item);
        s.end = false;
        free.add(s);
    }

    /** Items waiting for the consumer. */
    int depth() {
        return full.size();
    }

    /** Frees every handle (after all stages have stopped). */
    @Override
    public void close() {
        for (H h : handles) close.accept(h);
    }
}
