package dev.avline.testkit;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-128 for an encrypted origin: which key a publication index uses (a new one every
 * {@code segmentsPerKey} segments, so tests see key rotation), the keys themselves (random, made
 * on first use and then fixed, so a re-fetched key still decrypts), and segment encryption.
 */
final class SegmentCipher {
    private final int segmentsPerKey;
    private final Map<Long, byte[]> keys = new ConcurrentHashMap<>(); // by key number
    private final SecureRandom random = new SecureRandom();

    /** {@code segmentsPerKey} 0: a clear origin. */
    SegmentCipher(int segmentsPerKey) {
        this.segmentsPerKey = segmentsPerKey;
    }

    boolean enabled() {
        return segmentsPerKey > 0;
    }

    int segmentsPerKey() {
        return segmentsPerKey;
    }

    /** Throws unless this origin encrypts: the key methods mean nothing on a clear one. */
    void requireEnabled() {
        if (!enabled()) throw new IllegalStateException("this origin does not encrypt");
    }

    /** The key number for a publication index (not a sequence number: numbering restarts must not reuse keys). */
    long keyNumber(long index) {
        return index / segmentsPerKey;
    }

    byte[] key(long number) {
        return keys.computeIfAbsent(number, k -> {
            byte[] key = new byte[16];
            random.nextBytes(key);
            return key;
        });
    }

    /** Forgets the keys of segments before publication index {@code index} (no longer served). */
    void forgetBefore(long index) {
        if (!enabled()) return;
        long number = keyNumber(Math.max(0, index));
        keys.keySet().removeIf(k -> k < number);
    }

    /** How many keys are held (for tests of the origin's own memory). */
    int size() {
        return keys.size();
    }

    /** Encrypts the segment at {@code index} whose media sequence number is {@code sequence}. */
    byte[] encrypt(byte[] clear, long index, long sequence) {
        return encrypt(clear, key(keyNumber(index)), sequence);
    }

    /**
     * AES-128-CBC with PKCS#7 padding, the media sequence number (big-endian, 16 bytes) as IV:
     * the IV RFC 8216 implies when EXT-X-KEY has no IV attribute.
     */
    private static byte[] encrypt(byte[] clear, byte[] key, long sequence) {
        byte[] iv = new byte[16];
        for (int i = 0; i < 8; i++) iv[15 - i] = (byte) (sequence >>> (8 * i));
        try {
            Cipher c = Cipher.getInstance("AES/CBC/PKCS5Padding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
            return c.doFinal(clear);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-128 is not available: " + e, e);
        }
    }
}
