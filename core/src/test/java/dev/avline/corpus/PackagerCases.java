package dev.avline.corpus;

import static dev.avline.corpus.Expectation.records;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.avline.testkit.PlaylistTimeline;
import dev.avline.testkit.StaticOrigin;

/**
 * The output of common packagers: FFmpeg's hls muxer (its playlists served exactly as it wrote
 * them), Shaka Packager, Bento4 mp4hls, Wowza, nginx-rtmp, AWS MediaPackage and MediaTailor; and
 * AES-128 as packagers apply it (explicit IV, fMP4 with a clear or separately keyed init section).
 */
final class PackagerCases {
    private static final String SHAKA = "## Generated with https://github.com/shaka-project/shaka-packager version v2.6.1-634af65-release";

    private PackagerCases() {
    }

    static List<CorpusCase> all() {
        List<CorpusCase> c = new ArrayList<>();
        c.add(CorpusCase.named("ffmpeg-hlsenc-ts", "FFmpeg hls muxer output as written (TS, VOD)", "FFmpeg 7.1 hlsenc, hls_playlist_type vod")
                .serve("/ff/ts/index.m3u8", (o, m) -> asWritten(o, "/ff/ts/", m.ts)).expect(records(6)));
        c.add(CorpusCase.named("ffmpeg-hlsenc-fmp4", "FFmpeg hls muxer output as written (fMP4, EXT-X-MAP init.mp4)",
                        "FFmpeg 7.1 hlsenc, hls_segment_type fmp4")
                .serve("/ff/fmp4/index.m3u8", (o, m) -> {
                    asWritten(o, "/ff/fmp4/", m.fmp4);
                    o.put("/ff/fmp4/init.mp4", m.fmp4.init());
                }).expect(records(6)));
        c.add(CorpusCase.named("ffmpeg-hlsenc-single-file-ts", "FFmpeg single_file: byte ranges with offsets of one .ts",
                        "FFmpeg 7.1 hlsenc, hls_flags single_file")
                .serve("/ff/tss/index.m3u8", (o, m) -> {
                    o.putPlaylist("/ff/tss/index.m3u8", m.tsSingle.playlist());
                    o.put("/ff/tss/" + m.tsSingle.uris().get(0), m.tsSingle.file());
                }).expect(records(6)));
        c.add(CorpusCase.named("ffmpeg-hlsenc-single-file-fmp4", "FFmpeg single_file fMP4: byte-range EXT-X-MAP and segments",
                        "FFmpeg 7.1 hlsenc, hls_segment_type fmp4 + single_file")
                .serve("/ff/fmp4s/index.m3u8", (o, m) -> {
                    o.putPlaylist("/ff/fmp4s/index.m3u8", m.fmp4Single.playlist());
                    o.put("/ff/fmp4s/" + m.fmp4Single.uris().get(0), m.fmp4Single.file());
                }).expect(records(6)));
        c.add(CorpusCase.named("ffmpeg-hlsenc-live-window", "FFmpeg hls muxer live output: hls_list_size 3, sliding",
                        "FFmpeg 7.1 hlsenc, hls_list_size 3")
                .serve("/ff/live/index.m3u8", (o, m) -> {
                    o.putTimed("/ff/live/index.m3u8", PlaylistTimeline.live(m.ts.playlist(), 3, false));
                    Pl.put(o, "/ff/live/seg_%d.ts", m.ts.segments());
                }).live(4).expect(records(4)));
        c.add(CorpusCase.named("ffmpeg-hlsenc-aes128-iv", "AES-128 with an explicit IV attribute, one key",
                        "FFmpeg 7.1 hlsenc, hls_key_info_file (key URI, IV line)")
                .serve("/ffaes/index.m3u8", (o, m) -> {
                    String iv = "0x00112233445566778899aabbccddeeff";
                    Pl p = Pl.m3u().line("#EXT-X-VERSION:3").line("#EXT-X-TARGETDURATION:1").line("#EXT-X-MEDIA-SEQUENCE:0")
                            .line("#EXT-X-PLAYLIST-TYPE:VOD").line("#EXT-X-KEY:METHOD=AES-128,URI=\"key.bin\",IV=" + iv)
                            .segs(m.ts, 0, 6, "seg_%d.ts").end();
                    o.putPlaylist("/ffaes/index.m3u8", p.text());
                    o.put("/ffaes/key.bin", Crypto.key(7));
                    for (int i = 0; i < 6; i++) o.put("/ffaes/seg_" + i + ".ts", Crypto.aes128(m.ts.segments().get(i), Crypto.key(7), Crypto.iv(iv)));
                }).expect(records(6)));
        c.add(CorpusCase.named("aes128-fmp4-clear-init", "fMP4 segments under AES-128, EXT-X-MAP before EXT-X-KEY (clear init)",
                        "RFC 8216 §4.3.2.4-5 (a KEY applies to what follows it)")
                .serve("/aesf/index.m3u8", (o, m) -> {
                    Pl p = Pl.m3u().line("#EXT-X-VERSION:7").line("#EXT-X-TARGETDURATION:1").line("#EXT-X-MEDIA-SEQUENCE:0")
                            .line("#EXT-X-PLAYLIST-TYPE:VOD").line("#EXT-X-MAP:URI=\"init.mp4\"")
                            .line("#EXT-X-KEY:METHOD=AES-128,URI=\"k.key\"").segs(m.fmp4, 0, 4, "seg_%d.m4s").end();
                    o.putPlaylist("/aesf/index.m3u8", p.text());
                    o.put("/aesf/init.mp4", m.fmp4.init());
                    o.put("/aesf/k.key", Crypto.key(9));
                    for (int i = 0; i < 4; i++) o.put("/aesf/seg_" + i + ".m4s", Crypto.aes128(m.fmp4.segments().get(i), Crypto.key(9), Crypto.sequenceIv(i)));
                }).expect(records(4)));
        c.add(CorpusCase.named("aes128-init-own-key", "init section encrypted under its own key (KEY before MAP), then METHOD=NONE",
                        "RFC 8216bis §4.4.4.4-5 (IV required for an encrypted EXT-X-MAP)")
                .serve("/aesi/index.m3u8", (o, m) -> {
                    String iv = "0x0f0e0d0c0b0a09080706050403020100";
                    Pl p = Pl.m3u().line("#EXT-X-VERSION:7").line("#EXT-X-TARGETDURATION:1").line("#EXT-X-MEDIA-SEQUENCE:0")
                            .line("#EXT-X-PLAYLIST-TYPE:VOD").line("#EXT-X-KEY:METHOD=AES-128,URI=\"init.key\",IV=" + iv)
                            .line("#EXT-X-MAP:URI=\"init.mp4\"").line("#EXT-X-KEY:METHOD=NONE").segs(m.fmp4, 0, 4, "seg_%d.m4s").end();
                    o.putPlaylist("/aesi/index.m3u8", p.text());
                    o.put("/aesi/init.key", Crypto.key(11));
                    o.put("/aesi/init.mp4", Crypto.aes128(m.fmp4.init(), Crypto.key(11), Crypto.iv(iv)));
                    Pl.put(o, "/aesi/seg_%d.m4s", m.fmp4.segments(), 0, 4);
                }).expect(records(4)));

        c.add(CorpusCase.named("shaka-packager-ts", "Shaka Packager TS: audio group, CLOSED-CAPTIONS=NONE, segments from 1",
                        "Shaka Packager docs (tutorials/hls.rst, hls_options)")
                .serve("/shaka/ts/master.m3u8", (o, m) -> {
                    o.putPlaylist("/shaka/ts/master.m3u8", Pl.m3u().line(SHAKA).line("")
                            .line("#EXT-X-MEDIA:TYPE=AUDIO,URI=\"audio.m3u8\",GROUP-ID=\"default-audio-group\",LANGUAGE=\"en\","
                                    + "NAME=\"stream_0\",AUTOSELECT=YES,CHANNELS=\"2\"").line("")
                            .line("#EXT-X-STREAM-INF:BANDWIDTH=566720,AVERAGE-BANDWIDTH=456391,CODECS=\"avc1.64000d,mp4a.40.2\","
                                    + "RESOLUTION=320x180,FRAME-RATE=25.000,AUDIO=\"default-audio-group\",CLOSED-CAPTIONS=NONE")
                            .line("video.m3u8").text());
                    o.putPlaylist("/shaka/ts/video.m3u8", shakaMedia(m.videoTs, "video-%d.ts"));
                    o.putPlaylist("/shaka/ts/audio.m3u8", shakaMedia(m.audioTs, "audio-%d.ts"));
                    for (int i = 0; i < 6; i++) {
                        o.put("/shaka/ts/video-" + (i + 1) + ".ts", m.videoTs.segments().get(i));
                        o.put("/shaka/ts/audio-" + (i + 1) + ".ts", m.audioTs.segments().get(i));
                    }
                }).expect(records(1, 1, 6)));
        c.add(CorpusCase.named("shaka-packager-fmp4-single-file", "Shaka Packager fMP4 single file per stream (byte ranges), audio group",
                        "Shaka Packager HLS output without segment_template")
                .serve("/shaka/fmp4/master.m3u8", (o, m) -> {
                    o.putPlaylist("/shaka/fmp4/master.m3u8", Pl.m3u().line(SHAKA).line("")
                            .line("#EXT-X-MEDIA:TYPE=AUDIO,URI=\"audio.m3u8\",GROUP-ID=\"default-audio-group\",NAME=\"stream_1\","
                                    + "AUTOSELECT=YES,CHANNELS=\"2\"").line("")
                            .line("#EXT-X-STREAM-INF:BANDWIDTH=566720,AVERAGE-BANDWIDTH=456391,CODECS=\"avc1.64000d,mp4a.40.2\","
                                    + "RESOLUTION=320x180,AUDIO=\"default-audio-group\",CLOSED-CAPTIONS=NONE")
                            .line("video.m3u8").text());
                    o.putPlaylist("/shaka/fmp4/video.m3u8", shakaSingleFile(m.videoFmp4Single, "video.mp4"));
                    o.putPlaylist("/shaka/fmp4/audio.m3u8", shakaSingleFile(m.audioFmp4Single, "audio.mp4"));
                    o.put("/shaka/fmp4/video.mp4", m.videoFmp4Single.file());
                    o.put("/shaka/fmp4/audio.mp4", m.audioFmp4Single.file());
                }).expect(records(1, 1, 6)));
        c.add(CorpusCase.named("bento4-mp4hls", "Bento4 mp4hls: comments, INDEPENDENT-SEGMENTS, media-1/stream.m3u8, I-frame list",
                        "Bento4 mp4-hls.py output")
                .serve("/bento4/master.m3u8", (o, m) -> {
                    o.putPlaylist("/bento4/master.m3u8", Pl.m3u().line("# Created with Bento4 mp4-hls.py version 1.2.0r637").line("")
                            .line("#EXT-X-INDEPENDENT-SEGMENTS").line("").line("# Media Playlists")
                            .line("#EXT-X-STREAM-INF:AVERAGE-BANDWIDTH=456391,BANDWIDTH=566720,CODECS=\"avc1.64000D,mp4a.40.2\","
                                    + "RESOLUTION=320x180").line("media-1/stream.m3u8").line("").line("# I-Frame Playlists")
                            .line("#EXT-X-I-FRAME-STREAM-INF:AVERAGE-BANDWIDTH=40000,BANDWIDTH=52000,CODECS=\"avc1.64000D\","
                                    + "RESOLUTION=320x180,URI=\"media-1/iframes.m3u8\"").text());
                    o.putPlaylist("/bento4/media-1/stream.m3u8", Pl.m3u().line("#EXT-X-VERSION:3").line("#EXT-X-PLAYLIST-TYPE:VOD")
                            .line("#EXT-X-INDEPENDENT-SEGMENTS").line("#EXT-X-TARGETDURATION:1").line("#EXT-X-MEDIA-SEQUENCE:0")
                            .segs(m.ts, 0, 6, "segment-%d.ts").end().text());
                    o.putPlaylist("/bento4/media-1/iframes.m3u8", AppleCases.iframePlaylist(m, 6, "segment-%d.ts"));
                    Pl.put(o, "/bento4/media-1/segment-%d.ts", m.ts.segments());
                }).expect(records(6)));
        c.add(CorpusCase.named("wowza-chunklist-live", "Wowza live: playlist.m3u8 → chunklist_w…m3u8 → media_w…_N.ts",
                        "Wowza Streaming Engine docs (playlist.m3u8 → chunklist_w….m3u8)")
                .serve("/live/myStream/playlist.m3u8", (o, m) -> {
                    o.putPlaylist("/live/myStream/playlist.m3u8", Pl.m3u().line("#EXT-X-VERSION:3")
                            .line("#EXT-X-STREAM-INF:BANDWIDTH=564000,CODECS=\"avc1.66.30,mp4a.40.2\",RESOLUTION=320x180")
                            .line("chunklist_w1180442143.m3u8").text());
                    Pl p = Pl.m3u().line("#EXT-X-VERSION:3").line("#EXT-X-TARGETDURATION:2").line("#EXT-X-MEDIA-SEQUENCE:17");
                    for (int i = 0; i < 6; i++) p.seg("1.0", "media_w1180442143_" + (17 + i) + ".ts");
                    o.putTimed("/live/myStream/chunklist_w1180442143.m3u8", PlaylistTimeline.live(p.text(), 3, false));
                    for (int i = 0; i < 6; i++) o.put("/live/myStream/media_w1180442143_" + (17 + i) + ".ts", m.ts.segments().get(i));
                }).live(4).expect(records(4)));
        c.add(CorpusCase.named("wowza-vod-definst", "Wowza VOD: _definst_/mp4:name.mp4 path, chunklist_w…_b…, PLAYLIST-TYPE:VOD",
                        "Wowza Streaming Engine HLS VOD output")
                .serve("/vod/_definst_/mp4:sample.mp4/playlist.m3u8", (o, m) -> {
                    String dir = "/vod/_definst_/mp4:sample.mp4/";
                    o.putPlaylist(dir + "playlist.m3u8", Pl.m3u().line("#EXT-X-VERSION:3")
                            .line("#EXT-X-STREAM-INF:BANDWIDTH=564000,CODECS=\"avc1.66.30,mp4a.40.2\",RESOLUTION=320x180")
                            .line("chunklist_w977436474_b564000.m3u8").text());
                    o.putPlaylist(dir + "chunklist_w977436474_b564000.m3u8", Pl.m3u().line("#EXT-X-VERSION:3")
                            .line("#EXT-X-TARGETDURATION:1").line("#EXT-X-MEDIA-SEQUENCE:1").line("#EXT-X-PLAYLIST-TYPE:VOD")
                            .segs(m.ts, 0, 6, "media_w977436474_b564000_%d.ts").end().text());
                    Pl.put(o, dir + "media_w977436474_b564000_%d.ts", m.ts.segments());
                }).expect(records(6)));
        c.add(CorpusCase.named("nginx-rtmp-live", "nginx-rtmp hls: stream-N.ts, MEDIA-SEQUENCE before TARGETDURATION",
                        "arut/nginx-rtmp-module hls/ngx_rtmp_hls_module.c")
                .serve("/hls/stream.m3u8", (o, m) -> {
                    Pl p = Pl.m3u().line("#EXT-X-VERSION:3").line("#EXT-X-MEDIA-SEQUENCE:5").line("#EXT-X-TARGETDURATION:1");
                    for (int i = 0; i < 6; i++) p.seg("1.000", "stream-" + (5 + i) + ".ts");
                    o.putTimed("/hls/stream.m3u8", PlaylistTimeline.live(p.text(), 3, false));
                    for (int i = 0; i < 6; i++) o.put("/hls/stream-" + (5 + i) + ".ts", m.ts.segments().get(i));
                }).live(4).expect(records(4)));
        c.add(CorpusCase.named("nginx-rtmp-republish", "live window across a publisher restart (EXT-X-DISCONTINUITY, timestamps restart)",
                        "nginx-rtmp-module (discontinuity on republish)")
                .serve("/hls/restart.m3u8", (o, m) -> {
                    Pl p = Pl.m3u().line("#EXT-X-VERSION:3").line("#EXT-X-MEDIA-SEQUENCE:40").line("#EXT-X-TARGETDURATION:1");
                    for (int i = 0; i < 3; i++) p.seg("1.000", "restart-" + (40 + i) + ".ts");
                    p.line("#EXT-X-DISCONTINUITY");
                    for (int i = 0; i < 3; i++) p.seg("1.000", "restart-" + (43 + i) + ".ts");
                    o.putTimed("/hls/restart.m3u8", PlaylistTimeline.live(p.text(), 3, false));
                    for (int i = 0; i < 6; i++) o.put("/hls/restart-" + (40 + i) + ".ts", m.ts.segments().get(i % 3));
                }).live(4).expect(records(4)));
        c.add(CorpusCase.named("mediapackage-live", "MediaPackage live: PROGRAM-DATE-TIME, DISCONTINUITY-SEQUENCE, query tokens",
                        "AWS Elemental MediaPackage HLS endpoint output")
                .serve("/out/v1/6d5a1b3c/index_1.m3u8?aws.manifestfilter=video_height:1-720", (o, m) -> {
                    Pl p = Pl.m3u().line("#EXT-X-VERSION:3").line("#EXT-X-TARGETDURATION:1").line("#EXT-X-MEDIA-SEQUENCE:4321")
                            .line("#EXT-X-DISCONTINUITY-SEQUENCE:2");
                    for (int i = 0; i < 6; i++) {
                        p.line(String.format(Locale.ROOT, "#EXT-X-PROGRAM-DATE-TIME:2025-06-30T12:00:%02d.000Z", 10 + i));
                        p.seg("1.000", "index_1_" + (4321 + i) + ".ts?m=1593626475");
                        o.put("/out/v1/6d5a1b3c/index_1_" + (4321 + i) + ".ts?m=1593626475", m.ts.segments().get(i));
                    }
                    o.putTimed("/out/v1/6d5a1b3c/index_1.m3u8", PlaylistTimeline.live(p.text(), 3, false));
                }).live(4).expect(records(4)));
        c.add(CorpusCase.named("mediatailor-ad-break", "ad break from another host between two EXT-X-DISCONTINUITY tags",
                        "AWS Elemental MediaTailor personalized manifest")
                .serve("/v1/master/abc/index.m3u8", (o, m) -> {
                    Pl p = Pl.m3u().line("#EXT-X-VERSION:3").line("#EXT-X-TARGETDURATION:1").line("#EXT-X-MEDIA-SEQUENCE:100")
                            .line("#EXT-X-DISCONTINUITY-SEQUENCE:0").line("#EXT-X-PLAYLIST-TYPE:VOD")
                            .line("#EXT-X-PROGRAM-DATE-TIME:2025-06-30T12:00:00.000Z")
                            .seg("1.000", "../../../segments/content_100.ts").seg("1.000", "../../../segments/content_101.ts")
                            .line("#EXT-X-DISCONTINUITY")
                            .seg("1.000", o.localhostUrl("/tm/ad-7f3/0.ts")).seg("1.000", o.localhostUrl("/tm/ad-7f3/1.ts"))
                            .line("#EXT-X-DISCONTINUITY").line("#EXT-X-PROGRAM-DATE-TIME:2025-06-30T12:00:02.000Z")
                            .seg("1.000", "../../../segments/content_102.ts").seg("1.000", "../../../segments/content_103.ts").end();
                    o.putPlaylist("/v1/master/abc/index.m3u8", p.text());
                    for (int i = 0; i < 4; i++) o.put("/segments/content_" + (100 + i) + ".ts", m.ts.segments().get(i));
                    Pl.put(o, "/tm/ad-7f3/%d.ts", m.ts.segments(), 0, 2);
                }).expect(records(6)));
        return c;
    }

