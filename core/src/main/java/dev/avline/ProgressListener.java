package dev.avline;

/**
 * Receives progress snapshots on avline's notifier thread. A slow listener never blocks the
 * pipeline: snapshots it has not taken yet are replaced by newer ones.
 */
@FunctionalInterface
public interface ProgressListener {
    /**
     * The latest snapshot. An exception thrown here is logged and does not reach the job.
     *
     * @param progress the job's progress now
     */
    void onProgress(Progress progress);
}
