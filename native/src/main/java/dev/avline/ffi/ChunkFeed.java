package dev.avline.ffi;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A blocking byte source fed chunk by chunk from another thread (for example TS segments as they
 * arrive from a live origin). A read blocks until a chunk arrives, {@link #finish()} is called
 * (end of stream) or {@link #abort(String)} is (an I/O error), or the input reading it is
 * interrupted or closed ({@link #cancel(String)}). FFmpeg never sees EAGAIN: a negative return from
 * a read callback would be latched as a permanent error.
 */
public final class ChunkFeed implements IoContext.ByteSource {
    private static final byte[] END = new byte[0];

    private final LinkedBlockingQueue<byte[]> chunks;
    private byte[] current;
    private int offset;
    private volatile String abortReason;
    private volatile String cancelReason;
    private boolean ended;

    public ChunkFeed(int maxQueuedChunks) {
        chunks = new LinkedBlockingQueue<>(maxQueuedChunks);
    }

    public ChunkFeed() {
        this(64);
    }

    /**
     * Adds a chunk (the array is not copied: do not change it afterwards). Blocks while the feed is
     * full, but never once the reader is gone.
     *
     * @return false when the input reading this feed was interrupted or closed: the chunk was dropped
     */
    public boolean offer(byte[] chunk) throws InterruptedException {
        if (chunk.length == 0) return cancelReason == null;
        return put(chunk);
    }

    /** True once the input reading this feed was interrupted or closed: nothing more will be read. */
    public boolean isCancelled() {
        return cancelReason != null;
    }

    private boolean put(byte[] chunk) throws InterruptedException {
        while (cancelReason == null) {
            if (chunks.offer(chunk, 100, TimeUnit.MILLISECONDS)) return true;
        }
        return false;
    }

    /** Chunks offered and not yet taken by the reader (a feeder can watch its backlog). */
    public int queuedChunks() {
        return chunks.size();
    }

    /** Marks the end of the stream: reads return end-of-file once the queued chunks are consumed. */
    public void finish() throws InterruptedException {
        put(END);
    }

    /** Makes the next read fail with an I/O error naming the reason. */
    public void abort(String reason) {
        abortReason = reason;
        chunks.offer(END);
    }

    /** Wakes a blocked read, which then fails; called by avline when the reading input is interrupted or closed. */
    @Override
    public void cancel(String reason) {
        cancelReason = reason;
        chunks.offer(END); // wakes a waiting poll; when the queue is full no reader is waiting
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        while (current == null || offset >= current.length) {
            if (cancelReason != null) throw new InterruptedIOException("feed read cancelled: " + cancelReason);
            if (abortReason != null) throw new IOException("feed aborted: " + abortReason);
            if (ended) return -1;
            try {
                byte[] next = chunks.poll(100, TimeUnit.MILLISECONDS);
                if (next == END) {
                    if (cancelReason != null) throw new InterruptedIOException("feed read cancelled: " + cancelReason);
                    if (abortReason != null) throw new IOException("feed aborted: " + abortReason);
                    ended = true;
                    return -1;
                }
                if (next != null) {
                    current = next;
                    offset = 0;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for data");
            }
        }
        int n = Math.min(len, current.length - offset);
        System.arraycopy(current, offset, buf, off, n);
        offset += n;
        return n;
    }
}
