package dev.avline.examples.recorder.demo;

/**
 * Starts the demo's live stream. The one place that picks its source: today the interim origin in
 * this package; when {@code dev.avline.testkit.LiveHlsOrigin} (branch {@code live}) is merged, only
 * {@link #start} changes, to:
 * <pre>{@code
 * LiveHlsOrigin origin = LiveHlsOrigin.builder().video(640, 360, 25).segmentSeconds(2).window(6)
 *         .initialSegments(3).poolSeconds(16).start();   // loops: no length cap
 * }</pre>
 * and {@code InterimLiveHlsOrigin} can go (the recorder's tests use it for its header log).
 */
public final class DemoStreams {
    /** Two-second segments, like a real live channel; the stream outlasts the recording by two segments. */
    static final double SEGMENT_SECONDS = 2;
    static final int PREROLL_SEGMENTS = 3;
    /** The content is encoded up front: keep the longest demo affordable on two cores. */
    static final double MAX_STREAM_SECONDS = 180;

    private DemoStreams() {
    }

    /** A live stream long enough to record {@code recordSeconds} of it from its live edge. */
    public static DemoStream start(double recordSeconds) {
        double total = Math.min(MAX_STREAM_SECONDS, recordSeconds + (PREROLL_SEGMENTS + 2) * SEGMENT_SECONDS);
        InterimLiveHlsOrigin origin = InterimLiveHlsOrigin.spec()
                .picture(640, 360, 25)
                .segmentSeconds(SEGMENT_SECONDS)
                .totalSeconds(total)
                .window(6)
                .preroll(PREROLL_SEGMENTS)
                .start();
        String what = String.format(java.util.Locale.ROOT,
                "live HLS test stream (640x360 test pattern + 440 Hz tone, %.0f s segments, %.0f s in all)",
                SEGMENT_SECONDS, origin.totalSeconds());
        return new DemoStream() {
            @Override
            public String playlistUrl() {
                return origin.playlistUrl();
            }

            @Override
            public String description() {
                return what;
            }

            @Override
            public void close() {
                origin.close();
            }
        };
    }
}
