package dev.avline.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The static origin's server behaviours, as they reach the wire. */
class StaticOriginTest {
    private static final byte[] BODY = new byte[10_000];

    static {
        for (int i = 0; i < BODY.length; i++) BODY[i] = (byte) (i * 31);
    }

    @Test
    void rangesAreHonouredAdvertisedOrIgnoredAsSwitched() throws Exception {
        try (StaticOrigin o = StaticOrigin.start()) {
            o.put("/a.ts", BODY);
            RawHttp.Response whole = RawHttp.get(o.url("/a.ts"));
            assertEquals(200, whole.status());
            assertEquals("bytes", whole.header("Accept-Ranges"));
            assertArrayEquals(BODY, whole.body());

            RawHttp.Response part = RawHttp.get(o.url("/a.ts"), "Range: bytes=100-199");
            assertEquals(206, part.status());
            assertEquals("bytes 100-199/10000", part.header("Content-Range"));
            assertEquals(100, part.body().length);
            assertEquals(BODY[100], part.body()[0]);

            RawHttp.Response beyond = RawHttp.get(o.url("/a.ts"), "Range: bytes=20000-");
            assertEquals(416, beyond.status());
            assertEquals("bytes */10000", beyond.header("Content-Range"));

            o.acceptRanges(false);
            assertNull(RawHttp.get(o.url("/a.ts")).header("Accept-Ranges"), "no Accept-Ranges, as dynamic origins");
            o.ignoreRange();
            RawHttp.Response ignored = RawHttp.get(o.url("/a.ts"), "Range: bytes=100-199");
            assertEquals(200, ignored.status(), "Range ignored: the whole body");
            assertNull(ignored.header("Content-Range"));
            assertArrayEquals(BODY, ignored.body());

            List<OriginRequest> log = o.requests();
            assertEquals("bytes=100-199", log.get(1).range());
            assertEquals(206, log.get(1).status());
            assertEquals(416, log.get(2).status());
            assertEquals(200, log.get(log.size() - 1).status());
        }
    }

    @Test
    void redirectsChainAcrossLoopbackNamesAndRelativeLocations() throws Exception {
        try (StaticOrigin o = StaticOrigin.start()) {
            o.putPlaylist("/final/index.m3u8", "#EXTM3U\n");
            o.redirect("/index.m3u8", 301, "/hop1/index.m3u8");
            o.redirect("/hop1/index.m3u8", 307, o.localhostUrl("/hop2/index.m3u8"));
            o.redirect("/hop2/index.m3u8", 308, "../final/index.m3u8", 1);
            RawHttp.Response first = RawHttp.get(o.url("/index.m3u8"));
            assertEquals(301, first.status());
            assertEquals("/hop1/index.m3u8", first.header("Location"));
            RawHttp.Response second = RawHttp.get(o.url("/hop1/index.m3u8"));
            assertEquals(307, second.status());
            assertEquals("http://localhost:" + o.port() + "/hop2/index.m3u8", second.header("Location"));
            RawHttp.Response third = RawHttp.get(o.localhostUrl("/hop2/index.m3u8"));
            assertEquals(308, third.status());
            assertEquals("../final/index.m3u8", third.header("Location"), "written as given: relative");
            assertEquals(404, RawHttp.get(o.localhostUrl("/hop2/index.m3u8")).status(), "that hop redirected once");
            assertEquals(200, RawHttp.get(o.url("/final/index.m3u8")).status());
            OriginRequest viaLocalhost = o.requests().get(2);
            assertEquals("localhost:" + o.port(), viaLocalhost.host());
            assertEquals("redirect", viaLocalhost.fault());
        }
    }

    @Test
    void cookieIsSetOnPlaylistsRequiredElsewhereAndRenewed() throws Exception {
        try (StaticOrigin o = StaticOrigin.start()) {
            o.putPlaylist("/index.m3u8", "#EXTM3U\n").put("/seg.ts", BODY).requireCookie("sid", true);
            assertEquals(403, RawHttp.get(o.url("/seg.ts")).status(), "no cookie, no segment");
            String set1 = RawHttp.get(o.url("/index.m3u8")).header("Set-Cookie");
            assertNotNull(set1);
            assertTrue(set1.startsWith("sid=") && set1.contains("Path=/"), set1);
            String cookie1 = set1.substring(0, set1.indexOf(';'));
            assertEquals(200, RawHttp.get(o.url("/seg.ts"), "Cookie: other=1; " + cookie1).status());
            String cookie2 = cut(RawHttp.get(o.url("/index.m3u8")).header("Set-Cookie"));
            String cookie3 = cut(RawHttp.get(o.url("/index.m3u8")).header("Set-Cookie"));
            assertNotEquals(cookie1, cookie2, "renewed");
            assertEquals(200, RawHttp.get(o.url("/seg.ts"), "Cookie: " + cookie2).status(), "the previous token still works");
            assertEquals(200, RawHttp.get(o.url("/seg.ts"), "Cookie: " + cookie3).status());
            assertEquals(403, RawHttp.get(o.url("/seg.ts"), "Cookie: " + cookie1).status(), "an expired token is refused");
            List<OriginRequest> log = o.requests();
            assertEquals("no_cookie", log.get(0).fault());
            assertEquals("stale_cookie", log.get(log.size() - 1).fault());
            assertTrue(log.get(2).cookie().contains(cookie1));
        }
    }

