package dev.avline.bench;

import java.nio.file.Path;
import java.util.List;

/** A job that {@link Compare} times with each tool: inputs, the tools, and run counts. */
interface Workload {
    String name();

    /** One line: what is done to what. */
    String description();

    int defaultRuns();

    int defaultWarmups();

    /** Why avline cannot do this job in this build, or null when it can. */
    default String avlineMissing() {
        return null;
    }

    /**
     * The tools, avline first. {@code work} is an empty scratch directory for outputs. Inputs are
     * generated (or taken from the cache) here, outside any timing.
     */
    List<Contender> contenders(Path work) throws Exception;
}
