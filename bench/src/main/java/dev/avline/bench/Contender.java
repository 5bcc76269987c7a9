package dev.avline.bench;

/**
 * One tool doing a {@link Workload}'s job: avline, the {@code ffmpeg} CLI, or JavaCV. Each
 * {@link #run()} is the whole job as a user experiences it (for the CLI: process start included).
 */
interface Contender {
    /** "avline", "ffmpeg-cli" or "javacv". */
    String name();

    /**
     * Called before each run, outside the timing: removes the previous run's output file, so that
     * no run pays for truncating the last one (freeing ~50 MB of page cache is several ms of system
     * time that a real job writing a new file does not spend).
     */
    default void prepare() throws Exception {
    }

    /** Does the whole job once. */
    void run() throws Exception;

    /** What the last run produced, for the sanity check that every tool did the same job. */
    OutputSummary lastOutput() throws Exception;

    /**
     * Runs the job once more and says how much Java heap it allocated (for avline: on the thread
     * that does the work), or null when not measured.
     */
    default String allocationReport() throws Exception {
        return null;
    }

    /** CPU seconds (user + system) the last {@link #run()} took, or NaN when not measured. */
    default double lastCpuSeconds() {
        return Double.NaN;
    }

    /**
     * Peak memory of a process doing the job once after one warm-up, or null to measure it in a
     * fresh JVM (in-process tools: see {@link PeakMemory}).
     */
    default PeakMemory.Figure measurePeakMemoryItself() throws Exception {
        return null;
    }
}