    private static String cut(String setCookie) {
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    @Test
    void faultsPerPathChunkedBodiesAndSpacesInPaths() throws Exception {
        try (StaticOrigin o = StaticOrigin.start()) {
            o.put("/a.ts", BODY).put("/b.ts", BODY).put("/c d.ts", BODY);
            o.resetMidBody("/a.ts", 1).shortBody("/b.ts", 2).failPath("/c d.ts", 503, 1);
            RawHttp.Response reset = RawHttp.get(o.url("/a.ts"));
            assertTrue(reset.body().length < BODY.length, "cut by a reset");
            assertEquals(BODY.length, RawHttp.get(o.url("/a.ts")).body().length, "once");
            RawHttp.Response cut = RawHttp.get(o.url("/b.ts"));
            assertEquals(BODY.length, cut.contentLength());
            assertEquals(BODY.length / 2, cut.body().length, "Content-Length larger than what is sent");
            assertEquals(BODY.length / 2, RawHttp.get(o.url("/b.ts")).body().length, "twice");
            assertEquals(BODY.length, RawHttp.get(o.url("/b.ts")).body().length);
            assertEquals(503, RawHttp.get(o.url("/c%20d.ts")).status());
            assertEquals(200, RawHttp.get(o.url("/c%20d.ts")).status(), "percent-escaped space finds the path");

            o.chunked(true);
            RawHttp.Response chunked = RawHttp.get(o.url("/a.ts"));
            assertEquals("chunked", chunked.header("Transfer-Encoding"));
            assertNull(chunked.header("Content-Length"));
            assertArrayEquals(BODY, chunked.unchunked());
            assertTrue(new String(chunked.body(), StandardCharsets.ISO_8859_1).endsWith("0\r\n\r\n"), "last chunk sent");

            o.chunked(false).slowBodies(40_000);
            long t0 = System.nanoTime();
            assertArrayEquals(BODY, RawHttp.get(o.url("/a.ts")).body());
            double s = (System.nanoTime() - t0) / 1e9;
            assertTrue(s >= 0.2, "10,000 bytes at 40,000 B/s take about 0.25 s, took " + s);

            List<OriginRequest> log = o.requests();
            assertEquals("reset", log.get(0).fault());
            assertEquals("short", log.get(2).fault());
            assertEquals("status", log.get(5).fault());
        }
    }

    @Test
    void timedPlaylistsGrowAsEventsAndSlideAsLiveWindows() {
        String vod = "#EXTM3U\n#EXT-X-VERSION:4\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:10\n#EXT-X-PLAYLIST-TYPE:VOD\n"
                + "#EXT-X-KEY:METHOD=AES-128,URI=\"k1\"\n#EXTINF:2,\n#EXT-X-BYTERANGE:100@0\nf.ts\n"
                + "#EXTINF:2,\n#EXT-X-BYTERANGE:150\nf.ts\n#EXT-X-DISCONTINUITY\n#EXTINF:2,\n#EXT-X-BYTERANGE:120\nf.ts\n"
                + "#EXTINF:2,\n#EXT-X-BYTERANGE:90\nf.ts\n#EXT-X-ENDLIST\n";
        PlaylistTimeline event = PlaylistTimeline.event(vod, 1);
        String e0 = event.at(0);
        assertTrue(e0.contains("#EXT-X-PLAYLIST-TYPE:EVENT\n#EXT-X-MEDIA-SEQUENCE:10\n"), e0);
        assertEquals(1, count(e0, "#EXTINF"));
        assertTrue(!e0.contains("ENDLIST"));
        assertEquals(3, count(event.at(4.1), "#EXTINF"));
        String e6 = event.at(6.5);
        assertEquals(4, count(e6, "#EXTINF"));
        assertTrue(e6.endsWith("#EXT-X-ENDLIST\n"), e6);

        PlaylistTimeline live = PlaylistTimeline.live(vod, 2, false);
        String l0 = live.at(0);
        assertEquals(2, count(l0, "#EXTINF"));
        assertTrue(!l0.contains("PLAYLIST-TYPE"), l0);
        String l4 = live.at(4.0);
        assertTrue(l4.contains("#EXT-X-MEDIA-SEQUENCE:12\n#EXT-X-DISCONTINUITY-SEQUENCE:0\n")
                || l4.contains("#EXT-X-MEDIA-SEQUENCE:12\n"), l4);
        assertTrue(l4.contains("#EXT-X-KEY:METHOD=AES-128,URI=\"k1\"\n#EXT-X-DISCONTINUITY\n#EXTINF:2,\n#EXT-X-BYTERANGE:120@250\n"),
                "the key restated and the implicit offset made explicit at the top of the window: " + l4);
        String l9 = live.at(9);
        assertTrue(l9.contains("#EXT-X-MEDIA-SEQUENCE:12\n"), "stops advancing at the last segment: " + l9);
        assertTrue(!l9.contains("ENDLIST"), l9);
        assertTrue(PlaylistTimeline.live(vod, 1, true).at(9).contains("#EXT-X-DISCONTINUITY-SEQUENCE:1\n"),
                "a discontinuity that left the window is counted");
    }

    private static long count(String text, String tag) {
        return text.lines().filter(l -> l.startsWith(tag)).count();
    }
}
