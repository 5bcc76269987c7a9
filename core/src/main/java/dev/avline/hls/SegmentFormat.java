package dev.avline.hls;

import java.nio.charset.StandardCharsets;

/**
 * The demuxer for a run of segments, told from their first bytes (the init section's, when there
 * is one), so that nothing is probed: MPEG-TS, fragmented MP4, packed audio (ADTS AAC, MP3, AC-3,
 * E-AC-3 after an ID3 tag), WebVTT. Null when the bytes say nothing FFmpeg should not probe itself.
 */
final class SegmentFormat {
    /** Every demuxer a segment may be read with (FFmpeg's {@code format_whitelist} when probing). */
    static final String ALLOWED = "mpegts,mov,mp4,m4a,3gp,3g2,mj2,aac,mp3,ac3,eac3,webvtt";

    private SegmentFormat() {
    }

    static String detect(byte[] b, int off, int len) {
        if (len >= 1 && (b[off] & 0xff) == 0x47 && (len < 189 || (b[off + 188] & 0xff) == 0x47)) return "mpegts";
        if (len >= 8) {
            String box = new String(b, off + 4, 4, StandardCharsets.ISO_8859_1);
            switch (box) {
                case "ftyp": case "styp": case "moov": case "moof": case "sidx": case "emsg": case "prft": case "free":
                    return "mov";
                default: break;
            }
        }
        if (len >= 6 && new String(b, off, 6, StandardCharsets.ISO_8859_1).equals("WEBVTT")) return "webvtt";
        if (len >= 3 && (b[off] & 0xEF) == 0xEF && (b[off + 1] & 0xff) == 0xBB && new String(b, off + 3,
                Math.min(6, len - 3), StandardCharsets.ISO_8859_1).startsWith("WEBVTT")) return "webvtt";
        if (len >= 2 && (b[off] & 0xff) == 0xFF && ((b[off + 1] & 0xff) & 0xF6) == 0xF0) return "aac";
        if (len >= 2 && (b[off] & 0xff) == 0x0B && (b[off + 1] & 0xff) == 0x77) {
            return len >= 6 && ((b[off + 5] & 0xff) >> 3) > 10 ? "eac3" : "ac3";
        }
        if (len >= 2 && (b[off] & 0xff) == 0xFF && ((b[off + 1] & 0xff) & 0xE0) == 0xE0) return "mp3";
        return null;
    }
}
