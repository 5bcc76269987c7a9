package dev.avline.hls;

import java.nio.charset.StandardCharsets;

/**
 * Packed audio segments (RFC 8216 §3.4) start with an ID3 tag whose PRIV frame
 * {@code com.apple.streaming.transportStreamTimestamp} holds the 33-bit, 90 kHz time of the first
 * sample: the only clock such a segment has. The tag is skipped before the audio demuxer reads the
 * segment, and the time lines the audio up with the video of the same presentation.
 */
final class Id3Timestamp {
    private static final String OWNER = "com.apple.streaming.transportStreamTimestamp";

    private Id3Timestamp() {
    }

    /** Length of the ID3v2 tag at {@code off} (header and footer included), or 0 when there is none. */
    static int tagLength(byte[] b, int off, int len) {
        if (len < 10 || b[off] != 'I' || b[off + 1] != 'D' || b[off + 2] != '3') return 0;
        int size = syncsafe(b, off + 6);
        boolean footer = (b[off + 5] & 0x10) != 0;
        int total = 10 + size + (footer ? 10 : 0);
        return total <= len ? total : 0;
    }

    /** The transport stream timestamp (90 kHz) in the tag at {@code off}, or -1. */
    static long timestamp(byte[] b, int off, int len) {
        int tag = tagLength(b, off, len);
        if (tag == 0) return -1;
        int version = b[off + 3] & 0xff;
        int p = off + 10;
        int end = off + tag;
        while (p + 10 <= end) {
            String id = new String(b, p, 4, StandardCharsets.ISO_8859_1);
            int size = version >= 4 ? syncsafe(b, p + 4) : ((b[p + 4] & 0xff) << 24 | (b[p + 5] & 0xff) << 16
                    | (b[p + 6] & 0xff) << 8 | (b[p + 7] & 0xff));
            if (size <= 0 || p + 10 + size > end) return -1;
            if (id.equals("PRIV")) {
                int ownerEnd = p + 10;
                while (ownerEnd < p + 10 + size && b[ownerEnd] != 0) ownerEnd++;
                String owner = new String(b, p + 10, ownerEnd - (p + 10), StandardCharsets.ISO_8859_1);
                int data = ownerEnd + 1;
                if (owner.equals(OWNER) && data + 8 <= p + 10 + size) {
                    long v = 0;
                    for (int i = 0; i < 8; i++) v = v << 8 | (b[data + i] & 0xff);
                    return v & 0x1FFFFFFFFL;
                }
            }
            p += 10 + size;
        }
        return -1;
    }

    private static int syncsafe(byte[] b, int p) {
        return (b[p] & 0x7f) << 21 | (b[p + 1] & 0x7f) << 14 | (b[p + 2] & 0x7f) << 7 | (b[p + 3] & 0x7f);
    }
}
