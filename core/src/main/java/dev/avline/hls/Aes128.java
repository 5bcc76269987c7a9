package dev.avline.hls;

import java.security.GeneralSecurityException;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** HLS {@code METHOD=AES-128}: a whole segment in AES-128-CBC with PKCS#7 padding (RFC 8216, 4.3.2.4). */
final class Aes128 {
    private Aes128() {
    }

    /**
     * The segment decrypted, or null when it does not decrypt (the padding is wrong: another key,
     * or a damaged body; a wrong key fails this check but for about 1 in 256 cases, which then
     * decode as garbage; a key that was fetched whole is what prevents that).
     */
    static byte[] decrypt(byte[] encrypted, byte[] key, byte[] iv) {
        if (encrypted.length == 0 || encrypted.length % 16 != 0) return null;
        try {
            Cipher c = Cipher.getInstance("AES/CBC/PKCS5Padding");
            c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
            return c.doFinal(encrypted);
        } catch (GeneralSecurityException e) {
            return null;
        }
    }

    /**
     * Decrypts the first {@code length} bytes of {@code buffer} in place (no copy of a segment).
     *
     * @return the decrypted length, or -1 when it does not decrypt (as {@link #decrypt})
     */
    static int decryptInPlace(byte[] buffer, int length, byte[] key, byte[] iv) {
        if (length == 0 || length % 16 != 0) return -1;
        try {
            Cipher c = Cipher.getInstance("AES/CBC/PKCS5Padding");
            c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
            return c.doFinal(buffer, 0, length, buffer, 0);
        } catch (GeneralSecurityException e) {
            return -1;
        }
    }

    /** No IV attribute: the media sequence number, big-endian in 16 bytes. */
    static byte[] iv(long sequence) {
        byte[] iv = new byte[16];
        for (int i = 0; i < 8; i++) iv[15 - i] = (byte) (sequence >>> (8 * i));
        return iv;
    }

    /** An IV attribute ({@code 0x} and up to 32 hex digits), right-aligned in 16 bytes. */
    static byte[] iv(String attribute) {
        String h = attribute.substring(2);
        if (h.length() > 32) h = h.substring(h.length() - 32);
        byte[] iv = new byte[16];
        for (int i = 0; i < h.length(); i++) {
            int nibble = Character.digit(h.charAt(h.length() - 1 - i), 16);
            iv[15 - i / 2] |= (byte) (i % 2 == 0 ? nibble : nibble << 4);
        }
        return iv;
    }
}
