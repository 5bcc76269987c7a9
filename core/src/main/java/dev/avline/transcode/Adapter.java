package dev.avline.transcode;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;

/**
 * The decisions of {@link Adaptation}, apart from the pipeline they act on: fed a {@link Sample}
 * every tick, it says when to step down or up and which measure to take, following the documented
 * ladder of measures. It keeps only the samples of one window, so its memory is bounded by the
 * settings.
 */
final class Adapter {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Adapter.class);
    /** Below this share of busy time the encoders are not what holds the transcode back. */
    static final double SATURATED = 0.85;
    /** Stepping up needs the CPU load this far under the threshold. */
    static final double CPU_MARGIN = 0.15;
    private static final int MAX_BACKOFF = 16;

    /**
     * What the pipeline looks like at one moment.
     *
     * @param wallNanos {@code System.nanoTime()}
     * @param mediaSeconds media time encoded by the slowest active rendition
     * @param busyNanos each encoder's time spent encoding so far (cumulative)
     * @param cpuLoad the machine's CPU load, 0 to 1 (negative: unknown)
     */
    record Sample(long wallNanos, double mediaSeconds, long[] busyNanos, double cpuLoad) {
    }

    enum Measure { PRESET, BITRATE, LAST_RESORT }

    /** A step taken: what to apply, and why (for the event). */
    record Step(boolean down, Measure measure, String from, String to, String reason, double speed, double cpuLoad,
                double busy) {
    }

    /** What the window's samples say. */
    record Window(double speed, double busy, double cpuLoad) {
    }

    private final Adaptation cfg;
    private final List<String> presets;
    private final boolean presetsAllowed;
    private final boolean lastResortAllowed;
    private final String lastResortFrom;
    private final String lastResortTo;
    private final Deque<Sample> samples = new ArrayDeque<>();
    private final Deque<Measure> taken = new ArrayDeque<>();
    private final long windowNanos;
    private final double target;
    private int presetIndex;
    private int rateSteps;
    private long lastChange;
    private long lastUp = Long.MIN_VALUE;
    private long roomSince = Long.MIN_VALUE;
    private int backoff = 1;
    private boolean exhaustedLogged;

    /**
     * @param presets the presets to step through (the first is the one in use)
     * @param presetsAllowed false where a preset change cannot be carried (fMP4: one init section)
     * @param lastResort describes the last measure ("1280x720" → "960x540"), or null when there is none
     * @param target the speed that is real time for this input: 1.0 for a live source, the read rate
     *               of a file played out faster ({@code readRate})
     */
    Adapter(Adaptation cfg, List<String> presets, boolean presetsAllowed, String[] lastResort, double target,
            long startNanos) {
        this.cfg = cfg;
        this.target = target > 0 ? target : 1.0;
        this.presets = List.copyOf(presets);
        this.presetsAllowed = presetsAllowed && presets.size() > 1;
        this.lastResortAllowed = cfg.lastResort() && lastResort != null;
        this.lastResortFrom = lastResort != null ? lastResort[0] : null;
        this.lastResortTo = lastResort != null ? lastResort[1] : null;
        this.windowNanos = cfg.window().toNanos();
        this.lastChange = startNanos;
    }

    /** Takes a sample; returns the step to apply now, or null. */
    Step tick(Sample s) {
        samples.addLast(s);
        // Keep the newest samples that still span a whole window (ticks are never exactly on time).
        while (samples.size() > 2) {
            java.util.Iterator<Sample> it = samples.iterator();
            it.next();
            if (s.wallNanos() - it.next().wallNanos() < windowNanos) break;
            samples.removeFirst();
        }
        Sample first = samples.peekFirst();
        long span = s.wallNanos() - first.wallNanos();
        if (span < windowNanos * 9 / 10) return null; // not a whole window yet
        Window w = measure(samples);
        if (LOG.isDebugEnabled()) {
            LOG.debug("adaptation window: speed {} busy {} cpu {} (preset {}, rate ×{})", String.format(Locale.ROOT, "%.3f", w.speed()),
                    String.format(Locale.ROOT, "%.3f", w.busy()), String.format(Locale.ROOT, "%.3f", w.cpuLoad()), preset(), rateFactor());
        }
        boolean settled = s.wallNanos() - lastChange >= windowNanos; // the window saw only the current settings
        boolean behind = w.speed() < cfg.behind() * target && w.busy() >= SATURATED;
        boolean hot = w.cpuLoad() > cfg.cpuThreshold();
        boolean room = !behind && w.busy() < cfg.headroom() && (w.cpuLoad() < 0 || w.cpuLoad() < cfg.cpuThreshold() - CPU_MARGIN);
        if (room) {
            if (roomSince == Long.MIN_VALUE) roomSince = s.wallNanos();
        } else {
            roomSince = Long.MIN_VALUE;
        }
        if (!settled) return null;
        if (behind || hot) {
            Step step = down(w, behind ? String.format(Locale.ROOT, "speed %.2f < %.2f with the encoders busy %.0f %% of the time",
                    w.speed(), cfg.behind() * target, 100 * w.busy()) : String.format(Locale.ROOT, "CPU load %.2f > %.2f",
                    w.cpuLoad(), cfg.cpuThreshold()));
            if (step != null) {
                // An up step undone this soon was one too many: wait longer before the next.
                if (lastUp != Long.MIN_VALUE && s.wallNanos() - lastUp < 2 * windowNanos) backoff = Math.min(MAX_BACKOFF, backoff * 2);
                changed(s);
            }
            return step;
        }
        long hold = cfg.upAfter().toNanos() * backoff;
        if (room && !taken.isEmpty() && s.wallNanos() - roomSince >= hold) {
            Step step = up(w, String.format(Locale.ROOT, "room for %.1f s: speed %.2f, encoders busy %.0f %%, CPU load %s",
                    (s.wallNanos() - roomSince) / 1e9, w.speed(), 100 * w.busy(),
                    w.cpuLoad() < 0 ? "unknown" : String.format(Locale.ROOT, "%.2f", w.cpuLoad())));
            lastUp = s.wallNanos();
            changed(s);
            return step;
        }
        return null;
    }

    /**
     * The last step took effect now (every encoder reached the frame it applies from): measurements
     * start again from here, a whole window before the next decision.
     */
    void changeApplied(long nowNanos) {
        lastChange = nowNanos;
        roomSince = Long.MIN_VALUE;
        samples.clear();
    }

    private void changed(Sample s) {
        lastChange = s.wallNanos();
        roomSince = Long.MIN_VALUE;
        samples.clear();
        samples.addLast(s);
    }

    /** Speed and busy share from the first and last samples; the CPU load averaged over all of them (it is noisy). */
    static Window measure(java.util.Collection<Sample> window) {
        Sample first = null;
        Sample last = null;
        double cpuSum = 0;
        int cpuCount = 0;
        for (Sample s : window) {
            if (first == null) first = s;
            last = s;
            if (s.cpuLoad() >= 0) {
                cpuSum += s.cpuLoad();
                cpuCount++;
            }
        }
        double wall = Math.max(1, last.wallNanos() - first.wallNanos()) / 1e9;
        double speed = (last.mediaSeconds() - first.mediaSeconds()) / wall;
        double busy = 0;
        int n = Math.min(first.busyNanos().length, last.busyNanos().length);
        for (int i = 0; i < n; i++) busy = Math.max(busy, (last.busyNanos()[i] - first.busyNanos()[i]) / 1e9 / wall);
        return new Window(speed, Math.min(1, busy), cpuCount == 0 ? -1 : cpuSum / cpuCount);
    }

    private Step down(Window w, String reason) {
        if (presetsAllowed && presetIndex < presets.size() - 1) {
            String from = presets.get(presetIndex++);
            taken.push(Measure.PRESET);
            return new Step(true, Measure.PRESET, from, presets.get(presetIndex), reason, w.speed(), w.cpuLoad(), w.busy());
        }
        if (rateSteps < cfg.bitrateSteps()) {
            String from = factorName(rateSteps++);
            taken.push(Measure.BITRATE);
            return new Step(true, Measure.BITRATE, from, factorName(rateSteps), reason, w.speed(), w.cpuLoad(), w.busy());
        }
        if (lastResortAllowed && !taken.contains(Measure.LAST_RESORT)) {
            taken.push(Measure.LAST_RESORT);
            return new Step(true, Measure.LAST_RESORT, lastResortFrom, lastResortTo, reason, w.speed(), w.cpuLoad(), w.busy());
        }
        if (!exhaustedLogged) {
            exhaustedLogged = true;
            LOG.warn("falling behind ({}) and every measure is taken", reason);
        }
        return null;
    }

    private Step up(Window w, String reason) {
        Measure m = taken.pop();
        switch (m) {
            case PRESET: {
                String from = presets.get(presetIndex--);
                return new Step(false, m, from, presets.get(presetIndex), reason, w.speed(), w.cpuLoad(), w.busy());
            }
            case BITRATE: {
                String from = factorName(rateSteps--);
                return new Step(false, m, from, factorName(rateSteps), reason, w.speed(), w.cpuLoad(), w.busy());
            }
            default:
                return new Step(false, m, lastResortTo, lastResortFrom, reason, w.speed(), w.cpuLoad(), w.busy());
        }
    }

    /** The preset in use. */
    String preset() {
        return presets.get(presetIndex);
    }

    /** The share of the configured bitrate in use. */
    double rateFactor() {
        return Math.pow(0.75, rateSteps);
    }

    boolean lastResortTaken() {
        return taken.contains(Measure.LAST_RESORT);
    }

    private static String factorName(int steps) {
        return String.format(Locale.ROOT, "%.2f", Math.pow(0.75, steps));
    }
}
