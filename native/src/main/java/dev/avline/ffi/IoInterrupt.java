package dev.avline.ffi;

import org.bytedeco.ffmpeg.avformat.AVIOInterruptCB;
import org.bytedeco.javacpp.Pointer;

/**
 * FFmpeg's AVIO interrupt callback, seen from Java: blocking opens, reads and writes of a
 * container (and every nested open that inherits its callback) return {@code AVERROR_EXIT} soon
 * after {@link #interrupt()} is called from any thread, or once an armed deadline has passed
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
                return i != null && i.triggered() ? 1 : 0;
            } catch (Throwable t) {
                return 0;
            }
        }
    };

    private volatile boolean interrupted;
    private volatile long deadlineNanos; // 0 = none
    private volatile String reason;

    /** Interrupts every blocking call now and from now on. */
    public void interrupt(String why) {
        reason = why;
        interrupted = true;
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

    /** Why {@link #interrupt(String)} was called, or null. */
    public String reason() {
        return reason;
    }

    static void register(Pointer opaque, IoInterrupt interrupt) {
        BY_OPAQUE.put(opaque.address(), interrupt);
    }

    static void unregister(Pointer opaque) {
        BY_OPAQUE.remove(opaque.address());
    }
}
