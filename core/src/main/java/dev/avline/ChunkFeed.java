package dev.avline;

import java.util.Objects;

/**
 * A live input pushed chunk by chunk from another thread (TS segments as they arrive, a pipe from
 * another job), read by {@link Input#feed(ChunkFeed)}: a read blocks until a chunk arrives,
 * {@link #finish()} ends the stream and {@link #abort(String)} fails it. The queue is bounded, so a
 * feeder faster than the job waits instead of growing the heap; once the job reading the feed is
 * stopped or has ended, nothing more is read and {@link #offer(byte[])} returns false at once.
 *
 * <pre>{@code
 * ChunkFeed feed = new ChunkFeed(16);
 * try (Recording r = Avline.transcode(Input.feed(feed).format("mpegts"), Output.file(path), settings).start()) {
 *     for (byte[] segment : segments) if (!feed.offer(segment)) break;   // false: the job is gone
 *     feed.finish();
 *     r.await();
 * }
 * }</pre>
 */
public final class ChunkFeed {
    private final dev.avline.ffi.ChunkFeed feed;

    /**
     * A feed that holds at most {@code maxQueuedChunks} chunks not yet read.
     *
     * @param maxQueuedChunks the bound of the queue, at least 1
     */
    public ChunkFeed(int maxQueuedChunks) {
        if (maxQueuedChunks < 1) throw new IllegalArgumentException("a feed holds at least 1 chunk, got " + maxQueuedChunks);
        this.feed = new dev.avline.ffi.ChunkFeed(maxQueuedChunks);
    }

    /** A feed that holds at most 64 chunks not yet read. */
    public ChunkFeed() {
        this(64);
    }

    /**
     * Adds a chunk (the array is not copied: do not change it afterwards). Blocks while the feed is
     * full, but never once the job reading it is gone.
     *
     * @param chunk the next bytes of the stream
     * @return false when the job reading this feed was stopped or has ended: the chunk was dropped
     * @throws InterruptedException when the calling thread is interrupted while it waits for room
     */
    public boolean offer(byte[] chunk) throws InterruptedException {
        return feed.offer(Objects.requireNonNull(chunk, "chunk"));
    }

    /**
     * Ends the stream: reads return end-of-file once the queued chunks are consumed.
     *
     * @throws InterruptedException when the calling thread is interrupted while it waits for room
     */
    public void finish() throws InterruptedException {
        feed.finish();
    }

    /**
     * Fails the stream: the next read fails with an I/O error naming {@code reason}.
     *
     * @param reason why, for the job's failure message
     */
    public void abort(String reason) {
        feed.abort(reason);
    }

    /**
     * {@return true once the job reading this feed was stopped or has ended: nothing more will be read}
     */
    public boolean isCancelled() {
        return feed.isCancelled();
    }

    /**
     * {@return chunks offered and not yet read (a feeder can watch its backlog)}
     */
    public int queuedChunks() {
        return feed.queuedChunks();
    }

    /** The native byte source behind this feed. */
    dev.avline.ffi.ChunkFeed source() {
        return feed;
    }
}
