package dev.avline.ffi;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How many entries avline's static callback tables hold now: interrupt callbacks, custom I/O
 * contexts, nested-open hooks and file hooks of muxers that write their own files. Each belongs to an open input, output or fetch and is removed
 * when its owner closes, so once every job has ended these are back where they started; a count
 * that only grows is a leak (and keeps a finished job reachable). For leak tests and soak reports.
 */
public final class Registrations {
    private Registrations() {
    }

    /** {"interrupts": n, "io_contexts": n, "nested_opens": n, "output_files": n}. */
    public static Map<String, Integer> snapshot() {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("interrupts", IoInterrupt.registrations());
        m.put("io_contexts", IoContext.registrations());
        m.put("nested_opens", NestedOpens.installed());
        m.put("output_files", OutputFiles.installed());
        return m;
    }

    /** All entries together. */
    public static int total() {
        return snapshot().values().stream().mapToInt(Integer::intValue).sum();
    }
}
