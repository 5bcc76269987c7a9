package dev.avline.examples.recorder.demo;

/**
 * The built-in live stream that {@code --demo} records: a live HLS playlist served on 127.0.0.1 by
 * this process. The recorder sees only this, so the source behind it can change (the test kit's
 * {@code LiveHlsOrigin} once it lands) without touching the program.
 */
public interface DemoStream extends AutoCloseable {
    /** The playlist URL to record (http://127.0.0.1:PORT/…). */
    String playlistUrl();

    /** One line for people: what is streamed. */
    String description();

    /** Stops serving. */
    @Override
    void close();
}
