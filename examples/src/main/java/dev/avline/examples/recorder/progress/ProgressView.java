package dev.avline.examples.recorder.progress;

import dev.avline.ProgressListener;
import dev.avline.events.EventListener;

/**
 * Shows a running recording to its user: snapshots and events as they come (on avline's notifier
 * thread), then how it ended.
 */
public interface ProgressView extends ProgressListener, EventListener {
    /** The recording has started. */
    void started();

    /** The recording has ended; called once, after the last snapshot. */
    void finished(FinalReport report);
}
