package dev.avline.transcode;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.avline.JobContext;
import dev.avline.Progress;
import dev.avline.events.Adapt;

/**
 * Watches a running ladder from its own thread: a progress snapshot every stats period (each
 * rendition's frames, media time, speed and bytes), and, when the ladder adapts, a sample for the
 * {@link Adapter} four times a second, whose steps it applies to every rendition at the next
 * segment boundary. Ends when every rendition's muxer has ended.
 */
final class LadderMonitor extends Stage {
    private static final Logger LOG = LoggerFactory.getLogger(LadderMonitor.class);
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
    /** A change applies from the first boundary at least this far after the furthest encoder. */
    private static final double LEAD_SECONDS = 0.5;

    private final List<RenditionChain> chains;
    private final List<Link<?>> links;
    private final JobContext ctx;
    private final Adapter adapter;
    private final KeyframeSchedule boundaries;
    private final long periodNanos;
    private final boolean report;
    private int version;

    /**
     * @param adapter null when the ladder does not adapt
     * @param report false in a first pass (its media time would be counted again by the second)
     */
    LadderMonitor(Control control, List<RenditionChain> chains, List<Link<?>> links, JobContext ctx, Adapter adapter,
                  double segmentSeconds, boolean report) {
        super("monitor", control);
        this.chains = chains;
        this.links = links;
        this.ctx = ctx;
        this.adapter = adapter;
        this.boundaries = new KeyframeSchedule(segmentSeconds);
        this.periodNanos = ctx.statsPeriod().toNanos();
        this.report = report;
    }

    @Override
    void work() {
        long nextReport = System.nanoTime() + periodNanos;
        long nextTick = System.nanoTime() + TICK_NANOS;
        while (!allEnded()) {
            control.check();
            long now = System.nanoTime();
            long due = Math.min(report ? nextReport : Long.MAX_VALUE, adapter != null ? nextTick : Long.MAX_VALUE);
            LockSupport.parkNanos(Math.max(1, Math.min(due - now, TimeUnit.MILLISECONDS.toNanos(20))));
            now = System.nanoTime();
            if (adapter != null && now - nextTick >= 0) {
                Adapter.Step step = adapter.tick(sample(now));
                if (step != null) apply(step);
                nextTick = now + TICK_NANOS;
            }
            if (report && now - nextReport >= 0) {
                ctx.progress(snapshot(false));
                nextReport = System.nanoTime() + periodNanos;
            }
        }
    }

    private boolean allEnded() {
        for (RenditionChain c : chains) {
            if (!c.mux.finished()) return false;
        }
        return true;
    }

    private Adapter.Sample sample(long now) {
        double media = Double.MAX_VALUE;
        long[] busy = new long[chains.size()];
        for (int i = 0; i < chains.size(); i++) {
            RenditionChain c = chains.get(i);
            busy[i] = c.encoder.busyNanos();
            double t = c.encoder.lastFrameSeconds();
            media = Math.min(media, Double.isNaN(t) ? 0 : t);
        }
        return new Adapter.Sample(now, media == Double.MAX_VALUE ? 0 : media, busy, cpuLoad());
    }

    /** The machine's recent CPU load, 0 to 1; -1 where the JVM cannot tell. */
    static double cpuLoad() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            double load = sun.getCpuLoad();
            return load >= 0 && !Double.isNaN(load) ? load : -1;
        }
        return -1;
    }

    /** Applies a step to every rendition from the first boundary the furthest encoder has not reached. */
    private void apply(Adapter.Step step) {
        double furthest = 0;
        for (RenditionChain c : chains) {
            double t = c.encoder.lastFrameSeconds();
            if (!Double.isNaN(t)) furthest = Math.max(furthest, t);
        }
        double from = boundaries.boundaryAtOrAfter(furthest + LEAD_SECONDS);
        Retune r = new Retune(++version, from, adapter.preset(), adapter.rateFactor());
        for (RenditionChain c : chains) c.encoder.retune(r);
        String measure = step.measure() == Adapter.Measure.PRESET ? "preset"
                : step.measure() == Adapter.Measure.BITRATE ? "bitrate" : "renditions";
        Adapt event = new Adapt(Instant.now(), step.down() ? "down" : "up", measure, step.from(), step.to(), step.reason(),
                step.speed(), step.cpuLoad(), step.busy(), from);
        LOG.info("{}: adapt {} {}: {} → {} from {} s ({})", ctx.name(), event.direction(), measure, step.from(), step.to(),
                String.format(java.util.Locale.ROOT, "%.3f", from), step.reason());
        ctx.emit(event);
    }

    /** A progress snapshot: the ladder as a whole (its slowest rendition's media time) and each rendition. */
    Progress snapshot(boolean last) {
        double wall = Math.max(1e-9, ctx.elapsed().toNanos() / 1e9);
        double media = Double.MAX_VALUE;
        long bytes = 0;
        long dropped = 0;
        List<Progress.RenditionProgress> renditions = new ArrayList<>();
        for (RenditionChain c : chains) {
            double out = c.outSeconds();
            media = Math.min(media, out);
            long b = c.bytes();
            bytes += b;
            dropped += c.encoder.dropped();
            double seconds = c.ledger != null ? c.ledger.seconds() : 0;
            renditions.add(new Progress.RenditionProgress(c.name(), c.width, c.height, c.encoder.frames(), out, out / wall, b,
                    seconds > 0 ? b * 8 / seconds / 1000 : 0, c.entry == null || c.entry.active()));
        }
        if (media == Double.MAX_VALUE) media = 0;
        long frames = chains.isEmpty() ? 0 : chains.get(0).encoder.frames();
        Map<String, Integer> depths = new LinkedHashMap<>();
        for (Link<?> l : links) depths.put(l.name(), l.depth());
        double seconds = chains.stream().mapToDouble(c -> c.ledger != null ? c.ledger.seconds() : 0).max().orElse(0);
        return new Progress(ctx.elapsed(), frames, frames / wall, media, bytes, seconds > 0 ? bytes * 8 / seconds / 1000 : 0,
                media / wall, dropped, 0, 0, "none", Collections.unmodifiableMap(depths), last, renditions);
    }
}
