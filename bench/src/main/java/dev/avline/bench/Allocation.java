package dev.avline.bench;

import java.lang.management.ManagementFactory;
import java.util.Locale;

/** Bytes of Java heap a thread allocated (HotSpot's per-thread counter, exact to the TLAB). */
final class Allocation {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private Allocation() {
    }

    static long onThisThread() {
        return THREADS.getCurrentThreadAllocatedBytes();
    }

    static String perPacket(long bytes, long packets, String scope) {
        return String.format(Locale.ROOT, "%.1f KB allocated for %d packets = %.0f B/packet, setup included (%s)",
                bytes / 1024.0, packets, packets == 0 ? 0.0 : (double) bytes / packets, scope);
    }
}
