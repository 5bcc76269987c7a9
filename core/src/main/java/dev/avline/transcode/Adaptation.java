package dev.avline.transcode;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * How a live transcode adapts to the machine: it watches its own speed (media time written / wall
 * time, over {@link #window()}), how busy its encoders are, and the machine's CPU load; when it falls
 * behind it steps down, one measure at a time, and steps back up when there is room again.
 *
 * <h2>The ladder of measures</h2>
 * Stepping down takes the first measure that is left, in this order (stepping up undoes the last
 * one taken):
 * <ol>
 *   <li><b>preset</b>: libx264 one preset faster ({@link #presets()}: the configured preset, then each
 *       faster one down to {@code ultrafast}). The encoder is re-opened at the next segment boundary
 *       (the same frame in every rendition), so the stream carries new SPS/PPS at that IDR: MPEG-TS
 *       outputs only, since an fMP4 init section cannot change mid-playlist (skipped for fMP4);</li>
 *   <li><b>bitrate</b>: every video bitrate ×0.75, up to {@link #bitrateSteps()} times (libx264 takes
 *       it from the next frame, same headers: every container);</li>
 *   <li><b>renditions</b> (a ladder): the top rendition is dropped at a segment boundary (its
 *       playlist ends, the master is rewritten without it); stepping up brings it back in a new
 *       playlist. <b>resolution</b> (a single TS output): the picture is encoded at 3/4 of its size.</li>
 * </ol>
 *
 * <h2>When</h2>
 * Down: the speed stays below {@link #behind()} (0.97: real time is 1.0, with room for timer jitter)
 * for a whole window, or the machine's CPU load stays above {@link #cpuThreshold()}. Up: for
 * {@link #upAfter()} the speed kept up, the busiest encoder worked less than {@link #headroom()} of
 * the time and the CPU load stayed 0.15 under the threshold. After any step the next waits a full
 * window (the measurements must see the new settings); a step up that is undone within two windows
 * doubles the wait before the next step up (hysteresis: no see-saw). Each step is an
 * {@link dev.avline.events.Adapt} event.
 */
public final class Adaptation {
    /** Whose CPU load counts: the machine's (default) or this JVM's alone. */
    public enum CpuLoad {
        /** Every process on the machine: what a server sharing its CPU must react to. */
        MACHINE,
        /** This JVM only (avline's jobs and whatever else runs in it): immune to other processes' load. */
        PROCESS
    }

    static final List<String> X264_PRESETS = List.of("placebo", "veryslow", "slower", "slow", "medium", "fast",
            "faster", "veryfast", "superfast", "ultrafast");

    private final Duration window;
    private final Duration upAfter;
    private final double behind;
    private final double cpuThreshold;
    private final double headroom;
    private final List<String> presets;
    private final int bitrateSteps;
    private final boolean lastResort;
    private final CpuLoad cpuLoad;

    private Adaptation(Duration window, Duration upAfter, double behind, double cpuThreshold, double headroom,
                       List<String> presets, int bitrateSteps, boolean lastResort, CpuLoad cpuLoad) {
        this.cpuLoad = cpuLoad;
        this.window = window;
        this.upAfter = upAfter;
        this.behind = behind;
        this.cpuThreshold = cpuThreshold;
        this.headroom = headroom;
        this.presets = presets;
        this.bitrateSteps = bitrateSteps;
        this.lastResort = lastResort;
    }

    /** Window 3 s, up after 9 s, behind below 0.97, CPU 0.9, headroom 0.5, every faster preset, 2 bitrate steps, last resort on. */
    public static Adaptation defaults() {
        return new Adaptation(Duration.ofSeconds(3), Duration.ofSeconds(9), 0.97, 0.9, 0.5, null, 2, true, CpuLoad.MACHINE);
    }

    private Adaptation with(Duration w, Duration up, double b, double cpu, double h, List<String> p, int steps, boolean last) {
        return new Adaptation(w, up, b, cpu, h, p, steps, last, cpuLoad);
    }

    /** How long a measurement is averaged over, and held before acting (0.5 to 60 s). */
    public Adaptation window(Duration d) {
        Objects.requireNonNull(d, "adaptation.window");
        if (d.toMillis() < 500 || d.toSeconds() > 60) {
            throw new IllegalArgumentException("adaptation.window must be 0.5 to 60 s, got " + d.toMillis() + " ms");
        }
        return with(d, upAfter.compareTo(d) < 0 ? d : upAfter, behind, cpuThreshold, headroom, presets, bitrateSteps, lastResort);
    }

    /** How long there must be room before a step up (at least the window). */
    public Adaptation upAfter(Duration d) {
        Objects.requireNonNull(d, "adaptation.up_after");
        if (d.compareTo(window) < 0) {
            throw new IllegalArgumentException("adaptation.up_after must be at least the window (" + window.toMillis() + " ms)");
        }
        return with(window, d, behind, cpuThreshold, headroom, presets, bitrateSteps, lastResort);
    }

    /** The speed under which the transcode counts as behind (0.5 to 1.0; default 0.97). */
    public Adaptation behind(double speed) {
        if (!(speed >= 0.5 && speed <= 1.0)) throw new IllegalArgumentException("adaptation.behind must be 0.5 to 1.0, got " + speed);
        return with(window, upAfter, speed, cpuThreshold, headroom, presets, bitrateSteps, lastResort);
    }

    /** The machine's CPU load (0 to 1) above which it steps down; above 1 turns the CPU rule off. */
    public Adaptation cpuThreshold(double load) {
        if (!(load > 0.2)) throw new IllegalArgumentException("adaptation.cpu_threshold must be above 0.2, got " + load);
        return with(window, upAfter, behind, load, headroom, presets, bitrateSteps, lastResort);
    }

    /** Step up only while the busiest encoder works less than this share of the time (0.05 to 0.95). */
    public Adaptation headroom(double busy) {
        if (!(busy >= 0.05 && busy <= 0.95)) throw new IllegalArgumentException("adaptation.headroom must be 0.05 to 0.95, got " + busy);
        return with(window, upAfter, behind, cpuThreshold, busy, presets, bitrateSteps, lastResort);
    }

    /**
     * The presets to step through, slowest first (the first is where the encoder starts, whatever
     * the video settings say); default: the configured preset and every faster one.
     */
    public Adaptation presets(String... names) {
        if (names.length == 0) throw new IllegalArgumentException("adaptation.presets: give at least one");
        int last = -1;
        for (String n : names) {
            int i = X264_PRESETS.indexOf(n);
            if (i < 0) throw new IllegalArgumentException("adaptation.presets: '" + n + "' is not a libx264 preset " + X264_PRESETS);
            if (i <= last) throw new IllegalArgumentException("adaptation.presets must go from slower to faster: " + List.of(names));
            last = i;
        }
        return with(window, upAfter, behind, cpuThreshold, headroom, List.of(names), bitrateSteps, lastResort);
    }

    /** How many times the bitrate may be lowered by a quarter (0 to 4; default 2). */
    public Adaptation bitrateSteps(int n) {
        if (n < 0 || n > 4) throw new IllegalArgumentException("adaptation.bitrate_steps must be 0 to 4, got " + n);
        return with(window, upAfter, behind, cpuThreshold, headroom, presets, n, lastResort);
    }

    /** Whether the last measure (drop the top rendition / lower the resolution) may be taken (default on). */
    public Adaptation lastResort(boolean on) {
        return with(window, upAfter, behind, cpuThreshold, headroom, presets, bitrateSteps, on);
    }

    /** Whose CPU load {@link #cpuThreshold()} is compared with (default: the machine's). */
    public Adaptation cpuLoadOf(CpuLoad which) {
        Adaptation a = with(window, upAfter, behind, cpuThreshold, headroom, presets, bitrateSteps, lastResort);
        return new Adaptation(a.window, a.upAfter, a.behind, a.cpuThreshold, a.headroom, a.presets, a.bitrateSteps,
                a.lastResort, java.util.Objects.requireNonNull(which, "adaptation.cpu_load"));
    }

    public CpuLoad cpuLoadOf() {
        return cpuLoad;
    }

    public Duration window() {
        return window;
    }

    public Duration upAfter() {
        return upAfter;
    }

    public double behind() {
        return behind;
    }

    public double cpuThreshold() {
        return cpuThreshold;
    }

    public double headroom() {
        return headroom;
    }

    /** The presets given, or null for the configured one and every faster one. */
    public List<String> presets() {
        return presets;
    }

    /** The presets to step through starting from {@code configured} (libx264's default is medium). */
    List<String> presetsFrom(String configured) {
        if (presets != null) return presets;
        int i = X264_PRESETS.indexOf(configured == null ? "medium" : configured);
        return i < 0 ? List.of(configured) : X264_PRESETS.subList(i, X264_PRESETS.size());
    }

    public int bitrateSteps() {
        return bitrateSteps;
    }

    public boolean lastResort() {
        return lastResort;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "adaptation window %.1f s, up after %.1f s, behind < %.2f, cpu > %.2f, headroom %.2f",
                window.toMillis() / 1e3, upAfter.toMillis() / 1e3, behind, cpuThreshold, headroom);
    }
}
