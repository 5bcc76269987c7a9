package dev.avline.corpus;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Packed audio as HLS serves it (RFC 8216 3.4): ADTS frames cut into segments, each starting with
 * an ID3v2 tag whose PRIV frame {@code com.apple.streaming.transportStreamTimestamp} carries the
 * 33-bit 90 kHz timestamp of its first sample, so a client can line it up with the video.
 */
final class PackedAudio {
    private static final int FRAMES_PER_SEGMENT = 47; // 47 × 1024 / 48000 ≈ 1.003 s
    private static final String OWNER = "com.apple.streaming.transportStreamTimestamp";

    private PackedAudio() {
    }

    /** Cuts an ADTS stream into segments starting at {@code startSeconds} on the MPEG-TS clock. */
    static void split(byte[] adts, double startSeconds, List<byte[]> segments, List<Double> durations) {
        int p = 0;
        long frame = 0;
        ByteArrayOutputStream seg = null;
        int inSegment = 0;
        while (p + 7 <= adts.length) {
            if ((adts[p] & 0xff) != 0xff || (adts[p + 1] & 0xf0) != 0xf0) throw new IllegalStateException("not ADTS at " + p);
            int length = ((adts[p + 3] & 0x03) << 11) | ((adts[p + 4] & 0xff) << 3) | ((adts[p + 5] & 0xe0) >> 5);
            if (seg == null) {
                seg = new ByteArrayOutputStream();
                long ts = Math.round(startSeconds * 90000) + frame * 1024 * 90000 / 48000;
                seg.writeBytes(id3Timestamp(ts & ((1L << 33) - 1)));
            }
            seg.write(adts, p, length);
            p += length;
            frame++;
            if (++inSegment == FRAMES_PER_SEGMENT || p + 7 > adts.length) {
                segments.add(seg.toByteArray());
                durations.add(inSegment * 1024 / 48000.0);
                seg = null;
                inSegment = 0;
            }
        }
    }

    /** An ID3v2.4 tag holding one PRIV frame with the timestamp, big-endian in 8 bytes. */
    static byte[] id3Timestamp(long ts90k) {
        byte[] owner = (OWNER + "\0").getBytes(StandardCharsets.ISO_8859_1);
        int frameSize = owner.length + 8;
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes("ID3".getBytes(StandardCharsets.ISO_8859_1));
        b.write(4);
        b.write(0);
        b.write(0);
        writeSyncsafe(b, 10 + frameSize);
        b.writeBytes("PRIV".getBytes(StandardCharsets.ISO_8859_1));
        writeSyncsafe(b, frameSize);
        b.write(0);
        b.write(0);
        b.writeBytes(owner);
        for (int i = 7; i >= 0; i--) b.write((int) (ts90k >>> (8 * i)) & 0xff);
        return b.toByteArray();
    }

    private static void writeSyncsafe(ByteArrayOutputStream b, int v) {
        b.write((v >> 21) & 0x7f);
        b.write((v >> 14) & 0x7f);
        b.write((v >> 7) & 0x7f);
        b.write(v & 0x7f);
    }
}
