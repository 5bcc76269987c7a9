package dev.avline.hlsout;

import java.util.Locale;

/**
 * The {@code CODECS} attribute of a master playlist (RFC 6381 strings): {@code avc1.PPCCLL} from an
 * H.264 sequence parameter set (profile, constraint flags, level, as the encoder really set them),
 * {@code mp4a.40.2} for AAC-LC.
 */
@dev.avline.Internal
public final class CodecStrings {
    private CodecStrings() {
    }

    /**
     * {@code avc1.PPCCLL} from H.264 headers: an Annex B byte stream holding an SPS (a keyframe of a
     * TS stream, libx264's extradata) or an {@code avcC} record (MP4 extradata); null when there is no SPS.
     */
    public static String avc1(byte[] h264) {
        if (h264 == null || h264.length < 4) return null;
        if (h264[0] == 1 && h264.length >= 4) { // avcC: version 1, then profile, compatibility, level
            return format(h264[1], h264[2], h264[3]);
        }
        for (int i = 0; i + 3 < h264.length; i++) {
            // a start code (00 00 01; a 4-byte one ends the same way) followed by NAL type 7
            if (h264[i] == 0 && h264[i + 1] == 0 && h264[i + 2] == 1) {
                int header = i + 3;
                if ((h264[header] & 0x1f) == 7 && header + 3 < h264.length) {
                    return format(h264[header + 1], h264[header + 2], h264[header + 3]);
                }
            }
        }
        return null;
    }

    private static String format(byte profile, byte constraints, byte level) {
        return String.format(Locale.ROOT, "avc1.%02x%02x%02x", profile & 0xff, constraints & 0xff, level & 0xff);
    }

    /** {@return the audio codec string of an encoder by name, or null when avline does not know it} */
    public static String audio(String encoder) {
        switch (encoder) {
            case "aac": return "mp4a.40.2";        // FFmpeg's AAC encoder makes AAC-LC
            case "libmp3lame": return "mp4a.40.34";
            case "ac3": return "ac-3";
            case "eac3": return "ec-3";
            case "libopus": case "opus": return "opus";
            default: return null;
        }
    }
}
