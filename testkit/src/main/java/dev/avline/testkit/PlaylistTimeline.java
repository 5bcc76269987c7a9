package dev.avline.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A media playlist written as a whole (as a VOD one is) replayed in real time the way origins
 * publish it: as an EVENT playlist that grows by one segment each time a segment's duration has
 * passed and ends with {@code #EXT-X-ENDLIST}, or as a live sliding window whose media sequence
 * and discontinuity sequence advance, with the key and init section in force restated at the top
 * of the window (as packagers do), and implicit byte-range offsets made explicit there.
 *
 * <pre>{@code
 * origin.putTimed("/live/index.m3u8", PlaylistTimeline.live(vodText, 3, true));
 * }</pre>
 *
 * <p>Immutable; {@link #at(double)} renders the playlist a client gets so many seconds after the
 * timeline started.
 */
public final class PlaylistTimeline {
    private static final Set<String> HEADER_TAGS = Set.of("#EXTM3U", "#EXT-X-VERSION", "#EXT-X-TARGETDURATION",
            "#EXT-X-MEDIA-SEQUENCE", "#EXT-X-DISCONTINUITY-SEQUENCE", "#EXT-X-PLAYLIST-TYPE",
            "#EXT-X-INDEPENDENT-SEGMENTS", "#EXT-X-START", "#EXT-X-SERVER-CONTROL", "#EXT-X-PART-INF",
            "#EXT-X-DEFINE", "#EXT-X-ALLOW-CACHE");

    private enum Mode { EVENT, LIVE }

    /** One segment: its own lines (tags, then the URI), and what is in force where it starts. */
    private record Block(List<String> lines, double seconds, String key, String map, boolean discontinuity,
                         long byteOffset) {
    }

    private final Mode mode;
    private final List<String> header = new ArrayList<>();
    private final List<Block> blocks = new ArrayList<>();
    private final int initial;
    private final int window;
    private final boolean endAtLast;
    private long baseSequence;
    private long baseDiscontinuities;

    private PlaylistTimeline(Mode mode, String text, int initial, int window, boolean endAtLast) {
        this.mode = mode;
        this.initial = initial;
        this.window = window;
        this.endAtLast = endAtLast;
        parse(text);
        if (blocks.isEmpty()) throw new IllegalArgumentException("the playlist lists no segment");
        if (initial < 1 || initial > blocks.size()) {
            throw new IllegalArgumentException("initial segments must be 1 to " + blocks.size() + ", got " + initial);
        }
    }

    /**
     * An EVENT playlist: {@code initialSegments} published at once, then one more each time the
     * last one's duration has passed; {@code #EXT-X-ENDLIST} once all are published.
     *
     * @param text the playlist text
     * @param initialSegments how many are published at once
     * @return the timeline
     */
    public static PlaylistTimeline event(String text, int initialSegments) {
        return new PlaylistTimeline(Mode.EVENT, text, initialSegments, Integer.MAX_VALUE, true);
    }

    /**
     * A live sliding window of {@code window} segments over the playlist's segments, a full window
     * published at once; at the last segment the playlist either ends ({@code endAtLast}) or
     * simply stops advancing (an encoder that went away).
     *
     * @param text the playlist text
     * @param window how many segments the window holds
     * @param endAtLast whether the playlist ends at its last segment
     * @return the timeline
     */
    public static PlaylistTimeline live(String text, int window, boolean endAtLast) {
        if (window < 1) throw new IllegalArgumentException("window must be at least 1 segment");
        PlaylistTimeline probe = new PlaylistTimeline(Mode.LIVE, text, 1, window, endAtLast);
        return new PlaylistTimeline(Mode.LIVE, text, Math.min(window, probe.blocks.size()), window, endAtLast);
    }

    /**
     * {@return how many segments are published {@code seconds} after the start}
     *
     * @param seconds seconds
     */
    public int publishedAt(double seconds) {
        int k = initial;
        double due = 0;
        while (k < blocks.size()) {
            due += blocks.get(k).seconds;
            if (due > seconds) break;
            k++;
        }
        return k;
    }

    /**
     * {@return the playlist as served {@code seconds} after the start}
     *
     * @param seconds seconds
     */
    public String at(double seconds) {
        int published = publishedAt(seconds);
        int first = mode == Mode.EVENT ? 0 : Math.max(0, published - window);
        long discontinuitiesBefore = 0;
        for (int i = 0; i < first; i++) if (blocks.get(i).discontinuity) discontinuitiesBefore++;
        StringBuilder b = new StringBuilder(1024);
        boolean sequenceWritten = false;
        for (String h : header) {
            String tag = tagOf(h);
            if (tag.equals("#EXT-X-MEDIA-SEQUENCE") || tag.equals("#EXT-X-DISCONTINUITY-SEQUENCE")) continue;
            if (tag.equals("#EXT-X-PLAYLIST-TYPE")) continue;
            b.append(h).append('\n');
            if (tag.equals("#EXT-X-TARGETDURATION")) {
                appendSequences(b, first, discontinuitiesBefore);
                sequenceWritten = true;
            }
        }
        if (!sequenceWritten) appendSequences(b, first, discontinuitiesBefore);
        for (int i = first; i < published; i++) {
            Block blk = blocks.get(i);
            if (i == first) restate(b, blk);
            for (String l : blk.lines) {
                if (i == first && tagOf(l).equals("#EXT-X-BYTERANGE") && !l.contains("@")) {
                    b.append(l).append('@').append(blk.byteOffset).append('\n');
                } else {
                    b.append(l).append('\n');
                }
            }
        }
        if (published == blocks.size() && endAtLast) b.append("#EXT-X-ENDLIST\n");
        return b.toString();
    }

    private void appendSequences(StringBuilder b, int first, long discontinuitiesBefore) {
        if (mode == Mode.EVENT) b.append("#EXT-X-PLAYLIST-TYPE:EVENT\n");
        b.append("#EXT-X-MEDIA-SEQUENCE:").append(baseSequence + first).append('\n');
        if (baseDiscontinuities + discontinuitiesBefore > 0) {
            b.append("#EXT-X-DISCONTINUITY-SEQUENCE:").append(baseDiscontinuities + discontinuitiesBefore).append('\n');
        }
    }

    /** The key and init section in force at a window's first segment, unless it states its own. */
    private static void restate(StringBuilder b, Block blk) {
        boolean ownKey = blk.lines.stream().anyMatch(l -> tagOf(l).equals("#EXT-X-KEY"));
        boolean ownMap = blk.lines.stream().anyMatch(l -> tagOf(l).equals("#EXT-X-MAP"));
        if (blk.key != null && !ownKey) b.append(blk.key).append('\n');
        if (blk.map != null && !ownMap) b.append(blk.map).append('\n');
    }

    private void parse(String text) {
        String[] lines = text.replace("\r\n", "\n").split("\n");
        int i = 0;
        for (; i < lines.length; i++) {
            String l = lines[i].trim();
            if (l.isEmpty()) continue;
            if (!HEADER_TAGS.contains(tagOf(l))) break;
            if (tagOf(l).equals("#EXT-X-MEDIA-SEQUENCE")) baseSequence = Long.parseLong(l.substring(l.indexOf(':') + 1).trim());
            if (tagOf(l).equals("#EXT-X-DISCONTINUITY-SEQUENCE")) {
                baseDiscontinuities = Long.parseLong(l.substring(l.indexOf(':') + 1).trim());
            }
            header.add(l);
        }
        String key = null;
        String map = null;
        long nextOffset = 0;
        List<String> pending = new ArrayList<>();
        for (; i < lines.length; i++) {
            String l = lines[i].trim();
            if (l.isEmpty() || tagOf(l).equals("#EXT-X-ENDLIST")) continue;
            pending.add(l);
            if (l.startsWith("#")) continue;
            // a URI ends the segment: work out what it needs
            String keyHere = key;
            String mapHere = map;
            double seconds = 0;
            boolean disc = false;
            long offset = nextOffset;
            for (String p : pending) {
                String tag = tagOf(p);
                if (tag.equals("#EXT-X-KEY")) keyHere = p.contains("METHOD=NONE") ? null : p;
                if (tag.equals("#EXT-X-MAP")) mapHere = p;
                if (tag.equals("#EXT-X-DISCONTINUITY")) disc = true;
                if (tag.equals("#EXTINF")) seconds = Double.parseDouble(p.substring(8).split(",")[0].trim());
                if (tag.equals("#EXT-X-BYTERANGE")) {
                    String spec = p.substring(p.indexOf(':') + 1).trim();
                    int at = spec.indexOf('@');
                    long length = Long.parseLong(at < 0 ? spec : spec.substring(0, at));
                    if (at >= 0) offset = Long.parseLong(spec.substring(at + 1));
                    nextOffset = offset + length;
                }
            }
            blocks.add(new Block(List.copyOf(pending), seconds, key, map, disc, offset));
            key = keyHere;
            map = mapHere;
            pending.clear();
        }
    }

    private static String tagOf(String line) {
        int colon = line.indexOf(':');
        return (colon < 0 ? line : line.substring(0, colon)).trim().toUpperCase(Locale.ROOT);
    }
}
