package dev.avline;

/**
 * Receives progress snapshots on avline's notifier thread. A slow listener never blocks the
 * pipeline: snapshots it has not taken yet are replaced by newer ones.
 */
@FunctionalInterface
public interface ProgressListener {
    void onProgress(Progress progress);
}
