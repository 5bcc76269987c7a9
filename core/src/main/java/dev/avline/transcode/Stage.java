package dev.avline.transcode;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.avline.ffi.LogBridge;

/**
 * One thread's work in the pipeline. Whatever it throws becomes the pipeline's failure (when it is
 * the first), named after the stage; an {@link Control.Aborted} just ends it quietly.
 */
abstract class Stage implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Stage.class);

    final String name;
    final Control control;
    private String pipeline;
    private long allocatedAtStart;
    private volatile long allocatedBytes = -1;

    Stage(String name, Control control) {
        this.name = name;
        this.control = control;
    }

    void attribute(String pipelineName) {
        this.pipeline = pipelineName;
    }

    @Override
    public final void run() {
        allocatedAtStart = allocatedOnThisThread();
        LogBridge.attribute(pipeline);
        LogBridge.clearLastLine();
        try {
            work();
        } catch (Control.Aborted a) {
            // another stage failed first
        } catch (Throwable t) {
            if (!control.fail(name, t)) LOG.debug("{}: {} (after the first failure)", name, t.toString());
        } finally {
            try {
                cleanup();
            } catch (RuntimeException e) {
                LOG.debug("{}: cleanup failed: {}", name, e.toString());
            }
            LogBridge.attribute(null);
            allocatedBytes = allocatedOnThisThread() - allocatedAtStart;
        }
    }

    /**
     * Bytes this stage's thread allocated on the Java heap while it ran (-1 where the JVM cannot
     * tell): the check that the per-frame path allocates nothing.
     */
    long allocatedBytes() {
        return allocatedBytes;
    }

    private static long allocatedOnThisThread() {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        if (mx instanceof com.sun.management.ThreadMXBean sun && sun.isThreadAllocatedMemorySupported()) {
            return sun.getCurrentThreadAllocatedBytes();
        }
        return -1;
    }

    /** The stage's loop; returns at the end of its input. */
    abstract void work();

    /** Gives back slots held between iterations (runs on the stage's thread, also after a failure). */
    void cleanup() {
    }
}
