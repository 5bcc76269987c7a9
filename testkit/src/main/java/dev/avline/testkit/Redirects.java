package dev.avline.testkit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Redirects an origin answers instead of content: by exact request target (path and query, or
 * the path alone), with a status (301, 302, 307, 308), a {@code Location} as written (relative,
 * root-relative or absolute, possibly on the other loopback name), for a number of requests.
 * A chain is several rules, each pointing at the next.
 */
final class Redirects {
    /** One redirect rule, used up as requests arrive. */
    record Rule(int status, String location, AtomicInteger remaining) {
        boolean take() {
            return remaining.getAndUpdate(v -> v > 0 ? v - 1 : 0) > 0;
        }
    }

    private final Map<String, Rule> rules = new ConcurrentHashMap<>();

    void add(String target, int status, String location, int times) {
        if (status != 301 && status != 302 && status != 303 && status != 307 && status != 308) {
            throw new IllegalArgumentException("not a redirect status: " + status);
        }
        if (times < 1) throw new IllegalArgumentException("times must be at least 1");
        rules.put(target, new Rule(status, location, new AtomicInteger(times)));
    }

    /** The rule for this request (the full target first, then the path alone), or null; uses one up. */
    Rule take(String target, String path) {
        Rule r = rules.get(target);
        if (r == null) r = rules.get(path);
        return r != null && r.take() ? r : null;
    }
}
