package dev.avline;

/**
 * A job failed after writing something: the cause, plus what is safely in the output
 * (finalized, playable) so nothing recorded is lost or unaccounted for.
 */
@Internal
public final class JobFailure extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient JobSummary written;

    public JobFailure(Throwable cause, JobSummary written) {
        super(cause.getMessage(), cause);
        this.written = written;
    }

    public JobSummary written() {
        return written;
    }
}
