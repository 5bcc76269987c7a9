package dev.avline.corpus;

import java.util.List;
import java.util.Locale;

import dev.avline.testkit.StaticOrigin;

/** Writes playlists line by line, and puts segments on an origin: the corpus cases' shorthand. */
final class Pl {
    private final StringBuilder b = new StringBuilder(512);

    static Pl m3u() {
        return new Pl().line("#EXTM3U");
    }

    Pl line(String l) {
        b.append(l).append('\n');
        return this;
    }

    /** {@code #EXTINF:<extinf>,} then the URI. */
    Pl seg(String extinf, String uri) {
        return line("#EXTINF:" + extinf + ",").line(uri);
    }

    /** Segments {@code from..to-1}: EXTINF as FFmpeg writes it ("1.000000"), URI from {@code pattern} with %d. */
    Pl segs(CorpusMedia.Rendition r, int from, int to, String pattern) {
        for (int i = from; i < to; i++) seg(String.format(Locale.ROOT, "%.6f", r.durations().get(i)), String.format(pattern, i));
        return this;
    }

    /** Byte-range segments of one file, {@code #EXT-X-BYTERANGE:len@off} on each (or only the first). */
    Pl ranges(CorpusMedia.Rendition r, String uri, boolean offsetOnFirstOnly) {
        for (int i = 0; i < r.ranges().size(); i++) {
            long[] rg = r.ranges().get(i);
            line("#EXTINF:" + String.format(Locale.ROOT, "%.6f", r.durations().get(i)) + ",");
            line("#EXT-X-BYTERANGE:" + rg[0] + (i == 0 || !offsetOnFirstOnly ? "@" + rg[1] : ""));
            line(uri);
        }
        return this;
    }

    Pl end() {
        return line("#EXT-X-ENDLIST");
    }

    String text() {
        return b.toString();
    }

    @Override
    public String toString() {
        return text();
    }

    /** Puts segments {@code from..to-1} at the paths {@code pattern} (with %d) names. */
    static void put(StaticOrigin o, String pattern, List<byte[]> segments, int from, int to) {
        for (int i = from; i < to; i++) o.put(String.format(pattern, i), segments.get(i));
    }

    static void put(StaticOrigin o, String pattern, List<byte[]> segments) {
        put(o, pattern, segments, 0, segments.size());
    }

    /** A media playlist of {@code r}'s first {@code n} segments named by {@code pattern}, VOD. */
    static String vod(CorpusMedia.Rendition r, int n, String pattern, String... headerLines) {
        Pl p = m3u().line("#EXT-X-VERSION:3").line("#EXT-X-TARGETDURATION:1").line("#EXT-X-MEDIA-SEQUENCE:0");
        for (String h : headerLines) p.line(h);
        return p.segs(r, 0, n, pattern).end().text();
    }
}
