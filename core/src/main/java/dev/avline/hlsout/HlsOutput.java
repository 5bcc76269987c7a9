package dev.avline.hlsout;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import dev.avline.Container;

/**
 * An HLS output on disk: a media playlist and its segments in one directory, written by FFmpeg's
 * own {@code hls} muxer. Immutable; every setter-like method returns a copy.
 *
 * <pre>{@code
 * HlsOutput.live(dir, 6)                        // sliding window of 6 segments, older ones deleted
 *     .segmentSeconds(4).segments(Container.FRAGMENTED_MP4);   // .m4s + init.mp4 (EXT-X-MAP)
 * HlsOutput.event(dir);                         // every segment kept, #EXT-X-ENDLIST at the end
 * HlsOutput.vod(dir);                           // PLAYLIST-TYPE:VOD, #EXT-X-ENDLIST at the end
 * }</pre>
 *
 * <p>Segments are cut on keyframes at the first one after each multiple of the segment duration;
 * every segment starts with one (EXT-X-INDEPENDENT-SEGMENTS). Playlists and segments are written
 * under a temporary name and renamed when complete, so whatever serves the directory never hands
 * out half a file. Live playlists carry {@code #EXT-X-PROGRAM-DATE-TIME} (the wall clock when the
 * media was written), which is what a time-shift server needs to map a wall-clock time to a segment.
 *
 * <p>File names: {@code index.m3u8} by default, segments named after the playlist
 * ({@code index_00000.ts}, {@code index_00000.m4s}), the fMP4 init section {@code index_init.mp4}.
 * A playlist written under another name (a rotated recording) therefore never overwrites the
 * segments of the first.
 */
public final class HlsOutput {
    /** What kind of playlist is written. */
    public enum Kind {
        /** A sliding window: the last {@code window} segments are listed, older ones deleted. */
        LIVE,
        /** Every segment is kept and listed; {@code #EXT-X-PLAYLIST-TYPE:EVENT}, ENDLIST at the end. */
        EVENT,
        /** {@code #EXT-X-PLAYLIST-TYPE:VOD}: every segment, ENDLIST at the end. */
        VOD
    }

    private final Path directory;
    private final String playlistName;
    private final Container segments;
    private final double segmentSeconds;
    private final Kind kind;
    private final int window;
    private final boolean programDateTime;

    private HlsOutput(Path directory, String playlistName, Container segments, double segmentSeconds, Kind kind,
                      int window, boolean programDateTime) {
        this.directory = directory;
        this.playlistName = playlistName;
        this.segments = segments;
        this.segmentSeconds = segmentSeconds;
        this.kind = kind;
        this.window = window;
        this.programDateTime = programDateTime;
    }

    /**
     * {@return a live playlist listing the last {@code windowSegments} segments (at least 3, as RFC 8216 asks of live playlists)}
     *
     * @param directory where the playlist and segments go
     * @param windowSegments how many segments the playlist lists, at least 3
     */
    public static HlsOutput live(Path directory, int windowSegments) {
        if (windowSegments < 3) {
            throw new IllegalArgumentException("hls.window must be at least 3 segments, got " + windowSegments);
        }
        return new HlsOutput(Objects.requireNonNull(directory, "directory"), "index.m3u8", Container.MPEGTS, 4, Kind.LIVE,
                windowSegments, true);
    }

    /**
     * {@return an event playlist: segments are only added; {@code #EXT-X-ENDLIST} when the job ends}
     *
     * @param directory where the playlist and segments go
     */
    public static HlsOutput event(Path directory) {
        return new HlsOutput(Objects.requireNonNull(directory, "directory"), "index.m3u8", Container.MPEGTS, 4, Kind.EVENT,
                0, false);
    }

    /**
     * {@return a VOD playlist}
     *
     * @param directory where the playlist and segments go
     */
    public static HlsOutput vod(Path directory) {
        return new HlsOutput(Objects.requireNonNull(directory, "directory"), "index.m3u8", Container.MPEGTS, 4, Kind.VOD,
                0, false);
    }

    /**
     * Target segment duration in seconds (0.5 to 60; default 4).
     *
     * @param seconds the target duration
     * @return a copy with it
     */
    public HlsOutput segmentSeconds(double seconds) {
        if (!(seconds >= 0.5 && seconds <= 60)) {
            throw new IllegalArgumentException("hls.segment_seconds must be between 0.5 and 60, got " + seconds);
        }
        return new HlsOutput(directory, playlistName, segments, seconds, kind, window, programDateTime);
    }

