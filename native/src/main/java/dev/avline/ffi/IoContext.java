package dev.avline.ffi;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.concurrent.atomic.AtomicLong;

import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.Read_packet_Pointer_BytePointer_int;
import org.bytedeco.ffmpeg.avformat.Seek_Pointer_long_int;
import org.bytedeco.ffmpeg.avformat.Write_packet_Pointer_BytePointer_int;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;

/**
 * A custom {@code AVIOContext}: FFmpeg reads from or writes to Java (an InputStream, a byte array
 * or ByteBuffer, a blocking {@link ChunkFeed}, an OutputStream or a channel) with no process and
 * no temp file.
 *
 * <p>The buffer comes from {@code av_malloc} because FFmpeg may free and replace it while probing;
 * {@link #free()} frees whatever buffer the context holds at the end, then the context. Exceptions
 * thrown by Java code in a callback never cross into native code: they are kept ({@link #failure()})
 * and FFmpeg sees {@code AVERROR(EIO)}.
 */
public final class IoContext extends NativeResource {
    /**
     * Each upcall costs two Java objects that JavaCPP's callback thunk creates for the pointer
     * arguments (~100 B of garbage): FFmpeg's usual 32 KB made that ~16 B per packet of a 3 Mbit/s
     * stream; 64 KB halves it. Reads return what the source has, so a live feed gains no latency.
     */
    private static final int DEFAULT_BUFFER = 64 * 1024;
    private static final int AVSEEK_SIZE = 0x10000;
    private static final int AVSEEK_FORCE = 0x20000;
    // Looked up on every read/write/seek upcall: no boxing of the address (see AddressMap).
    private static final AddressMap<IoContext> BY_OPAQUE = new AddressMap<>();

    private static final Read_packet_Pointer_BytePointer_int READ = new Read_packet_Pointer_BytePointer_int() {
        @Override
        public int call(Pointer opaque, BytePointer buf, int size) {
            IoContext io = BY_OPAQUE.get(opaque.address());
            return io == null ? AvError.EIO.code() : io.onRead(buf, size);
        }
    };
    private static final Write_packet_Pointer_BytePointer_int WRITE = new Write_packet_Pointer_BytePointer_int() {
        @Override
        public int call(Pointer opaque, BytePointer buf, int size) {
            IoContext io = BY_OPAQUE.get(opaque.address());
            return io == null ? AvError.EIO.code() : io.onWrite(buf, size);
        }
    };
    private static final Seek_Pointer_long_int SEEK = new Seek_Pointer_long_int() {
        @Override
        public long call(Pointer opaque, long offset, int whence) {
            IoContext io = BY_OPAQUE.get(opaque.address());
            return io == null ? AvError.EIO.code() : io.onSeek(offset, whence);
        }
    };

    /** Where bytes come from. Return -1 at the end; block rather than return 0. */
    public interface ByteSource {
        int read(byte[] buf, int off, int len) throws IOException;

        /** Total size if known and seeking is possible, else -1. */
        default long size() {
            return -1;
        }

        /** Moves to an absolute position; only called when {@link #size()} is not -1. */
        default void seek(long position) throws IOException {
            throw new IOException("not seekable");
        }

        /**
         * Called from another thread when the input is interrupted or closed: a read blocked in this
         * source must return soon (throw, or return -1). FFmpeg's interrupt callback cannot reach
         * Java code that blocks inside a read callback, so a source that can block implements this.
         */
        default void cancel(String reason) {
        }
    }

    /** Where bytes go. */
    public interface ByteSink {
        void write(byte[] buf, int off, int len) throws IOException;

        default void flush() throws IOException {
        }
    }

    private final AVIOContext raw;
    private final LongPointer opaque;
    private final ByteSource source;
    private final ByteSink sink;
    private final AtomicLong bytes = new AtomicLong();
    private byte[] transfer = new byte[0];
    private volatile Throwable failure;
    private volatile IoInterrupt interrupt;
    private final Runnable waker = this::cancelSource;
    private long position;

