package dev.avline.hls;

import dev.avline.ffi.IoContext;

/**
 * The bytes one demuxer reads: the run's init section (if any), then its segments one after the
 * other, each only once it arrived whole. End of file at the run's end (a boundary, the end of
 * the playlist, a stop), so the demuxer finishes cleanly and hands out what it still holds.
 */
final class SegmentFeed implements IoContext.ByteSource {
    private final RenditionReader reader;
    private final byte[] init;
    private int initRead;
    private boolean ended;
    private RenditionReader.Advance endedWith;

    SegmentFeed(RenditionReader reader, byte[] init) {
        this.reader = reader;
        this.init = init;
    }

    @Override
    public int read(byte[] buf, int off, int len) {
        if (init != null && initRead < init.length) {
            int n = Math.min(len, init.length - initRead);
            System.arraycopy(init, initRead, buf, off, n);
            initRead += n;
            return n;
        }
        if (ended) return -1;
        while (reader.readOffset() >= reader.readEnd()) {
            RenditionReader.Advance a = reader.advance();
            if (a != RenditionReader.Advance.BODY) {
                ended = true;
                endedWith = a;
                return -1;
            }
        }
        int n = Math.min(len, reader.readEnd() - reader.readOffset());
        System.arraycopy(reader.bytes(), reader.readOffset(), buf, off, n);
        reader.consumed(n);
        return n;
    }

    /** How the run ended: at a boundary (another run follows) or at the end; null while it runs. */
    RenditionReader.Advance endedWith() {
        return endedWith;
    }
}
