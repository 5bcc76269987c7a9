package dev.avline.examples.recorder.config;

/**
 * Byte sizes as the field writes them: {@code 10M}, {@code 512K}, {@code 1Gi}, {@code 5000000}.
 * K, M and G are powers of 1000, as in FFmpeg's own option parser; Ki, Mi and Gi are powers of 1024.
 * FFmpeg's "B" suffix (which multiplies by 8) is refused rather than guessed at.
 */
public final class Sizes {
    private Sizes() {
    }

    /** @throws IllegalArgumentException naming the expected form */
    public static long parse(String text) {
        return dev.avline.config.ByteSize.parse(text); // one reading of sizes, the library's
    }
}
