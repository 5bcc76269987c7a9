package dev.avline.transcode;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.avline.JobContext;
import dev.avline.events.Adapt;

/**
 * Runs a transcode's {@link Adaptation} on its own thread: four times a second it samples the video
 * encoders (media time, time spent encoding) and the machine's CPU load for the {@link Adapter}, and
 * applies the steps it decides: a new preset or rate to every encoder, or the last resort, from the
 * first segment boundary that no encoder has reached yet (the next frame, for a single output
 * without segments). Each step is an {@link Adapt} event. Ends with the job's outputs.
 */
final class AdaptStage extends Stage {
    private static final Logger LOG = LoggerFactory.getLogger(AdaptStage.class);
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
    /** A change applies from the first boundary at least this far after the furthest encoder. */
    private static final double LEAD_SECONDS = 0.5;

    /** The measure of last resort: a smaller picture (a single output, or a ladder's top rendition). */
    interface LastResort {
        /** What it changes, before and after ("1280x720", "960x540"). */
        String[] describe();

        /** Takes it ({@code down}) or undoes it, from media time {@code fromSeconds}. */
        void apply(boolean down, double fromSeconds);
    }

    private final Adapter adapter;
    private final List<EncodeStage> encoders;
    private final KeyframeSchedule boundaries; // null: no segments, changes apply at the next frame
    private final LastResort lastResort;
    private final JobContext ctx;
    private final BooleanSupplier ended;
    private final Adaptation.CpuLoad cpu;
    private int version;
    private double pendingFrom = Double.NaN; // a step not yet reached by every encoder

    AdaptStage(Control control, Adapter adapter, Adaptation.CpuLoad cpu, List<EncodeStage> encoders, double segmentSeconds,
               LastResort lastResort, JobContext ctx, BooleanSupplier ended) {
        super("adapt", control);
        this.cpu = cpu;
        this.adapter = adapter;
        this.encoders = List.copyOf(encoders);
        this.boundaries = segmentSeconds > 0 ? new KeyframeSchedule(segmentSeconds) : null;
        this.lastResort = lastResort;
        this.ctx = ctx;
        this.ended = ended;
    }

    @Override
    void work() {
        long next = System.nanoTime() + TICK_NANOS;
        while (!ended.getAsBoolean()) {
            control.check();
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(Math.min(wait, TimeUnit.MILLISECONDS.toNanos(20)));
                continue;
            }
            long now = System.nanoTime();
            next = now + TICK_NANOS;
            if (!Double.isNaN(pendingFrom)) {
                // An encoder still works on frames from before the step (a slow preset drains its
                // lookahead first): what it measures now says nothing about the new settings.
                if (!reached(pendingFrom)) continue;
                pendingFrom = Double.NaN;
                adapter.changeApplied(now);
            }
            Adapter.Step step = adapter.tick(sample(now));
            if (step != null) apply(step);
        }
    }

    private boolean reached(double seconds) {
        for (EncodeStage e : encoders) {
            double t = e.lastFrameSeconds();
            if (Double.isNaN(t) || t + 1e-6 < seconds) return false;
        }
        return true;
    }

    private Adapter.Sample sample(long now) {
        double media = Double.MAX_VALUE;
        long[] busy = new long[encoders.size()];
        for (int i = 0; i < encoders.size(); i++) {
            EncodeStage e = encoders.get(i);
            busy[i] = e.busyNanos();
            double t = e.lastFrameSeconds();
            media = Math.min(media, Double.isNaN(t) ? 0 : t);
        }
        return new Adapter.Sample(now, media == Double.MAX_VALUE ? 0 : media, busy, cpuLoad(cpu));
    }

    /** The recent CPU load of the machine or of this JVM, 0 to 1 (all cores busy: 1); -1 where the JVM cannot tell. */
    static double cpuLoad(Adaptation.CpuLoad which) {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            double load = which == Adaptation.CpuLoad.PROCESS ? sun.getProcessCpuLoad() : sun.getCpuLoad();
            return load >= 0 && !Double.isNaN(load) ? load : -1;
        }
        return -1;
    }

    private void apply(Adapter.Step step) {
        double furthest = 0;
        for (EncodeStage e : encoders) {
            double t = e.lastFrameSeconds();
            if (!Double.isNaN(t)) furthest = Math.max(furthest, t);
        }
        // With segments: the first boundary no encoder has reached; without: the next frame.
        double from = boundaries != null ? boundaries.boundaryAtOrAfter(furthest + LEAD_SECONDS) : furthest + 1e-3;
        String measure;
        if (step.measure() == Adapter.Measure.LAST_RESORT) {
            lastResort.apply(step.down(), from);
            measure = "resolution";
        } else {
            Retune r = new Retune(++version, from, adapter.preset(), adapter.rateFactor());
            for (EncodeStage e : encoders) e.retune(r);
            measure = step.measure() == Adapter.Measure.PRESET ? "preset" : "bitrate";
        }
        pendingFrom = from;
        Adapt event = new Adapt(Instant.now(), step.down() ? "down" : "up", measure, step.from(), step.to(), step.reason(),
                step.speed(), step.cpuLoad(), step.busy(), from);
        LOG.info("{}: adapt {} {}: {} → {} from {} s ({})", ctx.name(), event.direction(), measure, step.from(), step.to(),
                String.format(Locale.ROOT, "%.3f", from), step.reason());
        ctx.emit(event);
    }
}
