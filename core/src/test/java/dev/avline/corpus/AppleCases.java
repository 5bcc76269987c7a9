package dev.avline.corpus;

import static dev.avline.corpus.Expectation.fails;
import static dev.avline.corpus.Expectation.records;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Shapes from Apple's HLS authoring examples (the "bipbop" advanced streams: fMP4 in one file
 * with byte ranges and a byte-range EXT-X-MAP, alternate audio, WebVTT subtitles, closed
 * captions, I-frame playlists) and the packed-audio and subtitle forms RFC 8216 §3.4-3.5 define.
 */
final class AppleCases {
    private AppleCases() {
    }

    static List<CorpusCase> all() {
        List<CorpusCase> c = new ArrayList<>();
        c.add(CorpusCase.named("apple-advanced-fmp4", "fMP4 in one file (byte-range EXT-X-MAP and segments), audio group, "
                        + "WebVTT subtitles, CC, I-frame stream", "Apple bipbop advanced example (master + prog_index shapes)")
                .serve("/adv/master.m3u8", (o, m) -> {
                    o.putPlaylist("/adv/master.m3u8", Pl.m3u().line("#EXT-X-VERSION:6").line("#EXT-X-INDEPENDENT-SEGMENTS").line("")
                            .line("#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"aud1\",LANGUAGE=\"en\",NAME=\"English\",AUTOSELECT=YES,DEFAULT=YES,"
                                    + "CHANNELS=\"2\",URI=\"a1/prog_index.m3u8\"")
                            .line("#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID=\"sub1\",LANGUAGE=\"en\",NAME=\"English\",AUTOSELECT=YES,"
                                    + "DEFAULT=YES,FORCED=NO,URI=\"s1/en/prog_index.m3u8\"")
                            .line("#EXT-X-MEDIA:TYPE=CLOSED-CAPTIONS,GROUP-ID=\"cc1\",LANGUAGE=\"en\",NAME=\"English\",AUTOSELECT=YES,"
                                    + "DEFAULT=YES,INSTREAM-ID=\"CC1\"").line("")
                            .line("#EXT-X-STREAM-INF:AVERAGE-BANDWIDTH=380000,BANDWIDTH=420000,CODECS=\"avc1.64000d,mp4a.40.2\","
                                    + "RESOLUTION=320x180,FRAME-RATE=25.000,CLOSED-CAPTIONS=\"cc1\",AUDIO=\"aud1\",SUBTITLES=\"sub1\"")
                            .line("v1/prog_index.m3u8")
                            .line("#EXT-X-I-FRAME-STREAM-INF:AVERAGE-BANDWIDTH=80000,BANDWIDTH=90000,CODECS=\"avc1.64000d\","
                                    + "RESOLUTION=320x180,URI=\"v1/iframe_index.m3u8\"").text());
                    o.putPlaylist("/adv/v1/prog_index.m3u8", singleFileFmp4(m.videoFmp4Single));
                    o.put("/adv/v1/main.mp4", m.videoFmp4Single.file());
                    o.putPlaylist("/adv/v1/iframe_index.m3u8", iframePlaylist(m, 6, "iframes/seg_%d.ts"));
                    Pl.put(o, "/adv/v1/iframes/seg_%d.ts", m.ts.segments());
                    o.putPlaylist("/adv/a1/prog_index.m3u8", singleFileFmp4(m.audioFmp4Single));
                    o.put("/adv/a1/main.mp4", m.audioFmp4Single.file());
                    subtitles(o, m, "/adv/s1/en/");
                }).expect(records(1, 1, 6)));

        c.add(CorpusCase.named("apple-packed-audio", "audio rendition of packed ADTS .aac with ID3 PRIV timestamps",
                        "RFC 8216 §3.4; Apple HLS authoring spec (packed audio)")
                .serve("/packed/master.m3u8", (o, m) -> {
                    o.putPlaylist("/packed/master.m3u8", Pl.m3u().line("#EXT-X-VERSION:4")
                            .line("#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"aac\",NAME=\"main\",DEFAULT=YES,AUTOSELECT=YES,LANGUAGE=\"en\","
                                    + "URI=\"audio/index.m3u8\"")
                            .line("#EXT-X-STREAM-INF:BANDWIDTH=500000,CODECS=\"avc1.64000d,mp4a.40.2\",RESOLUTION=320x180,AUDIO=\"aac\"")
                            .line("video/index.m3u8").text());
                    o.putPlaylist("/packed/video/index.m3u8", Pl.vod(m.videoTs, 6, "seg_%d.ts", "#EXT-X-PLAYLIST-TYPE:VOD"));
                    Pl.put(o, "/packed/video/seg_%d.ts", m.videoTs.segments());
                    Pl a = Pl.m3u().line("#EXT-X-VERSION:3").line("#EXT-X-TARGETDURATION:2").line("#EXT-X-MEDIA-SEQUENCE:0")
                            .line("#EXT-X-PLAYLIST-TYPE:VOD");
                    for (int i = 0; i < m.packedAudio.size(); i++) {
                        a.seg(String.format(Locale.ROOT, "%.5f", m.packedAudioDurations.get(i)), "seg_" + i + ".aac");
                        o.put("/packed/audio/seg_" + i + ".aac", m.packedAudio.get(i));
                    }
                    o.putPlaylist("/packed/audio/index.m3u8", a.end().text());
                }).expect(records(1, 1, 6)));

        c.add(CorpusCase.named("apple-webvtt-subtitles", "muxed TS variant with a WebVTT SUBTITLES rendition (X-TIMESTAMP-MAP)",
                        "RFC 8216 §3.5, §8.6; Apple bipbop subtitles playlist")
                .serve("/subs/master.m3u8", (o, m) -> {
                    o.putPlaylist("/subs/master.m3u8", Pl.m3u()
                            .line("#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID=\"subs\",NAME=\"English\",DEFAULT=YES,AUTOSELECT=YES,FORCED=NO,"
                                    + "LANGUAGE=\"en\",URI=\"subtitles/eng/prog_index.m3u8\"")
                            .line("#EXT-X-STREAM-INF:BANDWIDTH=500000,CODECS=\"avc1.64000d,mp4a.40.2\",RESOLUTION=320x180,SUBTITLES=\"subs\"")
                            .line("gear1/prog_index.m3u8").text());
                    o.putPlaylist("/subs/gear1/prog_index.m3u8", Pl.vod(m.ts, 6, "fileSequence%d.ts", "#EXT-X-PLAYLIST-TYPE:VOD"));
                    Pl.put(o, "/subs/gear1/fileSequence%d.ts", m.ts.segments());
                    subtitles(o, m, "/subs/subtitles/eng/");
                }).expect(records(6)));

        c.add(CorpusCase.named("iframes-only-playlist", "an EXT-X-I-FRAMES-ONLY playlist given as the input",
                        "RFC 8216 §4.3.3.6; Bento4 mp4hls iframes.m3u8")
                .serve("/iframes/iframes.m3u8", (o, m) -> {
                    o.putPlaylist("/iframes/iframes.m3u8", iframePlaylist(m, 6, "segment-%d.ts"));
                    Pl.put(o, "/iframes/segment-%d.ts", m.ts.segments());
                }).expect(fails(3, "EXT-X-I-FRAMES-ONLY", "I-frame")));
        return c;
    }

