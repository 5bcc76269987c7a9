package dev.avline;

import java.nio.file.Path;
import java.util.Locale;

/** The output containers avline writes. */
public enum Container {
    /** MPEG transport stream: what set-top boxes, HLS and most streaming servers take. */
    MPEGTS("mpegts", ".ts", "ts"),
    /** Fragmented MP4 ({@code frag_keyframe+empty_moov+default_base_moof}): playable while written. */
    FRAGMENTED_MP4("mp4", ".mp4", "mp4"),
    /**
     * A finished MP4 for download ({@code movflags=+faststart}): the index ({@code moov}) is written
     * when the job ends and moved to the front, so players start before the whole file is loaded.
     * It needs a file (a seekable output), and a file cut short before the end has no index, so it
     * does not play: for a live recording that may be cut, prefer MPEG-TS or {@link #FRAGMENTED_MP4}.
     * Never chosen from an extension ({@code .mp4} stays fragmented): name it.
     */
    MP4_FASTSTART("mp4", ".mp4", "mp4-faststart"),
    /**
     * Matroska ({@code .mkv}): carries nearly every codec; playable while written. To a stream or
     * channel (not a file), AAC copied from MPEG-TS (ADTS, without an AudioSpecificConfig) fails at
     * the header: FFmpeg's Matroska muxer needs it there and can only fill it in later in a file.
     */
    MATROSKA("matroska", ".mkv", "mkv");

    private final String muxer;
    private final String extension;
    private final String shortName;

    Container(String muxer, String extension, String shortName) {
        this.muxer = muxer;
        this.extension = extension;
        this.shortName = shortName;
    }

    /** {@return FFmpeg's muxer name} */
    public String muxer() {
        return muxer;
    }

    /** {@return the usual file extension, without the dot} */
    public String extension() {
        return extension;
    }

    /** {@return the name users type for it ({@code ts}, {@code mp4}, {@code mp4-faststart}, {@code mkv}); {@link #parse} takes it} */
    public String shortName() {
        return shortName;
    }

    /** {@return true when the muxer keeps codec headers out of band (MP4, Matroska): encoders then write global headers} */
    public boolean globalHeaders() {
        return this != MPEGTS;
    }

    /** {@return true when the output can only be written to something seekable (a file)} */
    public boolean needsSeekableOutput() {
        return this == MP4_FASTSTART;
    }

    /**
     * From a file name: {@code .ts}/{@code .m2ts}/{@code .mts} → MPEG-TS; {@code .mp4}/{@code .m4s}/{@code .m4v}/{@code .mov}
     * → fragmented MP4; {@code .mkv} → Matroska.
     *
     * @param file the file
     * @return its container
     * @throws IllegalArgumentException when the extension says none of them
     */
    public static Container forFileName(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".ts") || name.endsWith(".m2ts") || name.endsWith(".mts")) return MPEGTS;
        if (name.endsWith(".mp4") || name.endsWith(".m4s") || name.endsWith(".m4v") || name.endsWith(".mov")) {
            return FRAGMENTED_MP4;
        }
        if (name.endsWith(".mkv")) return MATROSKA;
        throw new IllegalArgumentException("cannot tell the container from the file name '" + file.getFileName()
                + "': use .ts, .mp4 or .mkv, or name the container (ts|mp4|mp4-faststart|mkv)");
    }

    /**
     * From a short name as users type it: "ts", "mpegts", "mp4", "fmp4", "mp4-faststart", "mkv", "matroska".
     *
     * @param name the short name
     * @return the container
     * @throws IllegalArgumentException naming the names it takes
     */
    public static Container parse(String name) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "ts": case "mpegts": case "mpeg-ts": return MPEGTS;
            case "mp4": case "fmp4": case "fragmented_mp4": return FRAGMENTED_MP4;
            case "mp4-faststart": case "mp4_faststart": case "faststart": return MP4_FASTSTART;
            case "mkv": case "matroska": return MATROSKA;
            default: throw new IllegalArgumentException("unknown container '" + name
                    + "' (expected ts, mp4, mp4-faststart or mkv)");
        }
    }
}
