package dev.avline.hls;

import java.util.Locale;

/**
 * The key a segment (or an init section) is encrypted with ({@code EXT-X-KEY}).
 *
 * @param method NONE, AES-128, SAMPLE-AES, SAMPLE-AES-CTR, … (upper case)
 * @param uri the key's absolute URI, or null
 * @param iv the explicit 16-byte IV, or null when the media sequence number is the IV
 * @param keyFormat KEYFORMAT ("identity" when absent)
 */
record SegmentKey(String method, String uri, byte[] iv, String keyFormat) {
    static final String IDENTITY = "identity";

    /** AES-128 of whole segments with a plain key that avline can fetch and use. */
    boolean isClearKeyAes128() {
        return "AES-128".equals(method) && IDENTITY.equalsIgnoreCase(keyFormat) && uri != null;
    }

    /**
     * Why avline cannot record what this key protects, or null when it can: only whole-segment
     * AES-128 with a plain ("identity") key can be decrypted without a DRM system.
     */
    String unsupported() {
        if (isClearKeyAes128()) return null;
        if ("AES-128".equals(method) && uri == null) return "EXT-X-KEY:METHOD=AES-128 without a URI";
        String format = IDENTITY.equalsIgnoreCase(keyFormat) ? "" : ",KEYFORMAT=\"" + keyFormat + "\"";
        String what;
        switch (method) {
            case "SAMPLE-AES": case "SAMPLE-AES-CTR": case "SAMPLE-AES-CENC":
                what = "the samples inside the segments are encrypted (a DRM scheme such as FairPlay, Widevine or PlayReady)";
                break;
            case "AES-128":
                what = "the key is delivered by a DRM system, not as a plain key";
                break;
            default:
                what = "an encryption method avline does not know";
        }
        return "EXT-X-KEY:METHOD=" + method + format + " is not supported: " + what
                + "; avline records clear segments and AES-128 segments with a plain key";
    }

    static String normalizeMethod(String m) {
        return m == null ? "NONE" : m.strip().toUpperCase(Locale.ROOT);
    }
}
