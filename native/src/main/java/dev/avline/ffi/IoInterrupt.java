package dev.avline.ffi;

import java.util.concurrent.CopyOnWriteArrayList;

import org.bytedeco.ffmpeg.avformat.AVIOInterruptCB;
import org.bytedeco.javacpp.Pointer;

/**
 * FFmpeg's AVIO interrupt callback, seen from Java: blocking opens, reads and writes of a
 * container (and every nested open that inherits its callback) return {@code AVERROR_EXIT} soon
 * after {@link #interrupt(String)} is called from any thread, or once an armed deadline has passed
 * (the stall watchdog).
 *
 * <p>JavaCPP callbacks have a fixed number of native thunks per class, so there is exactly one
 * callback instance; it finds the right {@code IoInterrupt} through the {@code opaque} pointer.
 */
public final class IoInterrupt {
    // FFmpeg polls the callback on every protocol read and write: the lookup must not box the address.
    private static final AddressMap<IoInterrupt> BY_OPAQUE = new AddressMap<>();

    static final AVIOInterruptCB.Callback_Pointer CALLBACK = new AVIOInterruptCB.Callback_Pointer() {
        @Override
        public int call(Pointer opaque) {
            try {
                IoInterrupt i = opaque == null ? null : BY_OPAQUE.get(opaque.address());
                return i != null && i.fire() ? 1 : 0;
            } catch (Throwable t) {
                return 0;
            }
        }
    };

    private volatile boolean interrupted;
    private volatile long deadlineNanos; // 0 = none
    private volatile String reason;
    private volatile String fired;
    private volatile Runnable onPoll;
    /** Wakes Java code blocked inside a custom I/O callback, which FFmpeg's callback cannot reach. */
    private final CopyOnWriteArrayList<Runnable> wakers = new CopyOnWriteArrayList<>();

    /** Interrupts every blocking call now and from now on. */
    public void interrupt(String why) {
        reason = why;
        interrupted = true;
        for (Runnable w : wakers) {
            try {
                w.run();
            } catch (RuntimeException ignored) {
                // one failing waker must not keep the others from running
            }
        }
    }

    /**
     * Runs {@code listener} each time FFmpeg polls this interrupt, on the polling thread: FFmpeg's
     * network code polls about every 100 ms while it waits (connects, reads, reconnect delays, the
     * HLS reload wait), so this is how a job blocked in network I/O can still do small periodic work
     * on its own thread (a progress snapshot). It must be quick and must not call back into the
     * input that is polling. Null removes it.
     */
    public void onPoll(Runnable listener) {
        this.onPoll = listener;
    }

    /** Runs {@code waker} on {@link #interrupt(String)} (at once when already interrupted). */
    void addWaker(Runnable waker) {
        wakers.add(waker);
        if (interrupted) waker.run();
    }

    void removeWaker(Runnable waker) {
        wakers.remove(waker);
    }

    public boolean isInterrupted() {
        return interrupted;
    }

    /** Interrupts blocking calls that are still running after {@code timeoutNanos}. */
    public void armDeadline(long timeoutNanos) {
        deadlineNanos = System.nanoTime() + Math.max(1, timeoutNanos);
    }

    public void disarmDeadline() {
        deadlineNanos = 0;
    }

    /** True once the armed deadline has passed (and it has not been disarmed or re-armed since). */
    public boolean deadlinePassed() {
        long d = deadlineNanos;
        return d != 0 && System.nanoTime() - d > 0;
    }

    public boolean triggered() {
        return interrupted || deadlinePassed();
    }

    /**
     * {@link #triggered()}, remembering why when it is: FFmpeg latches the error in the I/O
     * context, so later calls fail with EXIT after the deadline was re-armed or disarmed, and
     * their exception must still say what happened.
     */
    boolean fire() {
        Runnable poll = onPoll;
        if (poll != null) {
            try {
                poll.run();
            } catch (RuntimeException ignored) {
                // a listener must never turn into an interrupt
            }
        }
        if (interrupted) {
            fired = "interrupted: " + reason;
            return true;
        }
        if (deadlinePassed()) {
            fired = "no data within the stall timeout";
            return true;
        }
        return false;
    }

    /** Why FFmpeg was last told to give up ("interrupted: …", "no data within the stall timeout"), or null. */
    public String firedReason() {
        String f = fired;
        return interrupted ? "interrupted: " + reason : f;
    }

    /** Why {@link #interrupt(String)} was called, or null. */
    public String reason() {
        return reason;
    }

    /**
     * Makes FFmpeg's callback with {@code opaque} find {@code interrupt}. {@code opaque} must be an
     * allocation of the caller's own ({@link OpaqueToken}, a JavaCPP-allocated callback struct),
     * kept until after {@link #unregister}: never the address of an object FFmpeg frees.
     */
    static void register(Pointer opaque, IoInterrupt interrupt) {
        BY_OPAQUE.put(opaque.address(), interrupt);
    }

    /** Removes the registration of {@code interrupt} under {@code opaque}, and nothing else. */
    static void unregister(Pointer opaque, IoInterrupt interrupt) {
        BY_OPAQUE.remove(opaque.address(), interrupt);
    }

    /** Registrations alive now (for tests: a finished job leaves none). */
    static int registrations() {
        return BY_OPAQUE.size();
    }
}
