package dev.avline.ffi;

import java.nio.ByteBuffer;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;

/**
 * Moves bytes between FFmpeg's AVIO buffer and a {@link ByteBuffer} in one copy: from and to a
 * heap buffer's array by JNI, from and to a direct buffer by {@code memcpy}. The general
 * {@link IoContext.ByteSource}/{@link IoContext.ByteSink} path goes through a transfer array
 * (two copies), which costs ~0.2 ms per direction on a 1.85 MB segment.
 */
abstract class BufferTransfer {
    final ByteBuffer buffer;
    /** A direct buffer's memory as a pointer (made once: no object per upcall); null for heap buffers. */
    private final BytePointer directView;

    BufferTransfer(ByteBuffer buffer) {
        this.buffer = buffer;
        this.directView = buffer.isDirect() ? new BytePointer(buffer) : null;
    }

    /** Copies {@code n} bytes at the buffer's absolute {@code index} into {@code avio}. */
    final void copyOut(int index, BytePointer avio, int n) {
        if (directView != null) {
            Pointer.memcpy(avio.position(0), directView.position(index), n);
        } else {
            avio.position(0).put(buffer.array(), buffer.arrayOffset() + index, n);
        }
    }

    /** Copies {@code n} bytes from {@code avio} to the buffer's absolute {@code index}. */
    final void copyIn(BytePointer avio, int index, int n) {
        if (directView != null) {
            Pointer.memcpy(directView.position(index), avio.position(0), n);
        } else {
            avio.position(0).get(buffer.array(), buffer.arrayOffset() + index, n);
        }
    }

    /** The remaining bytes of a buffer, readable and seekable; the buffer itself is not moved. */
    static final class Source extends BufferTransfer implements IoContext.ByteSource {
        private final int start;
        private final int end;
        private int at;

        Source(ByteBuffer data) {
            super(data);
            this.start = data.position();
            this.end = data.limit();
            this.at = start;
        }

        /** Fills {@code avio} with up to {@code size} bytes; -1 at the end. */
        int read(BytePointer avio, int size) {
            if (at >= end) return -1;
            int n = Math.min(size, end - at);
            copyOut(at, avio, n);
            at += n;
            return n;
        }

        /** The array path, for callers outside an AVIO upcall (none in avline; kept for the interface). */
        @Override
        public int read(byte[] b, int off, int len) {
            if (at >= end) return -1;
            int n = Math.min(len, end - at);
            buffer.get(at, b, off, n);
            at += n;
            return n;
        }

        @Override
        public long size() {
            return end - start;
        }

        @Override
        public void seek(long position) {
            at = (int) Math.min(start + position, end);
        }
    }

    /**
     * Writes at the buffer's position onwards and moves the position on. What does not fit is
     * counted and dropped, so the muxer finishes and the caller learns how much room it needed.
     */
    static final class Sink extends BufferTransfer implements IoContext.ByteSink {
        private long dropped;

        Sink(ByteBuffer out) {
            super(out);
        }

        void write(BytePointer avio, int size) {
            int room = buffer.remaining();
            int n = Math.min(size, room);
            if (n > 0) {
                copyIn(avio, buffer.position(), n);
                buffer.position(buffer.position() + n);
            }
            dropped += size - n;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            int n = Math.min(len, buffer.remaining());
            buffer.put(b, off, n);
            dropped += len - n;
        }

        /** Bytes that did not fit. */
        long dropped() {
            return dropped;
        }
    }
}
