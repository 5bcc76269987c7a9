package dev.avline.corpus;

import static dev.avline.corpus.Expectation.records;

import java.util.List;
import java.util.Locale;

import dev.avline.testkit.StaticOrigin;

/**
 * LL-HLS playlists as an origin publishes them in real time: full segments, the parts of the
 * newest ones ({@code EXT-X-PART}, here byte ranges of the segment file), the part being made
 * ({@code EXT-X-PRELOAD-HINT}), a rendition report, server control. A client that records full
 * segments must record them all and nothing twice.
 */
final class LowLatency {
    private static final double PART = 0.5;
    private static final int WINDOW = 4;

    private LowLatency() {
    }

    static CorpusCase byteRangeParts() {
        return CorpusCase.named("ll-hls-byterange-parts",
                        "LL-HLS live: EXT-X-PART byte ranges, PRELOAD-HINT, RENDITION-REPORT, SERVER-CONTROL",
                        "RFC 8216bis §4.4.4.9, §4.4.5.2-4, Apple LL-HLS example")
                .serve("/ll/ts/index.m3u8", (o, m) -> serve(o, m.ts, null, "/ll/ts/", "fileSequence%d.ts", 9))
                .live(4).expect(records(4));
    }

    static CorpusCase fmp4Parts() {
        return CorpusCase.named("ll-hls-fmp4-parts", "LL-HLS live, fMP4 after EXT-X-MAP, byte-range parts, CAN-SKIP-UNTIL",
                        "RFC 8216bis §4.4.4.9, §6.2.5.1; Apple LL-HLS example")
                .serve("/ll/fmp4/index.m3u8", (o, m) -> serve(o, m.fmp4, m.fmp4.init(), "/ll/fmp4/", "segment%d.m4s", 10))
                .live(4).expect(records(4));
    }

    private static void serve(StaticOrigin o, CorpusMedia.Rendition r, byte[] init, String dir, String pattern, int version) {
        List<byte[]> segs = r.segments();
        for (int i = 0; i < segs.size(); i++) o.put(dir + String.format(pattern, i), segs.get(i));
        if (init != null) o.put(dir + "init.mp4", init);
        o.putGenerated(dir + "index.m3u8", "application/vnd.apple.mpegurl",
                t -> render(r, init != null, pattern, version, t));
    }

    /** The playlist {@code t} seconds in: two segments at first, one part more every half second. */
    static String render(CorpusMedia.Rendition r, boolean fmp4, String pattern, int version, double t) {
        int total = r.segments().size();
        int parts = Math.min(total * 2, 4 + (int) (t / PART));
        int full = parts / 2;
        int first = Math.max(0, full - WINDOW);
        StringBuilder b = new StringBuilder(2048);
        b.append("#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXT-X-VERSION:").append(version).append('\n');
        b.append("#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=1.5,CAN-SKIP-UNTIL=6.0\n");
        b.append("#EXT-X-PART-INF:PART-TARGET=").append(fmt(PART)).append('\n');
        b.append("#EXT-X-MEDIA-SEQUENCE:").append(first).append('\n');
        if (fmp4) b.append("#EXT-X-MAP:URI=\"init.mp4\"\n");
        b.append(String.format(Locale.ROOT, "#EXT-X-PROGRAM-DATE-TIME:2025-03-01T10:00:%02d.000Z\n", first));
        for (int i = first; i < full; i++) {
            if (i >= full - 2) parts(b, r, pattern, i, 2);
            b.append("#EXTINF:").append(fmt(r.durations().get(i))).append(",\n").append(String.format(pattern, i)).append('\n');
        }
        if (full < total) {
            int made = parts % 2;
            parts(b, r, pattern, full, made);
            b.append("#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"").append(String.format(pattern, full)).append("\",BYTERANGE-START=")
                    .append(made == 0 ? 0 : half(r.segments().get(full))).append('\n');
        } else {
            b.append("#EXT-X-ENDLIST\n");
        }
        b.append("#EXT-X-RENDITION-REPORT:URI=\"../alt/index.m3u8\",LAST-MSN=").append(Math.max(0, full - 1))
                .append(",LAST-PART=1\n");
        return b.toString();
    }

    /** The first {@code n} of a segment's two parts: halves cut at a TS packet (or byte) boundary. */
    private static void parts(StringBuilder b, CorpusMedia.Rendition r, String pattern, int segment, int n) {
        byte[] seg = r.segments().get(segment);
        long cut = half(seg);
        for (int p = 0; p < n; p++) {
            long off = p == 0 ? 0 : cut;
            long len = p == 0 ? cut : seg.length - cut;
            b.append("#EXT-X-PART:DURATION=").append(fmt(PART)).append(",URI=\"").append(String.format(pattern, segment))
                    .append("\",BYTERANGE=\"").append(len).append('@').append(off).append('"')
                    .append(p == 0 ? ",INDEPENDENT=YES" : "").append('\n');
        }
    }

    private static long half(byte[] seg) {
        return seg.length / 2 / 188 * 188;
    }

    private static String fmt(double d) {
        return String.format(Locale.ROOT, "%.5f", d);
    }
}
