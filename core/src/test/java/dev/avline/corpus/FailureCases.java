package dev.avline.corpus;

import static dev.avline.corpus.Expectation.fails;

import java.util.ArrayList;
import java.util.List;

/**
 * Inputs no client can record, which must fail within seconds with a message that names the
 * problem: not a playlist, an HTTP error on the playlist, an invalid tag, encryption that needs a
 * DRM system. (The RFC cases add a delta update served alone; the Apple cases an I-frame playlist.)
 */
final class FailureCases {
    /** A permanent error needs no retries: it fails well inside the outage budget. */
    static final double PERMANENT = 3;

    private FailureCases() {
    }

    static List<CorpusCase> all() {
        List<CorpusCase> c = new ArrayList<>();
        c.add(CorpusCase.named("fail-not-a-playlist", "an HTML page where the playlist should be", "captive portals, login pages (issue 8)")
                .serve("/html/index.m3u8", (o, m) -> o.put("/html/index.m3u8", "text/html",
                        CorpusMedia.utf8("<!DOCTYPE html>\n<html><head><title>Sign in</title></head><body>Please sign in</body></html>\n")))
                .expect(fails(PERMANENT, "#EXTM3U", "not an HLS playlist", "not a playlist")));
        c.add(CorpusCase.named("fail-playlist-404", "HTTP 404 on the playlist", "RFC 9110 §15.5.5")
                .serve("/gone/index.m3u8", (o, m) -> { })
                .expect(fails(CaseRunner.OUTAGE_BUDGET_SECONDS + PERMANENT, "404")));
        c.add(CorpusCase.named("fail-playlist-416", "HTTP 416 on the playlist", "RFC 9110 §15.5.17 (issue 8)")
                .serve("/rangeerr/index.m3u8", (o, m) -> {
                    o.putPlaylist("/rangeerr/index.m3u8", Pl.vod(m.ts, 2, "seg_%d.ts"));
                    o.failPath("/rangeerr/index.m3u8", 416, Integer.MAX_VALUE);
                }).expect(fails(PERMANENT, "416")));
        c.add(CorpusCase.named("fail-negative-target-duration", "EXT-X-TARGETDURATION:-1", "RFC 8216 §4.3.3.1 (a decimal-integer)")
                .serve("/neg/index.m3u8", (o, m) -> {
                    o.putPlaylist("/neg/index.m3u8", Pl.m3u().line("#EXT-X-VERSION:3").line("#EXT-X-TARGETDURATION:-1")
                            .segs(m.ts, 0, 2, "seg_%d.ts").end().text());
                    Pl.put(o, "/neg/seg_%d.ts", m.ts.segments(), 0, 2);
                }).expect(fails(PERMANENT, "EXT-X-TARGETDURATION", "target duration")));
        c.add(CorpusCase.named("fail-sample-aes-ctr", "METHOD=SAMPLE-AES-CTR (Widevine/PlayReady 'cenc'), samples encrypted",
                        "RFC 8216bis §4.4.4.4; ExoPlayer METHOD_SAMPLE_AES_CTR + Widevine KEYFORMAT")
                .serve("/cenc/index.m3u8", (o, m) -> {
                    o.putPlaylist("/cenc/index.m3u8", Pl.m3u().line("#EXT-X-VERSION:7").line("#EXT-X-TARGETDURATION:1")
                            .line("#EXT-X-MEDIA-SEQUENCE:0").line("#EXT-X-MAP:URI=\"init.mp4\"")
                            .line("#EXT-X-KEY:METHOD=SAMPLE-AES-CTR,URI=\"data:text/plain;base64,AAAAW3Bzc2gAAAAA7e+LqXnWSs6jyCfc1R0h7QAAADsIARIQ\","
                                    + "KEYID=0x0123456789abcdef0123456789abcdef,KEYFORMAT=\"urn:uuid:edef8ba9-79d6-4ace-a3c8-27dcd51d21ed\","
                                    + "KEYFORMATVERSIONS=\"1\"")
                            .segs(m.fmp4, 0, 4, "seg_%d.m4s").end().text());
                    o.put("/cenc/init.mp4", m.fmp4.init());
                    for (int i = 0; i < 4; i++) o.put("/cenc/seg_" + i + ".m4s", Crypto.ctrSamples(m.fmp4.segments().get(i), Crypto.key(31)));
                }).expect(fails(PERMANENT, "SAMPLE-AES-CTR")));
        c.add(CorpusCase.named("fail-fairplay-sample-aes", "METHOD=SAMPLE-AES with a FairPlay skd:// key",
                        "Apple FairPlay Streaming (KEYFORMAT com.apple.streamingkeydelivery)")
                .serve("/fps/index.m3u8", (o, m) -> {
                    o.putPlaylist("/fps/index.m3u8", Pl.m3u().line("#EXT-X-VERSION:5").line("#EXT-X-TARGETDURATION:1")
                            .line("#EXT-X-MEDIA-SEQUENCE:0")
                            .line("#EXT-X-KEY:METHOD=SAMPLE-AES,URI=\"skd://fps.example.com/asset-42\","
                                    + "KEYFORMAT=\"com.apple.streamingkeydelivery\",KEYFORMATVERSIONS=\"1\"")
                            .segs(m.ts, 0, 4, "seg_%d.ts").end().text());
                    Pl.put(o, "/fps/seg_%d.ts", m.ts.segments(), 0, 4);
                }).expect(fails(PERMANENT, "SAMPLE-AES", "com.apple.streamingkeydelivery", "skd:")));
        return c;
    }
}
