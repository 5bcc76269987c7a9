package dev.avline.hlsout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A master (multivariant) playlist: one {@code #EXT-X-STREAM-INF} per rendition, in the order given
 * (the first is what a player starts with), each with the figures RFC 8216 and Apple's authoring
 * guidelines ask for: {@code BANDWIDTH} (the peak segment bitrate), {@code AVERAGE-BANDWIDTH},
 * {@code RESOLUTION}, {@code CODECS} and {@code FRAME-RATE}.
 */
final class MasterPlaylist {
    /**
     * One rendition as the master lists it.
     *
     * @param uri its media playlist, relative to the master ({@code 720p/index.m3u8})
     * @param bandwidth peak bitrate of its segments, bit/s
     * @param averageBandwidth average bitrate over its segments, bit/s
     * @param codecs RFC 6381 codec strings, comma separated ({@code avc1.64001f,mp4a.40.2})
     * @param frameRate frames per second (0: not written)
     */
    public record Variant(String uri, long bandwidth, long averageBandwidth, int width, int height, double frameRate,
                          String codecs) {
    }

    private MasterPlaylist() {
    }

    /**
     * The playlist's text. {@code version} is the media playlists' ({@code 3} with TS segments,
     * {@code 7} with fMP4 ones).
     */
    public static String render(List<Variant> variants, int version) {
        StringBuilder b = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:").append(version).append('\n');
        b.append("#EXT-X-INDEPENDENT-SEGMENTS\n"); // every segment starts with a keyframe
        for (Variant v : variants) {
            List<String> attrs = new ArrayList<>();
            attrs.add("BANDWIDTH=" + Math.max(1, v.bandwidth()));
            if (v.averageBandwidth() > 0) attrs.add("AVERAGE-BANDWIDTH=" + v.averageBandwidth());
            if (v.width() > 0 && v.height() > 0) attrs.add("RESOLUTION=" + v.width() + "x" + v.height());
            if (v.frameRate() > 0) attrs.add(String.format(Locale.ROOT, "FRAME-RATE=%.3f", v.frameRate()));
            if (v.codecs() != null && !v.codecs().isEmpty()) attrs.add("CODECS=\"" + v.codecs() + "\"");
            b.append("#EXT-X-STREAM-INF:").append(String.join(",", attrs)).append('\n').append(v.uri()).append('\n');
        }
        return b.toString();
    }

    /**
     * Writes {@code text} to {@code file} under a temporary name first and renames it, so a player
     * fetching the master while it is rewritten gets the old one or the new one, never half.
     */
    public static void write(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
