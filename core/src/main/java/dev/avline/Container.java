package dev.avline;

import java.nio.file.Path;
import java.util.Locale;

/** The output containers avline writes. */
public enum Container {
    /** MPEG transport stream: what set-top boxes, HLS and most streaming servers take. */
    MPEGTS("mpegts", ".ts"),
    /** Fragmented MP4 ({@code frag_keyframe+empty_moov+default_base_moof}): playable while written. */
    FRAGMENTED_MP4("mp4", ".mp4");

    private final String muxer;
    private final String extension;

    Container(String muxer, String extension) {
        this.muxer = muxer;
        this.extension = extension;
    }

    /** FFmpeg's muxer name. */
    public String muxer() {
        return muxer;
    }

    public String extension() {
        return extension;
    }

    /** From a file name: {@code .ts}/{@code .m2ts}/{@code .mts} → MPEG-TS; {@code .mp4}/{@code .m4s}/{@code .m4v} → fMP4. */
    public static Container forFileName(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".ts") || name.endsWith(".m2ts") || name.endsWith(".mts")) return MPEGTS;
        if (name.endsWith(".mp4") || name.endsWith(".m4s") || name.endsWith(".m4v") || name.endsWith(".mov")) {
            return FRAGMENTED_MP4;
        }
        throw new IllegalArgumentException("cannot tell the container from the file name '" + file.getFileName()
                + "': use .ts or .mp4, or name the container (ts|mp4)");
    }

    /** From a short name as users type it: "ts", "mpegts", "mp4", "fmp4". */
    public static Container parse(String name) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "ts": case "mpegts": case "mpeg-ts": return MPEGTS;
            case "mp4": case "fmp4": case "fragmented_mp4": return FRAGMENTED_MP4;
            default: throw new IllegalArgumentException("unknown container '" + name + "' (expected ts or mp4)");
        }
    }
}
