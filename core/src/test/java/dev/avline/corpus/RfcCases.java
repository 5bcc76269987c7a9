package dev.avline.corpus;

import static dev.avline.corpus.Expectation.fails;
import static dev.avline.corpus.Expectation.records;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.avline.testkit.PlaylistTimeline;

/**
 * Shapes from RFC 8216 (its section 8 examples and the tag definitions) and from its second
 * edition, draft-pantos-hls-rfc8216bis (EXT-X-GAP, EXT-X-DEFINE, delta updates, LL-HLS).
 */
final class RfcCases {
    private RfcCases() {
    }

    static List<CorpusCase> all() {
        List<CorpusCase> c = new ArrayList<>();
        c.add(CorpusCase.named("rfc-simple-media", "VOD media playlist, absolute URIs, integer EXTINF", "RFC 8216 §8.1")
                .serve("/rfc81/playlist.m3u8", (o, m) -> {
                    Pl p = Pl.m3u().line("#EXT-X-TARGETDURATION:1").line("#EXT-X-VERSION:3");
                    for (int i = 0; i < 4; i++) p.seg("1", o.url("/media/" + new String[] {"first", "second", "third", "fourth"}[i] + ".ts"));
                    o.putPlaylist("/rfc81/playlist.m3u8", p.end().text());
                    String[] names = {"first", "second", "third", "fourth"};
                    for (int i = 0; i < 4; i++) o.put("/media/" + names[i] + ".ts", m.ts.segments().get(i));
                }).expect(records(4)));

        c.add(CorpusCase.named("rfc-live-sliding-window", "live sliding window, fileSequenceN.ts, no ENDLIST", "RFC 8216 §8.2 (also kuu/hls-parser fixtures)")
                .serve("/rfc82/prog_index.m3u8", (o, m) -> {
                    Pl p = Pl.m3u().line("#EXT-X-VERSION:3").line("#EXT-X-TARGETDURATION:1").line("#EXT-X-MEDIA-SEQUENCE:2680");
                    for (int i = 0; i < 6; i++) p.seg("1.000", "fileSequence" + (2680 + i) + ".ts");
                    o.putTimed("/rfc82/prog_index.m3u8", PlaylistTimeline.live(p.text(), 3, false));
                    for (int i = 0; i < 6; i++) o.put("/rfc82/fileSequence" + (2680 + i) + ".ts", m.ts.segments().get(i));
                }).live(4).expect(records(4)));

        c.add(CorpusCase.named("rfc-aes128-key-rotation", "AES-128, key URI with query, rotation, IV from the media sequence",
                "RFC 8216 §8.3, §5.2").serve("/rfc83/prog_index.m3u8", (o, m) -> {
                    Pl p = Pl.m3u().line("#EXT-X-VERSION:3").line("#EXT-X-MEDIA-SEQUENCE:7794").line("#EXT-X-TARGETDURATION:1");
                    for (int i = 0; i < 4; i++) {
                        long seq = 7794 + i;
                        if (i == 0) p.line("#EXT-X-KEY:METHOD=AES-128,URI=\"" + o.url("/rfc83/key.php?r=52") + "\"");
                        if (i == 2) p.line("#EXT-X-KEY:METHOD=AES-128,URI=\"key.php?r=53\"");
                        p.seg("1.0", "fileSequence" + seq + ".ts");
                        o.put("/rfc83/fileSequence" + seq + ".ts",
                                Crypto.aes128(m.ts.segments().get(i), Crypto.key(i < 2 ? 52 : 53), Crypto.sequenceIv(seq)));
                    }
                    o.put("/rfc83/key.php?r=52", "application/octet-stream", Crypto.key(52));
                    o.put("/rfc83/key.php?r=53", "application/octet-stream", Crypto.key(53));
                    o.putPlaylist("/rfc83/prog_index.m3u8", p.end().text());
                }).expect(records(4)));

        c.add(CorpusCase.named("rfc-master-variants", "master playlist: three variants and an audio-only one",
                "RFC 8216 §8.4").serve("/rfc84/master.m3u8", (o, m) -> {
                    o.putPlaylist("/rfc84/master.m3u8", Pl.m3u()
                            .line("#EXT-X-STREAM-INF:BANDWIDTH=1280000,AVERAGE-BANDWIDTH=1000000").line("low.m3u8")
                            .line("#EXT-X-STREAM-INF:BANDWIDTH=2560000,AVERAGE-BANDWIDTH=2000000").line("mid.m3u8")
                            .line("#EXT-X-STREAM-INF:BANDWIDTH=7680000,AVERAGE-BANDWIDTH=6000000").line("hi.m3u8")
                            .line("#EXT-X-STREAM-INF:BANDWIDTH=65000,CODECS=\"mp4a.40.5\"").line("audio-only.m3u8").text());
                    for (String v : new String[] {"low", "mid", "hi"}) {
                        o.putPlaylist("/rfc84/" + v + ".m3u8", Pl.vod(m.ts, 4, v + "_%d.ts"));
                        Pl.put(o, "/rfc84/" + v + "_%d.ts", m.ts.segments(), 0, 4);
                    }
                    o.putPlaylist("/rfc84/audio-only.m3u8", Pl.vod(m.audioTs, 4, "a_%d.ts"));
                    Pl.put(o, "/rfc84/a_%d.ts", m.audioTs.segments(), 0, 4);
                }).expect(records(4)));

        c.add(CorpusCase.named("rfc-master-iframe-streams", "master with EXT-X-I-FRAME-STREAM-INF beside the variants",
                "RFC 8216 §8.5").serve("/rfc85/master.m3u8", (o, m) -> {
                    o.putPlaylist("/rfc85/master.m3u8", Pl.m3u()
                            .line("#EXT-X-STREAM-INF:BANDWIDTH=1280000").line("low/audio-video.m3u8")
                            .line("#EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=86000,URI=\"low/iframe.m3u8\"")
                            .line("#EXT-X-STREAM-INF:BANDWIDTH=2560000").line("mid/audio-video.m3u8")
                            .line("#EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=150000,URI=\"mid/iframe.m3u8\"").text());
                    for (String v : new String[] {"low", "mid"}) {
                        o.putPlaylist("/rfc85/" + v + "/audio-video.m3u8", Pl.vod(m.ts, 4, "seg_%d.ts"));
                        Pl.put(o, "/rfc85/" + v + "/seg_%d.ts", m.ts.segments(), 0, 4);
                        o.putPlaylist("/rfc85/" + v + "/iframe.m3u8", AppleCases.iframePlaylist(m, 4, "seg_%d.ts"));
                    }
                }).expect(records(4)));

        c.add(CorpusCase.named("rfc-alternative-audio", "EXT-X-MEDIA audio group (3 languages), video-only variants",
                "RFC 8216 §8.6").serve("/rfc86/master.m3u8", (o, m) -> {
                    Pl master = Pl.m3u();
                    String[][] langs = {{"English", "en", "YES", "YES"}, {"Deutsch", "de", "NO", "YES"}, {"Commentary", "en", "NO", "NO"}};
                    for (String[] l : langs) {
                        master.line("#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"aac\",NAME=\"" + l[0] + "\",LANGUAGE=\"" + l[1]
                                + "\",DEFAULT=" + l[2] + ",AUTOSELECT=" + l[3] + ",URI=\"main/" + l[1] + "-" + l[0].toLowerCase(Locale.ROOT) + ".m3u8\"");
                        o.putPlaylist("/rfc86/main/" + l[1] + "-" + l[0].toLowerCase(Locale.ROOT) + ".m3u8", Pl.vod(m.audioTs, 4, "audio_%d.ts"));
                    }
                    master.line("#EXT-X-STREAM-INF:BANDWIDTH=1280000,CODECS=\"avc1.42c00d,mp4a.40.2\",AUDIO=\"aac\"").line("low/video-only.m3u8");
                    master.line("#EXT-X-STREAM-INF:BANDWIDTH=2560000,CODECS=\"avc1.42c00d,mp4a.40.2\",AUDIO=\"aac\"").line("mid/video-only.m3u8");
                    o.putPlaylist("/rfc86/master.m3u8", master.text());
                    Pl.put(o, "/rfc86/main/audio_%d.ts", m.audioTs.segments(), 0, 4);
                    for (String v : new String[] {"low", "mid"}) {
                        o.putPlaylist("/rfc86/" + v + "/video-only.m3u8", Pl.vod(m.videoTs, 4, "v_%d.ts"));
                        Pl.put(o, "/rfc86/" + v + "/v_%d.ts", m.videoTs.segments(), 0, 4);
                    }
                }).expect(records(1, 1, 4).upToAudio(3)));

        c.add(CorpusCase.named("rfc-byterange-implicit-offsets", "EXT-X-BYTERANGE, offset on the first only (implicit after)",
                "RFC 8216 §4.3.2.2; Apple TN2288; videojs-contrib-hls 'allowCache' fixture").serve("/br/implicit.m3u8", (o, m) -> {
                    o.put("/br/media.ts", m.tsSingle.file());
                    o.putPlaylist("/br/implicit.m3u8", Pl.m3u().line("#EXT-X-TARGETDURATION:1").line("#EXT-X-MEDIA-SEQUENCE:0")
                            .line("#EXT-X-VERSION:4").ranges(m.tsSingle, "media.ts", true).end().text());
                }).expect(records(6)));

        c.add(CorpusCase.named("rfc-discontinuity", "two encodes joined by EXT-X-DISCONTINUITY (timestamps restart)",
                "RFC 8216 §4.3.2.3").serve("/disc/index.m3u8", (o, m) -> {
                    Pl p = Pl.m3u().line("#EXT-X-VERSION:3").line("#EXT-X-TARGETDURATION:1").line("#EXT-X-MEDIA-SEQUENCE:0")
                            .line("#EXT-X-PLAYLIST-TYPE:VOD").segs(m.ts, 0, 3, "a/seg_%d.ts").line("#EXT-X-DISCONTINUITY")
                            .segs(m.ts, 0, 3, "b/seg_%d.ts").end();
                    o.putPlaylist("/disc/index.m3u8", p.text());
                    Pl.put(o, "/disc/a/seg_%d.ts", m.ts.segments(), 0, 3);
                    Pl.put(o, "/disc/b/seg_%d.ts", m.ts.segments(), 0, 3);
                }).expect(records(6)));

        c.add(CorpusCase.named("rfc-program-date-time", "EXT-X-PROGRAM-DATE-TIME on every segment (+08:00 offset)",
                "RFC 8216 §4.3.2.6").serve("/pdt/index.m3u8", (o, m) -> {
                    Pl p = Pl.m3u().line("#EXT-X-VERSION:3").line("#EXT-X-TARGETDURATION:1").line("#EXT-X-MEDIA-SEQUENCE:0");
                    for (int i = 0; i < 4; i++) {
                        p.line(String.format(Locale.ROOT, "#EXT-X-PROGRAM-DATE-TIME:2010-02-19T14:54:%02d.031+08:00", 23 + i));
                        p.seg("1.000", "seg_" + i + ".ts");
                    }
                    o.putPlaylist("/pdt/index.m3u8", p.end().text());
                    Pl.put(o, "/pdt/seg_%d.ts", m.ts.segments(), 0, 4);
                }).expect(records(4)));

        c.add(CorpusCase.named("rfc-playlist-type-vod", "EXT-X-PLAYLIST-TYPE:VOD, 6 segments: recorded from the first",
                "RFC 8216 §4.3.3.5").serve("/vod6/index.m3u8", (o, m) -> {
                    o.putPlaylist("/vod6/index.m3u8", Pl.vod(m.ts, 6, "seg_%d.ts", "#EXT-X-PLAYLIST-TYPE:VOD"));
                    Pl.put(o, "/vod6/seg_%d.ts", m.ts.segments());
                }).expect(records(6)));

        c.add(CorpusCase.named("rfc-playlist-type-event", "EXT-X-PLAYLIST-TYPE:EVENT growing in real time, then ENDLIST",
                "RFC 8216 §4.3.3.5, §6.2.1").serve("/event/index.m3u8", (o, m) -> {
                    o.putTimed("/event/index.m3u8", PlaylistTimeline.event(Pl.vod(m.ts, 5, "seg_%d.ts"), 2));
                    Pl.put(o, "/event/seg_%d.ts", m.ts.segments(), 0, 5);
                }).expect(records(5)));

        c.add(CorpusCase.named("rfc-start-time-offset", "EXT-X-START:TIME-OFFSET=2.0 on a VOD playlist",
                "RFC 8216 §4.3.5.2").serve("/start/index.m3u8", (o, m) -> {
                    o.putPlaylist("/start/index.m3u8", Pl.vod(m.ts, 6, "seg_%d.ts", "#EXT-X-PLAYLIST-TYPE:VOD",
                            "#EXT-X-START:TIME-OFFSET=2.0,PRECISE=NO"));
                    Pl.put(o, "/start/seg_%d.ts", m.ts.segments());
                }).expect(records(4)));

        c.add(CorpusCase.named("bis-gap", "EXT-X-GAP on one segment (its URI answers 404)", "RFC 8216bis §4.4.4.7")
                .serve("/gap/index.m3u8", (o, m) -> {
                    Pl p = Pl.m3u().line("#EXT-X-VERSION:8").line("#EXT-X-TARGETDURATION:1").line("#EXT-X-MEDIA-SEQUENCE:0")
                            .line("#EXT-X-PLAYLIST-TYPE:VOD").segs(m.ts, 0, 2, "seg_%d.ts").line("#EXT-X-GAP")
                            .segs(m.ts, 2, 3, "seg_%d.ts").segs(m.ts, 3, 5, "seg_%d.ts").end();
                    o.putPlaylist("/gap/index.m3u8", p.text());
                    Pl.put(o, "/gap/seg_%d.ts", m.ts.segments(), 0, 2);
                    Pl.put(o, "/gap/seg_%d.ts", m.ts.segments(), 3, 5);
                }).expect(records(4).withHole(1)));

        c.add(CorpusCase.named("bis-define-value", "EXT-X-DEFINE NAME/VALUE substituted into URIs", "RFC 8216bis §4.4.2.3")
                .serve("/define/index.m3u8", (o, m) -> {
                    o.putPlaylist("/define/index.m3u8", Pl.m3u().line("#EXT-X-VERSION:8").line("#EXT-X-TARGETDURATION:1")
                            .line("#EXT-X-DEFINE:NAME=\"dir\",VALUE=\"media-v1\"").line("#EXT-X-MEDIA-SEQUENCE:0")
                            .segs(m.ts, 0, 4, "{$dir}/seg_%d.ts").end().text());
                    Pl.put(o, "/define/media-v1/seg_%d.ts", m.ts.segments(), 0, 4);
                }).expect(records(4).orRefusalNaming("EXT-X-DEFINE")));

        c.add(CorpusCase.named("bis-define-queryparam", "EXT-X-DEFINE QUERYPARAM: the playlist URL's token on every segment",
                "RFC 8216bis §4.4.2.3, §7.3").serve("/qp/index.m3u8?token=s3cr3t&exp=1700000000", (o, m) -> {
                    o.putPlaylist("/qp/index.m3u8", Pl.m3u().line("#EXT-X-VERSION:11").line("#EXT-X-TARGETDURATION:1")
                            .line("#EXT-X-DEFINE:QUERYPARAM=\"token\"").line("#EXT-X-MEDIA-SEQUENCE:0")
                            .segs(m.ts, 0, 4, "seg_%d.ts?token={$token}").end().text());
                    for (int i = 0; i < 4; i++) o.put("/qp/seg_" + i + ".ts?token=s3cr3t", m.ts.segments().get(i));
                }).expect(records(4).orRefusalNaming("EXT-X-DEFINE", "QUERYPARAM")));

        c.add(CorpusCase.named("bis-define-import", "EXT-X-DEFINE IMPORT of a variable the master playlist defines",
                "RFC 8216bis §4.4.2.3").serve("/imp/master.m3u8", (o, m) -> {
                    o.putPlaylist("/imp/master.m3u8", Pl.m3u().line("#EXT-X-VERSION:8")
                            .line("#EXT-X-DEFINE:NAME=\"cdn\",VALUE=\"" + o.url("/imp/store") + "\"")
                            .line("#EXT-X-STREAM-INF:BANDWIDTH=800000,RESOLUTION=320x180").line("v/index.m3u8").text());
                    o.putPlaylist("/imp/v/index.m3u8", Pl.m3u().line("#EXT-X-VERSION:8").line("#EXT-X-TARGETDURATION:1")
                            .line("#EXT-X-DEFINE:IMPORT=\"cdn\"").line("#EXT-X-MEDIA-SEQUENCE:0")
                            .segs(m.ts, 0, 4, "{$cdn}/seg_%d.ts").end().text());
                    Pl.put(o, "/imp/store/seg_%d.ts", m.ts.segments(), 0, 4);
                }).expect(records(4).orRefusalNaming("EXT-X-DEFINE", "IMPORT")));

        c.add(CorpusCase.named("bis-delta-update-alone", "a delta update (EXT-X-SKIP) served to a client that did not ask",
                "RFC 8216bis §4.4.5.2, §6.2.5.1; ExoPlayer DeltaUpdateException").serve("/skip/index.m3u8", (o, m) -> {
                    Pl p = Pl.m3u().line("#EXT-X-VERSION:9").line("#EXT-X-TARGETDURATION:1")
                            .line("#EXT-X-SERVER-CONTROL:CAN-SKIP-UNTIL=6.0").line("#EXT-X-MEDIA-SEQUENCE:100")
                            .line("#EXT-X-SKIP:SKIPPED-SEGMENTS=3");
                    for (int i = 3; i < 6; i++) p.seg("1.000", "seg_" + (100 + i) + ".ts");
                    o.putPlaylist("/skip/index.m3u8", p.text());
                    for (int i = 0; i < 6; i++) o.put("/skip/seg_" + (100 + i) + ".ts", m.ts.segments().get(i));
                }).expect(fails(3, "EXT-X-SKIP", "delta update")));

        c.add(LowLatency.byteRangeParts());
        c.add(LowLatency.fmp4Parts());
        return c;
    }
}