    /**
     * MPEG-TS segments ({@code .ts}, the default) or fragmented MP4 ({@code .m4s} after an init section).
     *
     * @param container MPEG-TS or fragmented MP4
     * @return a copy with it
     */
    public HlsOutput segments(Container container) {
        return new HlsOutput(directory, playlistName, Objects.requireNonNull(container, "hls.segments"), segmentSeconds,
                kind, window, programDateTime);
    }

    /**
     * The media playlist's file name ({@code index.m3u8} by default); must end in {@code .m3u8}.
     *
     * @param name the file name
     * @return a copy with it
     */
    public HlsOutput playlistName(String name) {
        Objects.requireNonNull(name, "hls.playlist_name");
        if (!name.endsWith(".m3u8") || name.length() <= 5 || name.contains("/") || name.contains("\\") || name.contains("%")) {
            throw new IllegalArgumentException("hls.playlist_name must be a plain file name ending in .m3u8, got '" + name + "'");
        }
        return new HlsOutput(directory, name, segments, segmentSeconds, kind, window, programDateTime);
    }

    /**
     * {@code #EXT-X-PROGRAM-DATE-TIME} on every segment (default: on for live playlists, off otherwise).
     *
     * @param on whether to write it
     * @return a copy with it
     */
    public HlsOutput programDateTime(boolean on) {
        return new HlsOutput(directory, playlistName, segments, segmentSeconds, kind, window, on);
    }

    /**
     * The same output in another directory (a rendition of a ladder in its own subdirectory).
     *
     * @param other the directory
     * @return a copy writing there
     */
    public HlsOutput inDirectory(Path other) {
        return new HlsOutput(Objects.requireNonNull(other, "directory"), playlistName, segments, segmentSeconds, kind,
                window, programDateTime);
    }

    /** {@return the directory the playlist and its segments are written to} */
    public Path directory() {
        return directory;
    }

    /** {@return the media playlist's file name} */
    public String playlistName() {
        return playlistName;
    }

    /** {@return the media playlist's path} */
    public Path playlist() {
        return directory.resolve(playlistName);
    }

    /** {@return the segments' container (MPEG-TS or fragmented MP4)} */
    public Container segments() {
        return segments;
    }

    /** {@return the target segment duration, in seconds} */
    public double segmentSeconds() {
        return segmentSeconds;
    }

    /** {@return the playlist type: live window, EVENT or VOD} */
    public Kind kind() {
        return kind;
    }

    /** {@return segments listed by a live playlist (0 for event and VOD playlists: all of them)} */
    public int window() {
        return window;
    }

    /** {@return whether each segment carries {@code #EXT-X-PROGRAM-DATE-TIME}} */
    public boolean programDateTime() {
        return programDateTime;
    }

    /** The segment files' name pattern, for the muxer ({@code index_%05d.ts}). */
    String segmentPattern() {
        return baseName() + "_%05d" + (segments == Container.MPEGTS ? ".ts" : ".m4s");
    }

    /** {@return the fMP4 init section's file name} */
    public String initName() {
        return baseName() + "_init.mp4";
    }

    private String baseName() {
        return playlistName.substring(0, playlistName.length() - ".m3u8".length());
    }

    /** {@return the {@code hls} muxer's options for this output} */
    public Map<String, String> muxerOptions() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("hls_time", String.format(Locale.ROOT, "%.3f", segmentSeconds));
        m.put("hls_list_size", String.valueOf(kind == Kind.LIVE ? window : 0));
        if (kind != Kind.LIVE) m.put("hls_playlist_type", kind == Kind.VOD ? "vod" : "event");
        StringBuilder flags = new StringBuilder("+independent_segments+temp_file");
        if (kind == Kind.LIVE) flags.append("+delete_segments");
        if (programDateTime) flags.append("+program_date_time");
        m.put("hls_flags", flags.toString());
        m.put("hls_segment_type", segments == Container.MPEGTS ? "mpegts" : "fmp4");
        m.put("hls_segment_filename", directory.resolve(segmentPattern()).toString());
        if (segments == Container.FRAGMENTED_MP4) m.put("hls_fmp4_init_filename", initName());
        return m;
    }

    @Override
    public String toString() {
        return "HLS " + kind.name().toLowerCase(Locale.ROOT) + " " + playlist() + " ("
                + (segments == Container.MPEGTS ? "TS" : "fMP4") + " segments of "
                + String.format(Locale.ROOT, "%.3g", segmentSeconds) + " s" + (kind == Kind.LIVE ? ", window " + window : "") + ")";
    }
}
