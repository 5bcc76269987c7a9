package dev.avline.hls;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * A body being fetched, in an array that is kept and reused from one fetch to the next (a live
 * recording fetches one segment at a time), so a recording allocates per segment only when a
 * segment is larger than any before it: no garbage per media byte.
 */
final class BodyBuffer {
    private static final int MIN_CAPACITY = 64 * 1024;
    private static final int READ_CHUNK = 256 * 1024;

    private byte[] array = new byte[0];
    private int length;

    byte[] array() {
        return array;
    }

    int length() {
        return length;
    }

    void clear() {
        length = 0;
    }

    /** Keeps the first {@code n} bytes (a body resumed after them). */
    void truncate(int n) {
        length = Math.min(length, Math.max(0, n));
    }

    /** Makes room for {@code bytes} in all (a Content-Length known in advance). */
    void reserve(long bytes) {
        if (bytes > array.length && bytes < Integer.MAX_VALUE - 16) array = Arrays.copyOf(array, (int) Math.max(bytes, MIN_CAPACITY));
    }

    /**
     * Reads from {@code in} until its end, {@code max} more bytes, or past {@code cap} in all.
     *
     * @return bytes read; -1 when the cap was passed (the body is too large)
     */
    long readFrom(InputStream in, long max, long cap) throws IOException {
        long got = 0;
        while (got < max) {
            if (length >= cap) {
                // one byte more than allowed means too large
                int probe = in.read();
                if (probe < 0) return got;
                return -1;
            }
            int room = (int) Math.min(Math.min(max - got, cap - length), READ_CHUNK);
            if (array.length - length < room) {
                long grown = Math.max((long) array.length * 2, (long) length + room);
                array = Arrays.copyOf(array, (int) Math.min(Math.max(grown, MIN_CAPACITY), Integer.MAX_VALUE - 16));
            }
            int n = in.read(array, length, room);
            if (n < 0) return got;
            length += n;
            got += n;
        }
        return got;
    }

    /** Reads and drops {@code n} bytes of {@code in} (the part of a whole body before a wanted range). */
    static long skip(InputStream in, long n) throws IOException {
        long skipped = 0;
        byte[] scratch = null;
        while (skipped < n) {
            long s = in.skip(n - skipped);
            if (s <= 0) {
                if (scratch == null) scratch = new byte[8192];
                int r = in.read(scratch, 0, (int) Math.min(scratch.length, n - skipped));
                if (r < 0) break;
                s = r;
            }
            skipped += s;
        }
        return skipped;
    }

    /** The body as a new array (for keys and init sections, which are kept). */
    byte[] copy() {
        return Arrays.copyOf(array, length);
    }

    /** Drops the array when it grew far beyond what recent bodies needed (a one-off huge segment). */
    void shrinkTo(int capacity) {
        if (array.length > capacity * 4 && length <= capacity) array = Arrays.copyOf(array, Math.max(capacity, MIN_CAPACITY));
    }
}
