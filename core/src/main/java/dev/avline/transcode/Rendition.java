package dev.avline.transcode;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One rung of a {@link Ladder}: a name (its subdirectory in the HLS output), a picture size and a
 * target bitrate. Encoded with libx264 in ABR mode with a VBV cap, so segment sizes, and the
 * bandwidth the master playlist announces, stay near the target.
 *
 * @param name {@code [A-Za-z0-9_-]+}, e.g. {@code 720p}
 * @param width picture width; -2 follows the input's aspect ratio (even)
 * @param height picture height; -2 follows the input's aspect ratio (even)
 * @param bitrate target bitrate, bit/s
 * @param maxrate VBV peak rate, bit/s
 * @param bufsize VBV buffer, bits
 */
public record Rendition(String name, int width, int height, long bitrate, long maxrate, long bufsize) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    public Rendition {
        Objects.requireNonNull(name, "rendition.name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("rendition.name must be 1 to 64 of A-Z a-z 0-9 _ -, got '" + name + "'");
        }
        if (width == 0 || height == 0 || width < -2 || height < -2 || (width < 0 && height < 0)
                || width > 16384 || height > 16384 || (width > 0 && width < 16) || (height > 0 && height < 16)) {
            throw new IllegalArgumentException("rendition " + name + ": size must be 16 to 16384 on each side, one of them "
                    + "-2 to follow the input's aspect ratio, got " + width + "x" + height);
        }
        if (bitrate < 16_000 || maxrate < bitrate || bufsize < 1) {
            throw new IllegalArgumentException("rendition " + name + ": bitrate must be at least 16000 bit/s and maxrate at "
                    + "least the bitrate, got " + bitrate + " / " + maxrate);
        }
    }

    /** A rendition with a VBV cap of 110 % of the bitrate over a 1.5 s buffer (the field's usual ladder). */
    public static Rendition of(String name, int width, int height, long bitrate) {
        return new Rendition(name, width, height, bitrate, bitrate * 11 / 10, bitrate * 3 / 2);
    }

    /** {@code "720p"}: the given height, the width following the input's aspect ratio. */
    public static Rendition height(int height, long bitrate) {
        return of(height + "p", -2, height, bitrate);
    }

    /** The same rendition at another bitrate (the cap and buffer scaled alike). */
    public Rendition withBitrate(long newBitrate) {
        return new Rendition(name, width, height, newBitrate, Math.max(newBitrate, maxrate * newBitrate / bitrate),
                Math.max(1, bufsize * newBitrate / bitrate));
    }
}
