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

    Stage(String name, Control control) {
        this.name = name;
        this.control = control;
    }

    void attribute(String pipelineName) {
        this.pipeline = pipelineName;
    }

    @Override
    public final void run() {
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
        }
    }

    /** The stage's loop; returns at the end of its input. */
    abstract void work();

    /** Gives back slots held between iterations (runs on the stage's thread, also after a failure). */
    void cleanup() {
    }
}
