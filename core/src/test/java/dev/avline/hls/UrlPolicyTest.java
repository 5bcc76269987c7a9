package dev.avline.hls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class UrlPolicyTest {
    private final UrlPolicy policy = UrlPolicy.defaults();

    @Test
    void onlyHttpAndHttpsByDefault() {
        assertNull(policy.refusal("http://cdn.example.com/a/seg.ts", null));
        assertNull(policy.refusal("https://cdn.example.com/a/seg.php?n=1", null));
        assertNull(policy.refusal("crypto+https://cdn.example.com/a/seg.ts", null), "AES-128 segments run over https");
        for (String bad : new String[] {"file:///etc/passwd", "/etc/passwd", "concat:http://a/x.ts|file:/etc/passwd",
                "subfile,,start,0,end,0,,:/etc/passwd", "pipe:0", "data:text/plain;base64,QUFB", "ftp://h/x.ts",
                "crypto:file:///etc/passwd", "tcp://127.0.0.1:80"}) {
            String why = policy.refusal(bad, null);
            assertNotNull(why, bad);
        }
        assertTrue(policy.refusal("file:///etc/passwd", null).contains("file: protocol is not allowed"));
        assertEquals("http,https,tls,tcp,crypto", policy.protocolWhitelist());
    }

    @Test
    void downgradeAndHostAllowList() {
        assertTrue(policy.refusal("http://cdn.example.com/seg.ts", "https://origin.example.com/live.m3u8").contains("downgrade"));
        assertNull(policy.allowDowngrade(true).refusal("http://cdn.example.com/seg.ts", "https://origin.example.com/live.m3u8"));
        UrlPolicy hosts = policy.allowHosts(".example.com", "127.0.0.1");
        assertNull(hosts.refusal("https://a.cdn.example.com/seg.ts", null));
        assertNull(hosts.refusal("http://127.0.0.1:8080/seg.ts", null));
        assertTrue(hosts.refusal("https://evil.test/seg.ts", null).contains("not in the allowed hosts"));
    }

    @Test
    void playlistRewriteMakesUrisAbsoluteAndDropsRecordedSegments() {
        String text = "#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:10\n"
                + "#EXT-X-KEY:METHOD=AES-128,URI=\"key.bin\"\n#EXTINF:2.0,\nseg10.ts\n#EXT-X-DISCONTINUITY\n#EXTINF:2.0,\n"
                + "seg11.ts\n#EXTINF:1.5,\n../other/seg12.ts?x=1\n";
        Playlist p = Playlist.parse(text.getBytes(StandardCharsets.UTF_8), "http://h/live/index.m3u8");
        assertEquals(3, p.segments.size());
        assertEquals(12, p.lastSequence());
        assertEquals("http://h/other/seg12.ts?x=1", p.segments.get(2).uri());
        assertTrue(p.segments.get(1).discontinuity());
        assertEquals(1.5, p.segments.get(2).duration());
        assertEquals("http://h/live/key.bin", p.keyUris.get(0));
        String rewritten = new String(p.rewrite(12), StandardCharsets.UTF_8);
        assertTrue(rewritten.contains("#EXT-X-MEDIA-SEQUENCE:12\n"), rewritten);
        assertTrue(rewritten.contains("URI=\"http://h/live/key.bin\""), rewritten);
        assertEquals(1, rewritten.lines().filter(l -> l.startsWith("#EXTINF")).count(), rewritten);
        assertTrue(!rewritten.contains("DISCONTINUITY\n#EXTINF:2.0"), "per-segment tags go with their segment");
        String all = new String(p.rewrite(99), StandardCharsets.UTF_8);
        assertTrue(all.contains("http://h/other/seg12.ts?x=1"), "the last segment always stays: " + all);
        Playlist master = Playlist.parse(("#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=800000\nlo.m3u8\n"
                + "#EXT-X-STREAM-INF:AVERAGE-BANDWIDTH=1,BANDWIDTH=2000000\nhi.m3u8\n").getBytes(StandardCharsets.UTF_8),
                "https://h/m.m3u8");
        assertTrue(master.master);
        assertEquals(java.util.List.of(800000L, 2000000L), master.streamBandwidths);
        assertEquals("https://h/hi.m3u8", master.streamUris.get(1));
    }
}
