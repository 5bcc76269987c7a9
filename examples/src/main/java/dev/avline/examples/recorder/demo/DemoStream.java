package dev.avline.examples.recorder.demo;

/**
 * The built-in live stream that {@code --demo} records: a live HLS playlist served on 127.0.0.1 by
 * this process (today the test kit's {@code LiveHlsOrigin}). The recorder sees only this, so the
 * source behind it can change without touching the program.
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
