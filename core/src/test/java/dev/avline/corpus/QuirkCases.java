package dev.avline.corpus;

import static dev.avline.corpus.Expectation.records;

import java.util.ArrayList;
import java.util.List;

/**
 * Playlists as they are found in the wild, that the major players (hls.js, ExoPlayer, AVPlayer)
 * tolerate: line endings, byte-order marks, whitespace, EXTINF variants, lowercase and unquoted
 * attribute values, URIs of every form (spaces, no EXTINF, absolute, protocol- and root-relative,
 * parent directories, query strings, no extension).
 */
final class QuirkCases {
    private QuirkCases() {
    }

    static List<CorpusCase> all() {
        List<CorpusCase> c = new ArrayList<>();
        c.add(quirk("quirk-crlf", "CRLF line endings", "Windows-authored playlists; hls.js/ExoPlayer line splitting",
                "/crlf/", m -> Pl.vod(m.ts, 6, "seg_%d.ts").replace("\n", "\r\n")));
        c.add(quirk("quirk-utf8-bom", "UTF-8 byte-order mark before #EXTM3U", "ExoPlayer HlsPlaylistParser.checkPlaylistHeader (skips a UTF-8 BOM)",
                "/bom/", m -> "\uFEFF" + Pl.vod(m.ts, 6, "seg_%d.ts")));
        c.add(quirk("quirk-leading-space", "\" #EXTM3U\" with a leading space", "ExoPlayer checkPlaylistHeader (skips leading whitespace); issue 8",
                "/space/", m -> " " + Pl.vod(m.ts, 6, "seg_%d.ts")));
        c.add(quirk("quirk-blank-lines-comments", "blank lines, # comments and trailing whitespace between tags",
                "RFC 8216 §4.1 (blank lines and comments ignored)", "/blank/", m -> {
                    StringBuilder b = new StringBuilder("#EXTM3U\n\n# made by hand\n#EXT-X-VERSION:3  \n\n#EXT-X-TARGETDURATION:1\n");
                    for (int i = 0; i < 6; i++) b.append("\n# segment ").append(i).append("\n#EXTINF:1.000000,\t\n\nseg_").append(i).append(".ts  \n");
                    return b.append("\n#EXT-X-ENDLIST\n\n").toString();
                }));
        c.add(quirk("quirk-extinf-forms", "#EXTINF:1, / #EXTINF:1 / titles with commas / tab after the comma",
                "RFC 8216 §4.3.2.1; Apple prog_index (tab after comma); IPTV-style titles", "/extinf/", m -> Pl.m3u()
                        .line("#EXT-X-TARGETDURATION:1").line("#EXT-X-MEDIA-SEQUENCE:0")
                        .line("#EXTINF:1,").line("seg_0.ts").line("#EXTINF:1").line("seg_1.ts")
                        .line("#EXTINF:1.0,Segment two, with a comma").line("seg_2.ts").line("#EXTINF:1.00000,\t").line("seg_3.ts")
                        .line("#EXTINF:1.000 tvg-id=\"ch1\",Channel 1").line("seg_4.ts").line("#EXTINF:1.000000,").line("seg_5.ts")
                        .end().text()));
        c.add(CorpusCase.named("quirk-lowercase-values", "lowercase enumerated values (vod) and hex IV",
                        "hand-written and CMS-generated playlists; RFC 8216 §4.2 (hex is case-insensitive)")
                .serve("/lower/index.m3u8", (o, m) -> {
                    String iv = "0xabcdef0123456789abcdef0123456789";
                    o.putPlaylist("/lower/index.m3u8", Pl.m3u().line("#EXT-X-VERSION:3").line("#EXT-X-TARGETDURATION:1")
                            .line("#EXT-X-PLAYLIST-TYPE:vod").line("#EXT-X-KEY:METHOD=AES-128,URI=\"key.bin\",IV=" + iv)
                            .segs(m.ts, 0, 6, "seg_%d.ts").end().text());
                    o.put("/lower/key.bin", Crypto.key(21));
                    for (int i = 0; i < 6; i++) o.put("/lower/seg_" + i + ".ts", Crypto.aes128(m.ts.segments().get(i), Crypto.key(21), Crypto.iv(iv)));
                }).expect(records(6)));
        c.add(CorpusCase.named("quirk-unquoted-values", "unquoted URI values in EXT-X-MAP and EXT-X-KEY",
                        "hls.js AttrList (accepts unquoted values); hand-written playlists")
                .serve("/unq/index.m3u8", (o, m) -> {
                    o.putPlaylist("/unq/index.m3u8", Pl.m3u().line("#EXT-X-VERSION:7").line("#EXT-X-TARGETDURATION:1")
                            .line("#EXT-X-MEDIA-SEQUENCE:0").line("#EXT-X-MAP:URI=init.mp4")
                            .line("#EXT-X-KEY:METHOD=AES-128,URI=k.bin").segs(m.fmp4, 0, 4, "seg_%d.m4s").end().text());
                    o.put("/unq/init.mp4", m.fmp4.init());
                    o.put("/unq/k.bin", Crypto.key(23));
                    for (int i = 0; i < 4; i++) o.put("/unq/seg_" + i + ".m4s", Crypto.aes128(m.fmp4.segments().get(i), Crypto.key(23), Crypto.sequenceIv(i)));
                }).expect(records(4)));
        c.add(quirk("quirk-spaces-in-uri", "segment URIs with spaces", "hand-made playlists; players percent-encode them",
                "/sp/", m -> Pl.vod(m.ts, 6, "my segment %d.ts"), "/sp/my segment %d.ts"));
        c.add(quirk("quirk-uris-without-extinf", "plain M3U: URIs without #EXTINF", "legacy M3U lists (issue 8 corpus)",
                "/plain/", m -> {
                    StringBuilder b = new StringBuilder("#EXTM3U\n#EXT-X-TARGETDURATION:1\n");
                    for (int i = 0; i < 6; i++) b.append("seg_").append(i).append(".ts\n");
                    return b.append("#EXT-X-ENDLIST\n").toString();
                }));
        c.add(CorpusCase.named("quirk-absolute-uris", "absolute and protocol-relative URIs, an unknown tag",
                        "videojs-contrib-hls test/test-manifests.js 'absoluteUris'")
                .serve("/abs/index.m3u8", (o, m) -> {
                    String host = o.url("").substring("http:".length());
                    Pl p = Pl.m3u().line("#EXT-X-PLAYLIST-TYPE:VOD").line("#EXT-X-TARGETDURATION:1");
                    for (int i = 0; i < 6; i++) p.seg("1", (i % 2 == 0 ? "http:" : "") + host + "/abs/media/0000" + (i + 1) + ".ts");
                    o.putPlaylist("/abs/index.m3u8", p.line("#ZEN-TOTAL-DURATION:6.0").end().text());
                    for (int i = 0; i < 6; i++) o.put("/abs/media/0000" + (i + 1) + ".ts", m.ts.segments().get(i));
                }).expect(records(6)));
        c.add(quirk("quirk-root-relative", "root-relative URIs (/cdn/...)", "RFC 3986 §4.2; CDN-rewritten playlists",
                "/rootrel/", m -> Pl.vod(m.ts, 6, "/cdn/rootrel/seg_%d.ts"), "/cdn/rootrel/seg_%d.ts"));
        c.add(quirk("quirk-parent-relative", "URIs into a sibling directory (../media/...)", "RFC 3986 §5.2; packagers with shared segment dirs",
                "/parent/list/", m -> Pl.vod(m.ts, 6, "../media/seg_%d.ts"), "/parent/media/seg_%d.ts"));
        c.add(CorpusCase.named("quirk-query-strings", "signed URLs: query strings on the playlist and every segment",
                        "CDN token auth (Akamai/CloudFront-style query tokens)")
                .serve("/signed/index.m3u8?token=abc&expires=1700000000", (o, m) -> {
                    o.putPlaylist("/signed/index.m3u8", Pl.vod(m.ts, 6, "seg_%d.ts?token=abc&expires=1700000000&sig=9f8e7d"));
                    for (int i = 0; i < 6; i++) o.put("/signed/seg_" + i + ".ts?token=abc&expires=1700000000&sig=9f8e7d", m.ts.segments().get(i));
                }).expect(records(6)));
        c.add(quirk("quirk-extensionless-uris", "segment URIs without a media extension (.php?n=, chunk/N)",
                "dynamic origins; FFmpeg 7.1.1 extension_picky refuses them", "/dyn/", m -> {
                    Pl p = Pl.m3u().line("#EXT-X-VERSION:3").line("#EXT-X-TARGETDURATION:1").line("#EXT-X-MEDIA-SEQUENCE:0");
                    for (int i = 0; i < 6; i++) p.seg("1.000000", i < 3 ? "segment.php?n=" + i : "chunk/" + i);
                    return p.end().text();
                }, null));
        return c;
    }

    private static CorpusCase quirk(String id, String feature, String shape, String dir,
                                    java.util.function.Function<CorpusMedia, String> playlist) {
        return quirk(id, feature, shape, dir, playlist, dir + "seg_%d.ts");
    }

    /** A quirky playlist over the 6 TS segments, served at {@code segmentPaths} (null: the extensionless case's paths). */
    private static CorpusCase quirk(String id, String feature, String shape, String dir,
                                    java.util.function.Function<CorpusMedia, String> playlist, String segmentPaths) {
        return CorpusCase.named(id, feature, shape).serve(dir + "index.m3u8", (o, m) -> {
            o.putPlaylist(dir + "index.m3u8", playlist.apply(m));
            if (segmentPaths != null) {
                Pl.put(o, segmentPaths, m.ts.segments());
            } else {
                for (int i = 0; i < 6; i++) o.put(dir + (i < 3 ? "segment.php?n=" + i : "chunk/" + i), "video/mp2t", m.ts.segments().get(i));
            }
        }).expect(records(6));
    }
}
