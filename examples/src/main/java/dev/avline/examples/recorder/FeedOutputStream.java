package dev.avline.examples.recorder;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.Arrays;

import dev.avline.ChunkFeed;

/**
 * An in-memory pipe's writing end: what a muxer writes to this stream is read, in order, by the
 * input that reads {@code feed}. Blocks while the feed is full (backpressure on the writer); fails
 * once the reader is gone, so a writer whose reader ended does not run on for nothing.
 *
 * <p>One array per write: the feed keeps the chunk, and the writer reuses its buffer. avline's
 * stream outputs write whole 32 KiB buffers, so this is one allocation per 32 KiB, not per packet.
 */
final class FeedOutputStream extends OutputStream {
    private final ChunkFeed feed;

    FeedOutputStream(ChunkFeed feed) {
        this.feed = feed;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (len == 0) return;
        try {
            if (!feed.offer(Arrays.copyOfRange(b, off, off + len))) {
                throw new IOException("the transcode reading this stream has ended");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while the transcode's input was full");
        }
    }
}
