package dev.avline;

/**
 * A unit of work run by a {@link Recording}: a stream copy, a transcode, a live recording.
 * It must return promptly once {@link JobContext#stopRequested()} is true, leaving its output
 * finalized, and report what it wrote even when it fails ({@link JobFailure}).
 */
@Internal
@FunctionalInterface
public interface Job {
    JobSummary run(JobContext context) throws Exception;
}
