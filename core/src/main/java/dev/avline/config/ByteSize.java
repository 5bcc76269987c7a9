package dev.avline.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Byte sizes as the field writes them: {@code 10M}, {@code 512K}, {@code 1Gi}, {@code 5000000}.
 * K, M and G are powers of 1000, as in FFmpeg's own option parser; Ki, Mi and Gi are powers of 1024.
 * FFmpeg's "B" suffix (which multiplies by 8) is refused rather than guessed at.
 */
public final class ByteSize {
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(k|m|g|ki|mi|gi)?");

    private ByteSize() {
    }

    /**
     * The number of bytes {@code text} says.
     *
     * @param text a number of bytes, with an optional suffix ("10M")
     * @return the bytes
     * @throws IllegalArgumentException naming the expected form
     */
    public static long parse(String text) {
        Matcher m = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) throw new IllegalArgumentException("expected a size like 10M, got \"" + text + "\"");
        double value = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "" : m.group(2);
        double factor;
        switch (unit) {
            case "": factor = 1; break;
            case "k": factor = 1e3; break;
            case "m": factor = 1e6; break;
            case "g": factor = 1e9; break;
            case "ki": factor = 1024; break;
            case "mi": factor = 1024 * 1024; break;
            default: factor = 1024L * 1024 * 1024; break;
        }
        double bytes = value * factor;
        if (bytes > Long.MAX_VALUE / 2) throw new IllegalArgumentException("size too large: \"" + text + "\"");
        return Math.round(bytes);
    }
}
