package dev.avline.examples.recorder.demo;

import java.util.Locale;

import dev.avline.testkit.LiveHlsOrigin;

/**
 * Starts the demo's live stream: the test kit's {@link LiveHlsOrigin}, the same loopback origin
 * users test their own code against. Its media (16 s of test pattern and tone) is encoded once and
 * looped with continuous timestamps, so the stream runs for as long as the recording does.
 */
public final class DemoStreams {
    /** Two-second segments, like a real live channel. */
    static final double SEGMENT_SECONDS = 2;
    /** Published before the recording starts: a stream that has been running (the recording starts 3 back from the edge). */
    static final int PREROLL_SEGMENTS = 3;

    private DemoStreams() {
    }

    /** A live stream on 127.0.0.1; it outlasts any recording of it (it loops until closed). */
    public static DemoStream start() {
        LiveHlsOrigin origin = LiveHlsOrigin.builder()
                .video(640, 360, 25)
                .segmentSeconds(SEGMENT_SECONDS)
                .window(6)
                .initialSegments(PREROLL_SEGMENTS)
                .poolSeconds(16)
                .start();
        String what = String.format(Locale.ROOT,
                "live HLS test stream (640x360 test pattern + 440 Hz tone, %.0f s segments, looping)", SEGMENT_SECONDS);
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
