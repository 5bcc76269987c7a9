package dev.avline.transcode;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The pipeline's shared state: the first failure of any stage, which aborts every other stage at
 * its next wait. Later failures (usually consequences of the first) are only logged.
 */
final class Control {
    private final AtomicReference<StageFailure> failure = new AtomicReference<>();
    private volatile boolean aborted;

    /** Thrown inside a stage to unwind it after another stage failed; never escapes the stage. */
    static final class Aborted extends RuntimeException {
        private static final long serialVersionUID = 1L;
        static final Aborted INSTANCE = new Aborted();

        private Aborted() {
            super("aborted", null, false, false);
        }
    }

    void check() {
        if (aborted) throw Aborted.INSTANCE;
    }

    boolean isAborted() {
        return aborted;
    }

    /** Records {@code cause} as the pipeline's failure if it is the first; aborts every stage. Returns true if it was first. */
    boolean fail(String stage, Throwable cause) {
        boolean first = failure.compareAndSet(null, cause instanceof StageFailure sf ? sf : new StageFailure(stage, cause));
        aborted = true;
        return first;
    }

    /** The first failure, or null. */
    StageFailure failure() {
        return failure.get();
    }
}
