package dev.avline.ffi;

import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Base of every owning handle: one native object, freed exactly once by {@link #free()}.
 *
 * <p>Use after close and concurrent close must never reach native code (that would crash the JVM,
 * and with it every pipeline of the server). Each native call runs between {@link #enter()} and
 * {@link #exit()}; {@link #close()} marks the handle closed at once, and the memory is freed by
 * whoever leaves last: a close racing with a call in flight defers the free until that call returns.
 *
 * <p>No finalizer frees anything. A {@link Cleaner} only <em>reports</em> a handle that became
 * unreachable while still open (a leak), and counts it for tests.
 */
public abstract class NativeResource implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NativeResource.class);
    private static final Cleaner LEAK_REPORTER = Cleaner.create();
    private static final AtomicLong LEAKS = new AtomicLong();
    private static final int CLOSED = 1 << 30;

    private final AtomicInteger state = new AtomicInteger();
    private final LeakState leak;

    protected NativeResource() {
        Ffmpeg.ensureLoaded();
        leak = new LeakState(getClass().getSimpleName());
        LEAK_REPORTER.register(this, leak);
    }

    /** Handles that were garbage-collected without being closed, since the JVM started. */
    public static long leakedHandles() {
        return LEAKS.get();
    }

    /** Marks the start of a native call; throws if the handle is closed. */
    protected final void enter() {
        for (;;) {
            int s = state.get();
            if ((s & CLOSED) != 0) {
                throw new IllegalStateException(describe() + " is closed");
            }
            if (state.compareAndSet(s, s + 1)) return;
        }
    }

    /** Marks the end of a native call started with {@link #enter()}. */
    protected final void exit() {
        if (state.decrementAndGet() == CLOSED) freeOnce();
    }

    public final boolean isClosed() {
        return (state.get() & CLOSED) != 0;
    }

    /** True once the native memory was freed (closed, and no call was still in flight). */
    final boolean isFreed() {
        return leak.freed.get();
    }

    /** Idempotent; safe to call from any thread, also while another thread is inside a call. */
    @Override
    public final void close() {
        for (;;) {
            int s = state.get();
            if ((s & CLOSED) != 0) return;
            if (state.compareAndSet(s, s | CLOSED)) {
                beforeClose();
                if (s == 0) freeOnce();
                return;
            }
        }
    }

    private void freeOnce() {
        if (leak.freed.compareAndSet(false, true)) {
            free();
        }
    }

    /** Called once, on the closing thread, before the free (may run while a call is in flight). */
    protected void beforeClose() {
    }

    /** Frees the native memory. Called exactly once, when no call is in flight. */
    protected abstract void free();

    protected String describe() {
        return getClass().getSimpleName();
    }

    private static final class LeakState implements Runnable {
        final String type;
        final AtomicBoolean freed = new AtomicBoolean();

        LeakState(String type) {
            this.type = type;
        }

        @Override
        public void run() {
            if (!freed.get()) {
                LEAKS.incrementAndGet();
                LOG.warn("avline leak: a {} was never closed (its native memory is lost)", type);
            }
        }
    }
}
