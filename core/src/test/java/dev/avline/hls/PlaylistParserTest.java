package dev.avline.hls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The parser on the shapes RFC 8216 (and its second edition) shows, and the quirks players tolerate. */
class PlaylistParserTest {
    private static final String BASE = "https://h.example/live/index.m3u8?token=t1";

    private static ParsedPlaylist parse(String text, String url, Map<String, String> imports) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return PlaylistParser.parse(b, b.length, url, imports);
    }

    private static MediaPlaylist media(String text) {
        return (MediaPlaylist) parse(text, BASE, Map.of());
    }

    @Test
    void rfc8216SimpleMediaPlaylist() {
        MediaPlaylist p = media("#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXT-X-VERSION:3\n#EXTINF:9.009,\n"
                + "http://media.example.com/first.ts\n#EXTINF:9.009,\nhttp://media.example.com/second.ts\n#EXTINF:3.003,\n"
                + "http://media.example.com/third.ts\n#EXT-X-ENDLIST\n");
        assertEquals(3, p.segments().size());
        assertEquals(0, p.firstSequence());
        assertTrue(p.endList() && p.keepsEverySegment());
        assertEquals(21.021, p.totalDuration(), 1e-9);
        assertEquals("http://media.example.com/third.ts", p.segment(2).uri());
    }

    @Test
    void rfc8216LiveAndEncryptedPlaylists() {
        MediaPlaylist p = media("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-MEDIA-SEQUENCE:7794\n#EXT-X-TARGETDURATION:15\n\n"
                + "#EXT-X-KEY:METHOD=AES-128,URI=\"https://priv.example.com/key.php?r=52\"\n\n#EXTINF:2.833,\n"
                + "http://media.example.com/fileSequence52-A.ts\n#EXTINF:15.0,\nhttp://media.example.com/fileSequence52-B.ts\n\n"
                + "#EXT-X-KEY:METHOD=AES-128,URI=\"https://priv.example.com/key.php?r=53\"\n\n#EXTINF:15.0,\n"
                + "http://media.example.com/fileSequence53-A.ts\n");
        assertEquals(7794, p.firstSequence());
        assertEquals(7796, p.lastSequence());
        assertFalse(p.keepsEverySegment());
        assertEquals("https://priv.example.com/key.php?r=52", p.segment(7795).key().uri());
        assertEquals("https://priv.example.com/key.php?r=53", p.segment(7796).key().uri());
        assertTrue(p.segment(7796).key().isClearKeyAes128());
        assertNull(p.segment(7796).key().iv());
    }

    @Test
    void rfc8216MasterWithAlternateAudio() {
        MasterPlaylist m = (MasterPlaylist) parse("#EXTM3U\n"
                + "#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"aac\",LANGUAGE=\"en\",NAME=\"English\",DEFAULT=YES,AUTOSELECT=YES,URI=\"main/english-audio.m3u8\"\n"
                + "#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"aac\",LANGUAGE=\"de\",NAME=\"Deutsch\",DEFAULT=NO,AUTOSELECT=YES,URI=\"main/german-audio.m3u8\"\n"
                + "#EXT-X-STREAM-INF:BANDWIDTH=1280000,CODECS=\"avc1.4d401f,mp4a.40.2\",AUDIO=\"aac\"\nlow/video-only.m3u8\n"
                + "#EXT-X-STREAM-INF:BANDWIDTH=2560000,CODECS=\"avc1.4d401f,mp4a.40.2\",AUDIO=\"aac\"\nmid/video-only.m3u8\n"
                + "#EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=86000,URI=\"low/iframe.m3u8\"\n", "http://example.com/master.m3u8", Map.of());
        assertEquals(2, m.variants().size());
        assertEquals(1, m.iFrameVariants().size());
        VariantStream best = VariantChoice.choose(m, dev.avline.Variant.best());
        assertEquals("http://example.com/mid/video-only.m3u8", best.uri());
        assertEquals("avc1.4d401f,mp4a.40.2", best.codecs(), "commas inside quotes");
        Rendition audio = VariantChoice.audioFor(m, best);
        assertEquals("English", audio.name());
        assertEquals("http://example.com/main/english-audio.m3u8", audio.uri());
    }

    @Test
    void byteRangesResolveImplicitOffsetsAndInitSectionRanges() {
        MediaPlaylist p = media("#EXTM3U\n#EXT-X-TARGETDURATION:6\n#EXT-X-VERSION:7\n#EXT-X-PLAYLIST-TYPE:VOD\n"
                + "#EXT-X-MAP:URI=\"main.mp4\",BYTERANGE=\"720@0\"\n#EXTINF:6.0,\n#EXT-X-BYTERANGE:1000@720\nmain.mp4\n"
                + "#EXTINF:6.0,\n#EXT-X-BYTERANGE:2000\nmain.mp4\n#EXTINF:6.0,\n#EXT-X-BYTERANGE:500\nmain.mp4\n#EXT-X-ENDLIST\n");
        assertEquals(new SegmentRange(720, 0), p.segment(0).map().range());
        assertEquals(new SegmentRange(1000, 720), p.segment(0).range());
        assertEquals(new SegmentRange(2000, 1720), p.segment(1).range());
        assertEquals(new SegmentRange(500, 3720), p.segment(2).range());
        assertEquals("https://h.example/live/main.mp4", p.segment(2).uri());
        assertTrue(p.segment(0).continuesInto(p.segment(1)));
        PlaylistException e = assertThrows(PlaylistException.class, () -> media("#EXTM3U\n#EXT-X-TARGETDURATION:6\n"
                + "#EXTINF:6,\n#EXT-X-BYTERANGE:1000\nmain.ts\n"));
        assertTrue(e.getMessage().contains("EXT-X-BYTERANGE:1000"), e.getMessage());
    }

    @Test
    void discontinuitySequenceDateTimeGapAndStart() {
        MediaPlaylist p = media("#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:100\n#EXT-X-DISCONTINUITY-SEQUENCE:7\n"
                + "#EXT-X-START:TIME-OFFSET=-4.5,PRECISE=YES\n"
                + "#EXT-X-PROGRAM-DATE-TIME:2026-12-01T10:00:00.000Z\n#EXTINF:2.0,\na.ts\n#EXT-X-GAP\n#EXTINF:2.0,\nb.ts\n"
                + "#EXT-X-DISCONTINUITY\n#EXT-X-PROGRAM-DATE-TIME:2026-12-01T10:01:00.000+00:00\n#EXTINF:2.0,\nc.ts\n#EXTINF:2,\nd.ts\n");
        assertEquals(7, p.segment(100).discontinuitySequence());
        assertEquals(8, p.segment(102).discontinuitySequence());
        assertFalse(p.segment(101).continuesInto(p.segment(102)), "a discontinuity is a boundary");
        assertTrue(p.segment(101).gap());
        assertEquals(Instant.parse("2026-12-01T10:00:02Z"), p.segment(101).programDateTime(), "carried forward");
        assertEquals(Instant.parse("2026-12-01T10:01:02Z"), p.segment(103).programDateTime());
        assertEquals(-4.5, p.startOffset());
        assertEquals(101, new SegmentLedger(-3).start(p), "4.5 s before the end (8 s) is 3.5 s in: the second segment");
    }

    @Test
    void deltaUpdatesNumberTheirSegmentsAfterTheSkippedOnes() {
        MediaPlaylist p = media("#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXT-X-VERSION:9\n#EXT-X-SERVER-CONTROL:CAN-SKIP-UNTIL=24\n"
                + "#EXT-X-MEDIA-SEQUENCE:266\n#EXT-X-SKIP:SKIPPED-SEGMENTS=3\n#EXTINF:4.00008,\nfileSequence269.mp4\n"
                + "#EXTINF:4.00008,\nfileSequence270.mp4\n");
        assertEquals(269, p.firstSequence());
        assertEquals("https://h.example/live/fileSequence270.mp4", p.segment(270).uri());
    }

    @Test
    void lowLatencyPartsAndHintsAreLeftOutFullSegmentsKept() {
        MediaPlaylist p = media("#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXT-X-VERSION:6\n"
                + "#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=1.0\n#EXT-X-PART-INF:PART-TARGET=0.33334\n"
                + "#EXT-X-MEDIA-SEQUENCE:266\n#EXT-X-MAP:URI=\"init.mp4\"\n#EXTINF:4.00008,\nfileSequence266.mp4\n"
                + "#EXT-X-PART:DURATION=0.33334,URI=\"filePart267.0.mp4\",INDEPENDENT=YES\n"
                + "#EXT-X-PART:DURATION=0.33334,URI=\"filePart267.1.mp4\"\n#EXTINF:4.00008,\nfileSequence267.mp4\n"
                + "#EXT-X-PART:DURATION=0.33334,URI=\"filePart268.0.mp4\",INDEPENDENT=YES\n"
                + "#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"filePart268.1.mp4\"\n"
                + "#EXT-X-RENDITION-REPORT:URI=\"../1M/waitForMSN.php\",LAST-MSN=267,LAST-PART=1\n");
        assertEquals(2, p.segments().size());
        assertEquals("https://h.example/live/fileSequence267.mp4", p.segment(267).uri());
    }

    @Test
    void variablesAreDefinedImportedAndTakenFromTheQuery() {
        MediaPlaylist p = (MediaPlaylist) parse("#EXTM3U\n#EXT-X-DEFINE:NAME=\"host\",VALUE=\"cdn.example\"\n"
                + "#EXT-X-DEFINE:QUERYPARAM=\"token\"\n#EXT-X-DEFINE:IMPORT=\"aParam\"\n#EXT-X-TARGETDURATION:2\n"
                + "#EXT-X-MAP:URI=\"https://{$host}/init.mp4?t={$token}\"\n#EXTINF:2,\nhttps://{$host}/{$aParam}/s1.m4s?t={$token}\n",
                BASE, Map.of("aParam", "v1"));
        assertEquals("https://cdn.example/v1/s1.m4s?t=t1", p.segment(0).uri());
        assertEquals("https://cdn.example/init.mp4?t=t1", p.segment(0).map().uri());
        PlaylistException e = assertThrows(PlaylistException.class, () -> media("#EXTM3U\n#EXT-X-TARGETDURATION:2\n"
                + "#EXTINF:2,\n{$aParam}/s1.ts\n"));
        assertTrue(e.getMessage().contains("{$aParam}"), e.getMessage());
    }

    @Test
    void quirksPlayersTolerate() {
        String text = "\uFEFF  #EXTM3U\r\n#EXT-X-TARGETDURATION:2.5\r\n\r\n#extinf:2.0\r\nseg one.ts\r\n"
                + "#EXTINF:2.000,Title, with comma\r\n/abs/seg2.ts\r\n//other.example/seg3.ts\r\n"
                + "#EXT-X-KEY:METHOD=aes-128,URI=\"k.bin\",IV=0x0000000000000000000000000000000A\r\n#EXTINF: 1.5 ,\r\nseg4.ts\r\n"
                + "#EXTINF:1.25 tvg-id=\"ch1\" tvg-name=\"One\",Channel 1\rseg5.ts\n";
        MediaPlaylist p = media(text);
        assertEquals(5, p.segments().size());
        assertEquals(3.0, p.targetDuration(), "a fractional target duration rounds up");
        assertEquals(1.25, p.segment(4).duration(), "IPTV attributes after the duration; a lone CR ends a line");
        assertEquals("https://h.example/live/seg%20one.ts", p.segment(0).uri());
        assertEquals("https://h.example/abs/seg2.ts", p.segment(1).uri());
        assertEquals("https://other.example/seg3.ts", p.segment(2).uri());
        assertEquals(3.0, p.segment(2).duration(), "a URI without #EXTINF lasts the target duration");
        assertEquals(1.5, p.segment(3).duration());
        assertTrue(p.segment(3).key().isClearKeyAes128());
        byte[] iv = new byte[16];
        iv[15] = 10;
        assertArrayEquals(iv, p.segment(3).key().iv());
    }

    @Test
    void whatCannotBeRecordedIsNamed() {
        assertTrue(assertThrows(PlaylistException.class, () -> media("#EXTM3U\n#EXT-X-TARGETDURATION:-5\n#EXTINF:2,\na.ts\n"))
                .getMessage().contains("EXT-X-TARGETDURATION:-5"));
        assertTrue(assertThrows(PlaylistException.class, () -> media("#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXT-X-I-FRAMES-ONLY\n"
                + "#EXTINF:4,\n#EXT-X-BYTERANGE:1000@0\na.ts\n")).getMessage().contains("EXT-X-I-FRAMES-ONLY"));
        assertTrue(assertThrows(PlaylistException.class, () -> media("<html>not a playlist</html>"))
                .getMessage().contains("#EXTM3U"));
        MediaPlaylist drm = media("#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXT-X-KEY:METHOD=SAMPLE-AES-CTR,"
                + "URI=\"data:text/plain;base64,AAAA\",KEYFORMAT=\"urn:uuid:edef8ba9-79d6-4ace-a3c8-27dcd51d21ed\"\n#EXTINF:4,\na.m4s\n");
        assertTrue(drm.segment(0).key().unsupported().contains("METHOD=SAMPLE-AES-CTR"), drm.segment(0).key().unsupported());
        MediaPlaylist fairplay = media("#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXT-X-KEY:METHOD=SAMPLE-AES,URI=\"skd://key65\","
                + "KEYFORMAT=\"com.apple.streamingkeydelivery\",KEYFORMATVERSIONS=\"1\"\n#EXTINF:4,\na.ts\n");
        assertTrue(fairplay.segment(0).key().unsupported().contains("com.apple.streamingkeydelivery"));
        MediaPlaylist both = media("#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXT-X-KEY:METHOD=SAMPLE-AES,URI=\"skd://k\","
                + "KEYFORMAT=\"com.apple.streamingkeydelivery\"\n#EXT-X-KEY:METHOD=AES-128,URI=\"k.bin\"\n#EXTINF:4,\na.ts\n");
        assertNull(both.segment(0).key().unsupported(), "a plain key beside a DRM one is used");
    }

    @Test
    void anEncryptedInitSectionHasItsOwnKey() {
        MediaPlaylist p = media("#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXT-X-VERSION:6\n"
                + "#EXT-X-KEY:METHOD=AES-128,URI=\"init.key\",IV=0x1\n#EXT-X-MAP:URI=\"init.mp4\"\n#EXT-X-KEY:METHOD=NONE\n"
                + "#EXTINF:2,\ns1.m4s\n#EXT-X-ENDLIST\n");
        assertEquals("https://h.example/live/init.key", p.segment(0).map().key().uri());
        assertNull(p.segment(0).key());
    }
}
