package dev.avline.testkit;

import java.util.ArrayDeque;
import java.util.List;

/** The origin's request log for assertions: the latest entries, bounded so a long demo cannot exhaust memory. */
final class RequestLog {
    private final int limit;
    private final ArrayDeque<OriginRequest> entries = new ArrayDeque<>();

    RequestLog(int limit) {
        this.limit = limit;
    }

    void add(OriginRequest request) {
        synchronized (entries) {
            if (entries.size() >= limit) entries.removeFirst();
            entries.addLast(request);
        }
    }

    /** A copy, in arrival order, so callers can iterate while requests keep arriving. */
    List<OriginRequest> snapshot() {
        synchronized (entries) {
            return List.copyOf(entries);
        }
    }
}
