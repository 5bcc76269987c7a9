package dev.avline;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A snapshot of a running job, every {@code statsPeriod}: the in-process equivalent of the CLI's
 * {@code -stats_period}/{@code -progress}, as typed values.
 *
 * @param elapsed wall time since the job started
 * @param frames video frames written (packets for a stream copy)
 * @param fps frames per second of wall time, over the whole job
 * @param outTimeSeconds media time written (end of the latest packet)
 * @param bytes bytes written to the output
 * @param bitrateKbps bytes·8 / out time, in kbit/s
 * @param speed media time / wall time (1.0 = real time)
 * @param dropped frames dropped
 * @param duplicated frames duplicated
 * @param reconnects re-opens of the input (live recording)
 * @param hardware the hardware in use ("none" for software)
 * @param queueDepths per-stage queue depth (transcoding), empty for a stream copy
 * @param last true for the final summary
 * @param renditions each rendition of a ladder, top first (its own frames, media time, speed and
 *                   bytes); empty for a single output
 */
public record Progress(Duration elapsed, long frames, double fps, double outTimeSeconds, long bytes,
                       double bitrateKbps, double speed, long dropped, long duplicated, long reconnects,
                       String hardware, Map<String, Integer> queueDepths, boolean last,
                       List<RenditionProgress> renditions) {
    /**
     * Copies the renditions' list, so the snapshot stays immutable.
     *
     * @param elapsed wall time since the job started
     * @param frames video frames written (packets for a stream copy)
     * @param fps frames per second of wall time, over the whole job
     * @param outTimeSeconds media time written (end of the latest packet)
     * @param bytes bytes written to the output
     * @param bitrateKbps bytes·8 / out time, in kbit/s
     * @param speed media time / wall time (1.0 = real time)
     * @param dropped frames dropped
     * @param duplicated frames duplicated
     * @param reconnects re-opens of the input (live recording)
     * @param hardware the hardware in use ("none" for software)
     * @param queueDepths per-stage queue depth (transcoding), empty for a stream copy
     * @param last true for the final summary
     * @param renditions each rendition of a ladder, top first (its own frames, media time, speed and bytes); empty for a single output
     */
    public Progress {
        renditions = List.copyOf(renditions);
    }

    /**
     * A single output's snapshot (no renditions).
     *
     * @param elapsed wall time since the job started
     * @param frames video frames written (packets for a stream copy)
     * @param fps frames per second of wall time, over the whole job
     * @param outTimeSeconds media time written (end of the latest packet)
     * @param bytes bytes written to the output
     * @param bitrateKbps bytes·8 / out time, in kbit/s
     * @param speed media time / wall time (1.0 = real time)
     * @param dropped frames dropped
     * @param duplicated frames duplicated
     * @param reconnects re-opens of the input (live recording)
     * @param hardware the hardware in use ("none" for software)
     * @param queueDepths per-stage queue depth (transcoding), empty for a stream copy
     * @param last true for the final summary
     */
    public Progress(Duration elapsed, long frames, double fps, double outTimeSeconds, long bytes, double bitrateKbps,
                    double speed, long dropped, long duplicated, long reconnects, String hardware,
                    Map<String, Integer> queueDepths, boolean last) {
        this(elapsed, frames, fps, outTimeSeconds, bytes, bitrateKbps, speed, dropped, duplicated, reconnects, hardware,
                queueDepths, last, List.of());
    }

    /**
     * One rendition of a ladder in a snapshot.
     *
     * @param name the rendition's name ("720p")
     * @param width picture width being encoded now
     * @param height picture height being encoded now
     * @param frames video frames encoded
     * @param outTimeSeconds media time written to its playlist
     * @param speed its media time / wall time (1.0 = real time)
     * @param bytes bytes of its finished segments
     * @param bitrateKbps bytes·8 / media time of its finished segments, in kbit/s
     * @param active false while adaptation has dropped it from the ladder
     */
    public record RenditionProgress(String name, int width, int height, long frames, double outTimeSeconds,
                                    double speed, long bytes, double bitrateKbps, boolean active) {
    }
}