    private IoContext(ByteSource source, ByteSink sink, int bufferSize) {
        this.source = source;
        this.sink = sink;
        this.opaque = new LongPointer(1);
        BY_OPAQUE.put(opaque.address(), this);
        Pointer buffer = avutil.av_malloc(bufferSize);
        if (buffer == null || buffer.isNull()) {
            BY_OPAQUE.remove(opaque.address(), this);
            opaque.close();
            throw new OutOfMemoryError("av_malloc(" + bufferSize + ")");
        }
        boolean seekable = source != null && source.size() >= 0;
        AVIOContext ctx = avformat.avio_alloc_context(new BytePointer(buffer), bufferSize, sink != null ? 1 : 0,
                opaque, source != null ? READ : null, sink != null ? WRITE : null, seekable ? SEEK : null);
        if (ctx == null || ctx.isNull()) {
            avutil.av_free(buffer);
            BY_OPAQUE.remove(opaque.address(), this);
            opaque.close();
            throw new OutOfMemoryError("avio_alloc_context");
        }
        if (!seekable) ctx.seekable(0);
        raw = ctx;
    }

    public static IoContext reading(ByteSource source) {
        return new IoContext(source, null, DEFAULT_BUFFER);
    }

    public static IoContext reading(InputStream in) {
        return reading(in::read);
    }

    /** Reads a whole byte array (seekable, so probing and mp4 indexes work). */
    public static IoContext reading(byte[] data) {
        return reading(ByteBuffer.wrap(data));
    }

    /**
     * Reads the remaining bytes of a buffer (seekable); the buffer's position is not changed. A
     * direct buffer or one backed by an array is copied once, straight into FFmpeg's buffer.
     */
    public static IoContext reading(ByteBuffer data) {
        if (data.isDirect() || data.hasArray()) return reading(new BufferTransfer.Source(data));
        ByteBuffer view = data.slice();
        return reading(new ByteSource() {
            @Override
            public int read(byte[] buf, int off, int len) {
                if (!view.hasRemaining()) return -1;
                int n = Math.min(len, view.remaining());
                view.get(buf, off, n);
                return n;
            }

            @Override
            public long size() {
                return view.limit();
            }

            @Override
            public void seek(long pos) {
                view.position((int) Math.min(pos, view.limit()));
            }
        });
    }

    public static IoContext writing(ByteSink sink) {
        return new IoContext(null, sink, DEFAULT_BUFFER);
    }

    /**
     * Writes into {@code out} from its position on, moving the position (one copy, straight from
     * FFmpeg's buffer). Bytes beyond its limit are dropped and counted, never an error: the muxer
     * finishes, and {@link #bytes()} minus what fits says how much room the output needed.
     */
    public static IoContext writingInto(ByteBuffer out) {
        if (out.isReadOnly()) throw new IllegalArgumentException("the output buffer is read-only");
        return writing(new BufferTransfer.Sink(out));
    }

    public static IoContext writing(OutputStream out) {
        return writing(new ByteSink() {
            @Override
            public void write(byte[] buf, int off, int len) throws IOException {
                out.write(buf, off, len);
            }

            @Override
            public void flush() throws IOException {
                out.flush();
            }
        });
    }

    public static IoContext writing(WritableByteChannel channel) {
        return writing((buf, off, len) -> {
            ByteBuffer bb = ByteBuffer.wrap(buf, off, len);
            while (bb.hasRemaining()) channel.write(bb);
        });
    }

    AVIOContext raw() {
        return raw;
    }

    /** Contexts alive now (for tests: a finished job leaves none). */
    static int registrations() {
        return BY_OPAQUE.size();
    }

    /**
     * Taken by the container that consumes this context, for its whole life: a close of this
     * context by anyone else is then deferred until the container has let go of it (no use after free).
     */
    AVIOContext lease(IoInterrupt interrupt) {
        enter();
        if (interrupt != null && source != null) {
            this.interrupt = interrupt;
            interrupt.addWaker(waker);
        }
        return raw;
    }

