package dev.avline;

import java.time.Duration;
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
 */
public record Progress(Duration elapsed, long frames, double fps, double outTimeSeconds, long bytes,
                       double bitrateKbps, double speed, long dropped, long duplicated, long reconnects,
                       String hardware, Map<String, Integer> queueDepths, boolean last) {
}
