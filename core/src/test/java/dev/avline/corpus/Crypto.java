package dev.avline.corpus;

import java.security.GeneralSecurityException;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** The encryption the corpus needs, done in Java: AES-128 segments, and samples scrambled for the cases that must be refused. */
final class Crypto {
    private Crypto() {
    }

    static byte[] key(int seed) {
        byte[] k = new byte[16];
        for (int i = 0; i < 16; i++) k[i] = (byte) (seed * 31 + i * 7 + 3);
        return k;
    }

    /** The IV RFC 8216 5.2 implies without an IV attribute: the media sequence number, big-endian, 16 bytes. */
    static byte[] sequenceIv(long sequence) {
        byte[] iv = new byte[16];
        for (int i = 0; i < 8; i++) iv[15 - i] = (byte) (sequence >>> (8 * i));
        return iv;
    }

    static byte[] iv(String hex) {
        String h = hex.startsWith("0x") || hex.startsWith("0X") ? hex.substring(2) : hex;
        byte[] iv = new byte[16];
        for (int i = 0; i < 16; i++) iv[i] = (byte) Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16);
        return iv;
    }

    /** AES-128-CBC with PKCS#7 padding (RFC 8216 METHOD=AES-128). */
    static byte[] aes128(byte[] clear, byte[] key, byte[] iv) {
        try {
            Cipher c = Cipher.getInstance("AES/CBC/PKCS5Padding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
            return c.doFinal(clear);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A fragmented-MP4 segment whose sample data ({@code mdat} payload) is AES-CTR encrypted, as
     * SAMPLE-AES-CTR ('cenc') content is: a client that takes it for clear decodes garbage.
     */
    static byte[] ctrSamples(byte[] segment, byte[] key) {
        byte[] out = segment.clone();
        int at = 0;
        while (at + 8 <= out.length) {
            long size = ((out[at] & 0xffL) << 24) | ((out[at + 1] & 0xff) << 16) | ((out[at + 2] & 0xff) << 8) | (out[at + 3] & 0xff);
            String type = new String(out, at + 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
            if (size < 8) break;
            if (type.equals("mdat")) {
                try {
                    Cipher c = Cipher.getInstance("AES/CTR/NoPadding");
                    c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(new byte[16]));
                    byte[] enc = c.doFinal(out, at + 8, (int) size - 8);
                    System.arraycopy(enc, 0, out, at + 8, enc.length);
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException(e);
                }
            }
            at += (int) size;
        }
        return out;
    }

    /**
     * Where the first video access unit (the segment's I-frame) of a TS segment lies: from the
     * segment's start (PAT/PMT included, as I-frame playlists list them) to the packet that starts
     * the next video PES. {length, offset}.
     */
    static long[] firstIframe(byte[] ts) {
        int videoPesStarts = 0;
        for (int p = 0; p + 188 <= ts.length; p += 188) {
            boolean start = (ts[p + 1] & 0x40) != 0;
            int afc = (ts[p + 3] >> 4) & 0x3;
            int payload = p + 4 + (afc == 3 ? 1 + (ts[p + 4] & 0xff) : 0);
            if (afc == 2 || !start || payload + 4 > p + 188) continue;
            if (ts[payload] == 0 && ts[payload + 1] == 0 && ts[payload + 2] == 1 && (ts[payload + 3] & 0xf0) == 0xe0) {
                if (++videoPesStarts == 2) return new long[] {p, 0};
            }
        }
        return new long[] {ts.length, 0};
    }
}