    /** An I-frame playlist over TS segments: each entry the byte range of a segment's keyframe. */
    static String iframePlaylist(CorpusMedia m, int n, String pattern) {
        Pl p = Pl.m3u().line("#EXT-X-VERSION:4").line("#EXT-X-TARGETDURATION:1").line("#EXT-X-MEDIA-SEQUENCE:0")
                .line("#EXT-X-PLAYLIST-TYPE:VOD").line("#EXT-X-I-FRAMES-ONLY");
        for (int i = 0; i < n; i++) {
            long[] f = Crypto.firstIframe(m.ts.segments().get(i));
            p.line("#EXTINF:1.000000,").line("#EXT-X-BYTERANGE:" + f[0] + "@" + f[1]).line(String.format(pattern, i));
        }
        return p.end().text();
    }

    /** A prog_index for fMP4 in one file: byte-range EXT-X-MAP, then byte-range segments (MEDIA-SEQUENCE 1, as Apple's). */
    static String singleFileFmp4(CorpusMedia.Rendition r) {
        return Pl.m3u().line("#EXT-X-TARGETDURATION:1").line("#EXT-X-VERSION:7").line("#EXT-X-MEDIA-SEQUENCE:1")
                .line("#EXT-X-PLAYLIST-TYPE:VOD").line("#EXT-X-INDEPENDENT-SEGMENTS")
                .line("#EXT-X-MAP:URI=\"main.mp4\",BYTERANGE=\"" + r.initRange() + "\"").ranges(r, "main.mp4", false).end().text();
    }

    private static void subtitles(dev.avline.testkit.StaticOrigin o, CorpusMedia m, String dir) {
        Pl s = Pl.m3u().line("#EXT-X-TARGETDURATION:1").line("#EXT-X-VERSION:3").line("#EXT-X-MEDIA-SEQUENCE:0")
                .line("#EXT-X-PLAYLIST-TYPE:VOD");
        for (int i = 0; i < m.webvtt.size(); i++) {
            s.seg("1.00000", "fileSequence" + i + ".webvtt");
            o.put(dir + "fileSequence" + i + ".webvtt", "text/vtt", CorpusMedia.utf8(m.webvtt.get(i)));
        }
        o.putPlaylist(dir + "prog_index.m3u8", s.end().text());
    }
}
