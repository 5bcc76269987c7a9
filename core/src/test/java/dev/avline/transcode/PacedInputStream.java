package dev.avline.transcode;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Test helper: serves bytes no faster than a given rate, like a live source. */
final class PacedInputStream extends InputStream {
    private final ByteArrayInputStream data;
    private final double bytesPerNano;
    private final long start = System.nanoTime();
    private long served;

    PacedInputStream(byte[] bytes, double seconds) {
        this.data = new ByteArrayInputStream(bytes);
        this.bytesPerNano = bytes.length / (seconds * 1e9);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = Math.min(len, 4096);
        long due = start + (long) ((served + n) / bytesPerNano);
        long wait = due - System.nanoTime();
        if (wait > 0) {
            try {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
        int r = data.read(b, off, n);
        if (r > 0) served += r;
        return r;
    }
}