    /** A playlist exactly as FFmpeg's hls muxer wrote it, with the files it names under {@code dir}. */
    private static void asWritten(StaticOrigin o, String dir, CorpusMedia.Rendition r) {
        o.putPlaylist(dir + "index.m3u8", r.playlist());
        for (int i = 0; i < r.uris().size(); i++) o.put(dir + r.uris().get(i), r.segments().get(i));
    }

    private static String shakaMedia(CorpusMedia.Rendition r, String pattern) {
        Pl p = Pl.m3u().line("#EXT-X-VERSION:6").line(SHAKA).line("#EXT-X-TARGETDURATION:2").line("#EXT-X-PLAYLIST-TYPE:VOD");
        for (int i = 0; i < r.segments().size(); i++) {
            p.seg(String.format(Locale.ROOT, "%.3f", r.durations().get(i)), String.format(pattern, i + 1));
        }
        return p.end().text();
    }

    private static String shakaSingleFile(CorpusMedia.Rendition r, String file) {
        return Pl.m3u().line("#EXT-X-VERSION:6").line(SHAKA).line("#EXT-X-TARGETDURATION:2").line("#EXT-X-PLAYLIST-TYPE:VOD")
                .line("#EXT-X-MAP:URI=\"" + file + "\",BYTERANGE=\"" + r.initRange() + "\"").ranges(r, file, false).end().text();
    }
}
