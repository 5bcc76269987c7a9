package dev.avline.hls;

import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.avline.JobContext;
import dev.avline.events.Reconnect;

/**
 * When media last flowed, and why it does not now. The first failure of an outage is logged at
 * INFO, later ones are summarised every {@value #SUMMARY_SECONDS} s with a count; when media flows
 * again (a packet not written before reaches the output) the outage ends with one
 * {@link Reconnect} event. The outage budget is measured from the last media.
 */
final class OutageClock {
    private static final Logger LOG = LoggerFactory.getLogger(OutageClock.class);
    private static final long SUMMARY_SECONDS = 10;

    private final JobContext context;
    private final long budgetNanos;
    private volatile int recoveries;
    private String reason;          // null while media flows
    private long lastMediaNanos;
    private int failures;
    private long nextSummaryNanos;

    OutageClock(JobContext context, long budgetNanos) {
        this.context = context;
        this.budgetNanos = budgetNanos;
        this.lastMediaNanos = System.nanoTime();
    }

    /** Something failed that keeps media from flowing (logged once per outage, then summarised). */
    void failure(String why) {
        long now = System.nanoTime();
        failures++;
        if (reason == null) {
            reason = why;
            failures = 1;
            nextSummaryNanos = now + SUMMARY_SECONDS * 1_000_000_000L;
            LOG.info("{}: {}", context.name(), why);
            return;
        }
        reason = why;
        if (now - nextSummaryNanos >= 0) {
            nextSummaryNanos = now + SUMMARY_SECONDS * 1_000_000_000L;
            LOG.info("{}: still no media after {} s ({} failures); latest: {}", context.name(),
                    (now - lastMediaNanos) / 1_000_000_000L, failures, why);
        }
    }

    /** A packet not written before reached the output. */
    void media() {
        long now = System.nanoTime();
        if (reason != null) {
            recoveries++;
            double seconds = (now - lastMediaNanos) / 1e9;
            LOG.info("{}: media flows again after {} s", context.name(), String.format("%.2f", seconds));
            context.emit(new Reconnect(Instant.now(), recoveries, reason, seconds));
            reason = null;
        }
        lastMediaNanos = now;
    }

    boolean inOutage() {
        return reason != null;
    }

    String reason() {
        return reason;
    }

    /** Seconds since media last flowed. */
    double quietSeconds() {
        return (System.nanoTime() - lastMediaNanos) / 1e9;
    }

    boolean budgetSpent() {
        return System.nanoTime() - lastMediaNanos > budgetNanos;
    }

    long budgetSeconds() {
        return budgetNanos / 1_000_000_000L;
    }

    /** Outages that ended (the progress snapshots' reconnect count). */
    int recoveries() {
        return recoveries;
    }
}
