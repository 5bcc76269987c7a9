package dev.avline;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.avline.ffi.IoContext;
import dev.avline.remux.StreamCopy;

/**
 * Remuxes media segments held in memory, one after another, into a caller's buffer: for a server
 * that remuxes a segment per request (TS segments re-stamped, or repackaged as fragmented MP4).
 * A stream copy on the calling thread, with no process, no file and no Java copy of the media:
 * FFmpeg reads the segment straight from the caller's array or {@code ByteBuffer} and its muxer
 * writes straight into the caller's output, one copy each way (a direct buffer by {@code memcpy}).
 * A call allocates ~22 KB on the Java heap for a 1.85 MB segment (the job's small objects, and the
 * two pointer objects JavaCPP makes per 64 KB read or written), against ~4 MB for
 * {@link Avline#remuxSegment}; FFmpeg's contexts are made and freed per segment, as they must be.
 *
 * <pre>{@code
 * SegmentRemuxer remuxer = SegmentRemuxer.to(Container.FRAGMENTED_MP4).inputFormat("mpegts").build();
 * byte[] out = new byte[4 << 20];                     // reused for every request
 * int n = remuxer.remux(segment, out);                // out[0..n) is the remuxed segment
 * ByteBuffer direct = ByteBuffer.allocateDirect(4 << 20);
 * remuxer.remux(segmentBuffer, direct.clear());       // written from direct's position on, position moved
 * }</pre>
 *
 * <p>An output that is too small is reported as an {@link OutputTooSmallException} that says how
 * many bytes the segment needs (nothing is left in the buffer). A remuxed TS segment is about the
 * size of its input (a little more when the input's PES packets were larger); allow ~10 % more.
 *
 * <p>One thread at a time: a server keeps one remuxer per worker thread (or a pool of them). A call
 * from a second thread while one is running fails at once; nothing native is shared between calls,
 * so a failed or interrupted call leaves the remuxer usable.
 */
public final class SegmentRemuxer implements AutoCloseable {
    private static final String CALL_NAME = "avline-segment";

    private final Input inputTemplate;
    private final boolean detectTransportStream;
    private final Output outputTemplate;
    private final AtomicBoolean busy = new AtomicBoolean();
    private volatile boolean closed;
    private ByteBuffer scratch = ByteBuffer.allocate(0);   // for remux(byte[]) only
    private IoContext lastSink;
    private long lastPackets;

    private SegmentRemuxer(Builder b) {
        Input in = Input.bytes(new byte[0]);
        if (b.inputFormat != null) in = in.format(b.inputFormat);
        this.inputTemplate = in;
        this.detectTransportStream = b.inputFormat == null;
        Output out = Output.toSink(() -> {
            throw new IllegalStateException("template output");
        }, "(output buffer)", b.container);
        for (Map.Entry<String, String> e : b.outputOptions.entrySet()) out = out.option(e.getKey(), e.getValue());
        this.outputTemplate = out;
    }

    /**
     * A remuxer into {@code container}, to be configured.
     *
     * @param container what to remux into
     * @return the builder
     */
    public static Builder to(Container container) {
        return new Builder(Objects.requireNonNull(container, "container"));
    }

    /** How to remux: the input format, output options. */
    public static final class Builder {
        private final Container container;
        private String inputFormat;
        private final Map<String, String> outputOptions = new LinkedHashMap<>();

        private Builder(Container container) {
            this.container = container;
        }

        /**
         * The segments' demuxer ("mpegts" for TS segments, "mov" for MP4): skips probing. Without it
         * a segment that starts with two MPEG-TS sync bytes is read as MPEG-TS, anything else is probed.
         *
         * @param format the demuxer ("mpegts"), or null to probe
         * @return this builder
         */
        public Builder inputFormat(String format) {
            this.inputFormat = format;
            return this;
        }

        /**
         * A muxer or format option by its FFmpeg name, as {@link Output#option(String, String)}:
         * {@code mpegts_copyts=1} keeps the segment's own timestamps (a player stitching segments
         * together needs them); without it they start at zero.
         *
         * @param name the option
         * @param value its value
         * @return this builder
         */
        public Builder outputOption(String name, String value) {
            outputOptions.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * An unknown option fails here, naming it, only when the first segment is remuxed (FFmpeg decides).
         *
         * @return the remuxer
         */
        public SegmentRemuxer build() {
            return new SegmentRemuxer(this);
        }
    }

    /**
     * Thrown when the output buffer cannot hold the remuxed segment: its position is not moved (the
     * bytes past it may have been overwritten).
     */
    public static final class OutputTooSmallException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        /** Bytes the remuxed segment takes. */
        private final long needed;
        /** Bytes the buffer had room for. */
        private final long room;

        OutputTooSmallException(long needed, long room) {
            super("output buffer too small: the remuxed segment is " + needed + " bytes, the buffer has room for " + room);
            this.needed = needed;
            this.room = room;
        }

        /** {@return bytes the remuxed segment takes} */
        public long needed() {
            return needed;
        }

        /** {@return bytes the buffer had room for} */
        public long room() {
            return room;
        }
    }

