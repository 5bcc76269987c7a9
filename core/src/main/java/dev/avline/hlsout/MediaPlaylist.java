package dev.avline.hlsout;

import java.util.ArrayList;
import java.util.List;

/**
 * A media playlist as written by an HLS muxer, read back: the tags avline's HLS output relies on
 * (media sequence, target duration, playlist type, ENDLIST, the init section) and each segment's URI,
 * duration and program date-time. A reader for what avline (or FFmpeg) wrote, not a general parser:
 * the live client's own parser is {@code dev.avline.hls.Playlist}.
 *
 * @param mediaSequence {@code #EXT-X-MEDIA-SEQUENCE} (0 when absent)
 * @param targetDuration {@code #EXT-X-TARGETDURATION} in seconds (0 when absent)
 * @param playlistType {@code VOD}, {@code EVENT} or null
 * @param endList whether {@code #EXT-X-ENDLIST} is there
 * @param map the first {@code #EXT-X-MAP} URI (the fMP4 init section), or null
 */
@dev.avline.Internal
public record MediaPlaylist(long mediaSequence, int targetDuration, String playlistType, boolean endList, String map,
                            List<Segment> segments) {
    /**
     * @param uri as written (relative to the playlist)
     * @param duration {@code #EXTINF} in seconds
     * @param programDateTime the segment's {@code #EXT-X-PROGRAM-DATE-TIME}, or null
     * @param discontinuity preceded by {@code #EXT-X-DISCONTINUITY}
     */
    public record Segment(String uri, double duration, String programDateTime, boolean discontinuity) {
    }

    public MediaPlaylist {
        segments = List.copyOf(segments);
    }

    /** Parses {@code text}; throws {@link IllegalArgumentException} when it is not a media playlist. */
    public static MediaPlaylist parse(String text) {
        String[] lines = text.split("\r?\n");
        if (lines.length == 0 || !lines[0].trim().equals("#EXTM3U")) {
            throw new IllegalArgumentException("not an HLS playlist (no #EXTM3U first line)");
        }
        long sequence = 0;
        int target = 0;
        String type = null;
        boolean end = false;
        String map = null;
        List<Segment> segments = new ArrayList<>();
        double duration = Double.NaN;
        String date = null;
        boolean discontinuity = false;
        for (String raw : lines) {
            String line = raw.trim();
            if (line.isEmpty()) continue;
            if (line.startsWith("#EXT-X-MEDIA-SEQUENCE:")) {
                sequence = Long.parseLong(value(line));
            } else if (line.startsWith("#EXT-X-TARGETDURATION:")) {
                target = Integer.parseInt(value(line));
            } else if (line.startsWith("#EXT-X-PLAYLIST-TYPE:")) {
                type = value(line);
            } else if (line.equals("#EXT-X-ENDLIST")) {
                end = true;
            } else if (line.startsWith("#EXT-X-MAP:") && map == null) {
                map = attribute(value(line), "URI");
            } else if (line.startsWith("#EXTINF:")) {
                String v = value(line);
                int comma = v.indexOf(',');
                duration = Double.parseDouble(comma < 0 ? v : v.substring(0, comma));
            } else if (line.startsWith("#EXT-X-PROGRAM-DATE-TIME:")) {
                date = value(line);
            } else if (line.equals("#EXT-X-DISCONTINUITY")) {
                discontinuity = true;
            } else if (line.startsWith("#EXT-X-STREAM-INF")) {
                throw new IllegalArgumentException("a master playlist, not a media playlist");
            } else if (!line.startsWith("#")) {
                if (Double.isNaN(duration)) throw new IllegalArgumentException("segment " + line + " has no #EXTINF");
                segments.add(new Segment(line, duration, date, discontinuity));
                duration = Double.NaN;
                date = null;
                discontinuity = false;
            }
        }
        return new MediaPlaylist(sequence, target, type, end, map, segments);
    }

    private static String value(String line) {
        return line.substring(line.indexOf(':') + 1).trim();
    }

    /** A quoted or plain attribute of an attribute list ({@code URI="init.mp4"}), or null. */
    static String attribute(String list, String name) {
        int i = 0;
        while (i < list.length()) {
            int eq = list.indexOf('=', i);
            if (eq < 0) return null;
            String key = list.substring(i, eq).trim();
            int end;
            String v;
            if (eq + 1 < list.length() && list.charAt(eq + 1) == '"') {
                end = list.indexOf('"', eq + 2);
                if (end < 0) return null;
                v = list.substring(eq + 2, end);
                end = list.indexOf(',', end);
            } else {
                end = list.indexOf(',', eq);
                v = list.substring(eq + 1, end < 0 ? list.length() : end);
            }
            if (key.equals(name)) return v;
            if (end < 0) return null;
            i = end + 1;
        }
        return null;
    }

    /** {@return the listed media's duration in seconds} */
    public double totalSeconds() {
        return segments.stream().mapToDouble(Segment::duration).sum();
    }
}
