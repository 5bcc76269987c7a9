package dev.avline.transcode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import dev.avline.JobContext;
import dev.avline.Progress;

/**
 * Reports a running ladder's progress from its own thread: a snapshot every stats period (the
 * ladder as a whole, and each rendition's frames, media time, speed and bytes). Ends when every
 * rendition's muxer has ended.
 */
final class LadderMonitor extends Stage {
    private final List<RenditionChain> chains;
    private final List<Link<?>> links;
    private final JobContext ctx;
    private final long periodNanos;
    private final boolean report;

    /** @param report false in a first pass (its media time would be counted again by the second) */
    LadderMonitor(Control control, List<RenditionChain> chains, List<Link<?>> links, JobContext ctx, boolean report) {
        super("progress", control);
        this.chains = chains;
        this.links = links;
        this.ctx = ctx;
        this.periodNanos = ctx.statsPeriod().toNanos();
        this.report = report;
    }

    @Override
    void work() {
        long nextReport = System.nanoTime() + periodNanos;
        while (!ended()) {
            control.check();
            long wait = nextReport - System.nanoTime();
            if (!report || wait > 0) {
                LockSupport.parkNanos(Math.min(report ? wait : Long.MAX_VALUE, TimeUnit.MILLISECONDS.toNanos(20)));
                continue;
            }
            ctx.progress(snapshot(false));
            nextReport = System.nanoTime() + periodNanos;
        }
    }

    /** True once every rendition's muxer has written its trailer. */
    boolean ended() {
        for (RenditionChain c : chains) {
            if (!c.mux.finished()) return false;
        }
        return true;
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
