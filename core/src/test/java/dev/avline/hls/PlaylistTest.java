package dev.avline.hls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The playlist a demuxer gets: where it starts, what is carried over, where it must end. */
class PlaylistTest {
    private static final String BASE = "http://h/live/index.m3u8";

    private static Playlist parse(String text) {
        return Playlist.parse(text.getBytes(StandardCharsets.UTF_8), BASE);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void segmentsKnowTheirKeyAndInitSection() {
        Playlist p = parse("#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-TARGETDURATION:1\n#EXT-X-MEDIA-SEQUENCE:40\n"
                + "#EXT-X-MAP:URI=\"init_0.mp4\"\n#EXT-X-KEY:METHOD=AES-128,URI=\"k1.bin\"\n#EXTINF:0.5,\ns40.m4s\n"
                + "#EXT-X-KEY:METHOD=AES-128,URI=\"k2.bin\",IV=0x0102\n#EXTINF:0.5,\ns41.m4s\n"
                + "#EXT-X-MAP:URI=\"init_1.mp4\"\n#EXT-X-KEY:METHOD=NONE\n#EXT-X-DISCONTINUITY\n#EXTINF:0.5,\ns42.m4s\n");
        assertEquals("http://h/live/k1.bin", p.segment(40).key().uri());
        assertNull(p.segment(40).key().iv());
        assertEquals("0x0102", p.segment(41).key().iv());
        assertNull(p.segment(42).key());
        assertEquals("http://h/live/init_0.mp4", p.segment(41).mapUri());
        assertEquals("http://h/live/init_1.mp4", p.segment(42).mapUri());
        assertTrue(p.segment(42).discontinuity());
        byte[] iv = new byte[16];
        iv[14] = 1;
        iv[15] = 2;
        assertArrayEquals(iv, Aes128.iv("0x0102"));
        assertEquals(41, Aes128.iv(41)[15]);

        // From 41 on, ending before the boundary at 42: key and init restated, then ENDLIST.
        String cut = text(p.rewrite(41, List.of(), 42));
        assertTrue(cut.contains("#EXT-X-MEDIA-SEQUENCE:41\n"), cut);
        assertTrue(cut.contains("#EXT-X-KEY:METHOD=AES-128,URI=\"http://h/live/k2.bin\",IV=0x0102\n"), cut);
        assertTrue(cut.contains("#EXT-X-MAP:URI=\"http://h/live/init_0.mp4\"\n"), cut);
        assertFalse(cut.contains("s42"), cut);
        assertTrue(cut.endsWith("http://h/live/s41.m4s\n#EXT-X-ENDLIST\n"), cut);

        // The next demuxer starts at the boundary: no discontinuity tag first, no key, the new init.
        String next = text(p.rewrite(42, List.of(), Long.MAX_VALUE));
        assertTrue(next.contains("#EXT-X-MEDIA-SEQUENCE:42\n#EXT-X-MAP:URI=\"http://h/live/init_1.mp4\"\n#EXTINF:0.5,\n"), next);
        assertFalse(next.contains("DISCONTINUITY\n#EXTINF") || next.contains("ENDLIST"), next);
    }

    @Test
    void aSegmentThatLeftTheWindowIsCarriedDecryptedWithStandInsForTheHole() {
        Playlist before = parse("#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXT-X-MEDIA-SEQUENCE:10\n"
                + "#EXT-X-KEY:METHOD=AES-128,URI=\"k.bin\"\n#EXTINF:0.5,\ns10.ts\n#EXTINF:0.5,\ns11.ts\n");
        Playlist now = parse("#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXT-X-MEDIA-SEQUENCE:13\n"
                + "#EXT-X-KEY:METHOD=AES-128,URI=\"k.bin\"\n#EXTINF:0.5,\ns13.ts\n#EXTINF:0.5,\ns14.ts\n");
        List<Playlist.Segment> carried = List.of(before.segment(10).decrypted(),
                Playlist.Segment.placeholder(11, before.segment(11).uri(), 0.5, null, null),
                Playlist.Segment.placeholder(12, "http://h/live/s10.ts#avline-expired-12", 0.5, null, null));
        String text = text(now.rewrite(10, carried, Long.MAX_VALUE));
        assertTrue(text.startsWith("#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXT-X-MEDIA-SEQUENCE:10\n#EXTINF:0.5,\nhttp://h/live/s10.ts\n"),
                "the carried body is already decrypted: no key before it: " + text);
        assertTrue(text.contains("#EXTINF:0.500000,\nhttp://h/live/s10.ts#avline-expired-12\n"
                + "#EXT-X-KEY:METHOD=AES-128,URI=\"http://h/live/k.bin\"\n#EXTINF:0.5,\nhttp://h/live/s13.ts\n"), text);
        assertEquals(5, text.lines().filter(l -> l.startsWith("#EXTINF")).count(), "numbering stays true: 10..14");
    }
}