    /**
     * Remuxes {@code segment} into {@code out} from index 0.
     *
     * @return the remuxed segment's length: it is {@code out[0..length)}
     * @throws OutputTooSmallException when {@code out} is too small (it says how much is needed)
     * @throws AvlineException when the bytes are not media or cannot be remuxed
     * @param segment the media
     * @param out where the remuxed segment goes
     */
    public int remux(byte[] segment, byte[] out) {
        return remux(segment, 0, segment.length, out, 0);
    }

    /**
     * As {@link #remux(byte[], byte[])}, from {@code segment[offset..offset+length)} into {@code out} at {@code outOffset}.
     *
     * @param segment holds the media
     * @param offset where the media starts
     * @param length how long it is
     * @param out where the remuxed segment goes
     * @param outOffset where in {@code out} it starts
     * @return the remuxed segment's length
     */
    public int remux(byte[] segment, int offset, int length, byte[] out, int outOffset) {
        Objects.checkFromIndexSize(offset, length, segment.length);
        Objects.checkFromIndexSize(outOffset, 0, out.length);
        ByteBuffer target = ByteBuffer.wrap(out, outOffset, out.length - outOffset);
        return remux(ByteBuffer.wrap(segment, offset, length), target);
    }

    /**
     * Remuxes the remaining bytes of {@code segment} (its position is not moved) into {@code out},
     * written from its position on; {@code out}'s position moves past what was written. Either may
     * be direct or on the heap.
     *
     * @return bytes written
     * @throws OutputTooSmallException when {@code out} has too little room (its position is not moved)
     * @param segment the media
     * @param out where the remuxed segment goes
     */
    public int remux(ByteBuffer segment, ByteBuffer out) {
        Objects.requireNonNull(segment, "segment");
        Objects.requireNonNull(out, "out");
        enter();
        try {
            return remuxOnce(segment, out);
        } finally {
            leave();
        }
    }

    private void enter() {
        if (closed) throw new IllegalStateException("this SegmentRemuxer is closed");
        if (!busy.compareAndSet(false, true)) {
            throw new IllegalStateException("this SegmentRemuxer is in use by another thread: use one per thread");
        }
    }

    private void leave() {
        lastSink = null;
        busy.set(false);
    }

    /**
     * Remuxes {@code segment} into a new array of exactly the remuxed length. The remuxer's own
     * working buffer is reused from call to call; only the returned array is new.
     *
     * @param segment the media
     * @return the remuxed segment
     */
    public byte[] remux(byte[] segment) {
        Objects.requireNonNull(segment, "segment");
        enter();
        try {
            int room = segment.length + segment.length / 8 + 64 * 1024;
            if (scratch.capacity() < room) scratch = ByteBuffer.allocate(room);
            int n;
            try {
                n = remuxOnce(ByteBuffer.wrap(segment), scratch.clear());
            } catch (OutputTooSmallException e) { // rare: much larger than its input; grow once to what it said
                scratch = ByteBuffer.allocate(Math.toIntExact(e.needed()));
                n = remuxOnce(ByteBuffer.wrap(segment), scratch.clear());
            }
            return Arrays.copyOf(scratch.array(), n);
        } finally {
            leave();
        }
    }

    /**
     * Packets written by the last successful call.
     *
     * @return how many
     */
    public long lastPackets() {
        return lastPackets;
    }

    private int remuxOnce(ByteBuffer segment, ByteBuffer out) {
        Input in = inputTemplate.withSource(() -> IoContext.reading(segment), "(" + segment.remaining() + " bytes in memory)");
        if (detectTransportStream && looksLikeTransportStream(segment)) in = in.format("mpegts");
        Output o = outputTemplate.withSink(() -> lastSink = IoContext.writingInto(out));
        int start = out.position();
        JobContext ctx = new JobContext(CALL_NAME, Duration.ofDays(1), null, null);
        JobSummary summary;
        try {
            summary = new StreamCopy(in, o).run(ctx);
        } catch (JobFailure f) {
            out.position(start);
            throw Failures.api(asRuntime(f.getCause()));
        } catch (RuntimeException e) {
            out.position(start);
            throw Failures.api(e);
        } catch (Exception e) {
            out.position(start);
            throw new IllegalStateException(e);
        }
        long needed = lastSink == null ? 0 : lastSink.bytes();
        int written = out.position() - start;
        if (needed > written) {
            out.position(start);
            throw new OutputTooSmallException(needed, out.limit() - start);
        }
        lastPackets = summary.packets();
        return written;
    }

    private static RuntimeException asRuntime(Throwable t) {
        return t instanceof RuntimeException re ? re : new IllegalStateException(t);
    }

    /** Two MPEG-TS sync bytes 188 bytes apart at the start: a TS segment as HLS serves them. */
    static boolean looksLikeTransportStream(ByteBuffer b) {
        int p = b.position();
        return b.remaining() >= 189 && b.get(p) == 0x47 && b.get(p + 188) == 0x47;
    }

    /** Marks the remuxer closed and lets its working buffer go; it holds no native memory between calls. */
    @Override
    public void close() {
        closed = true;
        scratch = ByteBuffer.allocate(0);
    }
}
