package dev.avline.bench;

import dev.avline.ffi.IoContext;

/**
 * An endless MPEG-TS byte source: the same clip over and over, so a benchmark can read packets for
 * as long as JMH measures without re-opening anything. The clip is whole 188-byte TS packets, so
 * the stream stays packet-aligned across the wrap; the demuxer sees what it sees across an HLS
 * discontinuity (timestamps going back, continuity counters jumping) and the copy loop rebases.
 */
final class LoopingSource implements IoContext.ByteSource {
    private static final int TS_PACKET = 188;
    private final byte[] data;
    private int position;
    private long wraps;

    LoopingSource(byte[] data) {
        if (data.length == 0 || data.length % TS_PACKET != 0) {
            throw new IllegalArgumentException("not whole TS packets: " + data.length + " bytes");
        }
        this.data = data;
    }

    @Override
    public int read(byte[] buf, int off, int len) {
        if (position == data.length) {
            position = 0;
            wraps++;
        }
        int n = Math.min(len, data.length - position);
        System.arraycopy(data, position, buf, off, n);
        position += n;
        return n;
    }

    long wraps() {
        return wraps;
    }
}