    /** Ends the {@link #lease(IoInterrupt)} and closes this context. */
    void releaseAndClose() {
        IoInterrupt i = interrupt;
        if (i != null) i.removeWaker(waker);
        close();
        exit();
    }

    /** {@link #flush()} for the leasing container (no enter: the lease holds the context open). */
    void flushLeased() {
        avformat.avio_flush(raw);
        flushSink();
    }

    private void cancelSource() {
        IoInterrupt i = interrupt;
        try {
            source.cancel(i != null && i.reason() != null ? i.reason() : "interrupted");
        } catch (RuntimeException ignored) {
            // a source that cannot cancel will see the interrupt on its next read
        }
    }

    /** Bytes read or written through this context so far. */
    public long bytes() {
        return bytes.get();
    }

    /** The exception Java code threw inside a callback, if any. */
    public Throwable failure() {
        return failure;
    }

    /** Pushes buffered output to the sink. */
    public void flush() {
        enter();
        try {
            avformat.avio_flush(raw);
        } finally {
            exit();
        }
        flushSink();
    }

    private void flushSink() {
        if (sink != null) {
            try {
                sink.flush();
            } catch (IOException e) {
                failure = e;
            }
        }
    }

    private byte[] transferBuffer(int size) {
        if (transfer.length < size) transfer = new byte[Math.max(size, DEFAULT_BUFFER)];
        return transfer;
    }

    private int onRead(BytePointer buf, int size) {
        if (failure != null) return AvError.EIO.code();
        IoInterrupt i = interrupt;
        if (i != null && i.fire()) return AvError.EXIT.code();
        try {
            int n;
            if (source instanceof BufferTransfer.Source memory) {
                n = memory.read(buf, size);
            } else {
                byte[] t = transferBuffer(size);
                do {
                    n = source.read(t, 0, size);
                } while (n == 0);
                if (n > 0) buf.position(0).put(t, 0, n);
            }
            if (n < 0) return AvError.EOF.code();
            bytes.addAndGet(n);
            position += n;
            return n;
        } catch (Throwable e) {
            // A read woken by an interrupt or a close is not a failure of the source.
            if (i != null && i.fire()) return AvError.EXIT.code();
            failure = e;
            return AvError.EIO.code();
        }
    }

    private int onWrite(BytePointer buf, int size) {
        if (failure != null) return AvError.EIO.code();
        try {
            if (sink instanceof BufferTransfer.Sink memory) {
                memory.write(buf, size);
            } else {
                byte[] t = transferBuffer(size);
                buf.position(0).get(t, 0, size);
                sink.write(t, 0, size);
            }
            bytes.addAndGet(size);
            return size;
        } catch (Throwable e) {
            failure = e;
            return AvError.EIO.code();
        }
    }

    private long onSeek(long offset, int whence) {
        try {
            long size = source.size();
            int w = whence & ~AVSEEK_FORCE;
            if (w == AVSEEK_SIZE) return size;
            long target;
            switch (w) {
                case 0: target = offset; break;               // SEEK_SET
                case 1: target = position + offset; break;    // SEEK_CUR
                case 2: target = size + offset; break;        // SEEK_END
                default: return AvError.EINVAL.code();
            }
            if (target < 0 || target > size) return AvError.EINVAL.code();
            source.seek(target);
            position = target;
            return target;
        } catch (Throwable e) {
            failure = e;
            return AvError.EIO.code();
        }
    }

    @Override
    protected void free() {
        if (sink != null) {
            avformat.avio_flush(raw);
        }
        BytePointer buffer = raw.buffer();
        if (buffer != null && !buffer.isNull()) avutil.av_free(buffer);
        raw.buffer(null);
        avformat.avio_context_free(raw);
        BY_OPAQUE.remove(opaque.address(), this);
        opaque.close();
    }
}
