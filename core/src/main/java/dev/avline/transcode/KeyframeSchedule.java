package dev.avline.transcode;

/**
 * Where an encoder must put keyframes so that segments line up across renditions: on the first frame
 * at or after each multiple of the segment duration (the CLI's
 * {@code -force_key_frames expr:gte(t,n_forced*T)}). Every rendition sees the same frames with the
 * same timestamps, so every rendition forces the same frames, and FFmpeg's {@code hls} muxer, which
 * cuts at the first keyframe after each boundary, cuts every rendition at the same frame.
 */
final class KeyframeSchedule {
    /** Half a microsecond of slack: a frame stamped at the boundary in a coarse time base still counts. */
    private static final double EPSILON = 5e-7;
    private final double interval;
    private double next;
    private double last = Double.NaN;

    KeyframeSchedule(double intervalSeconds) {
        if (!(intervalSeconds > 0)) throw new IllegalArgumentException("keyframe interval must be positive: " + intervalSeconds);
        this.interval = intervalSeconds;
    }

    /** True when the frame at {@code seconds} starts a segment (then it must be a keyframe); frames come in order. */
    boolean startsSegment(double seconds) {
        if (seconds + EPSILON < next) return false;
        // the first boundary after this frame (several, after a gap in the input)
        next = (Math.floor((seconds + EPSILON) / interval) + 1) * interval;
        last = seconds;
        return true;
    }

    /** The media time of the first boundary at or after {@code seconds}. */
    double boundaryAtOrAfter(double seconds) {
        return Math.ceil(seconds / interval - EPSILON) * interval;
    }

    /** Time of the last frame that started a segment (NaN before the first). */
    double lastStart() {
        return last;
    }

    double interval() {
        return interval;
    }
}
