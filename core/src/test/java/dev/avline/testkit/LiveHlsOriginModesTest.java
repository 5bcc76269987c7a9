package dev.avline.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.avline.Avline;
import dev.avline.Input;
import dev.avline.Output;
import dev.avline.RecordingResult;

/** The live origin as VOD, EVENT and byte-range origin, its server switches, and its bounded memory. */
class LiveHlsOriginModesTest {
    private static final Pattern BYTERANGE = Pattern.compile("#EXT-X-BYTERANGE:(\\d+)@(\\d+)\nstream\\.ts");

    @TempDir
    Path dir;

    @Test
    void vodOriginListsEverySegmentWithEndListAndByteRangesOfOneFile() throws Exception {
        try (LiveHlsOrigin o = LiveHlsOrigin.builder().segmentSeconds(0.5).video(160, 120, 20).vod(4).byteRanges(true).start()) {
            Thread.sleep(600); // a VOD playlist does not grow
            String pl = RawHttp.get(o.playlistUrl()).text();
            assertTrue(pl.contains("#EXT-X-PLAYLIST-TYPE:VOD\n") && pl.contains("#EXT-X-VERSION:4\n"), pl);
            assertTrue(pl.endsWith("#EXT-X-ENDLIST\n"), pl);
            Matcher m = BYTERANGE.matcher(pl);
            long expectedOffset = 0;
            int n = 0;
            while (m.find()) {
                long length = Long.parseLong(m.group(1));
                long offset = Long.parseLong(m.group(2));
                assertEquals(expectedOffset, offset, "ranges follow each other: " + pl);
                RawHttp.Response part = RawHttp.get(o.byteRangeFileUrl(), "Range: bytes=" + offset + "-" + (offset + length - 1));
                assertEquals(206, part.status());
                assertEquals("bytes " + offset + "-" + (offset + length - 1) + "/", part.header("Content-Range").replaceAll("/\\d+$", "/"));
                MediaReport r = MediaProbe.decodeAll(part.body(), "mpegts");
                assertEquals(10, r.video().frames(), "each range is one whole segment: " + r);
                expectedOffset += length;
                n++;
            }
            assertEquals(4, n, pl);
            assertEquals(expectedOffset, RawHttp.get(o.byteRangeFileUrl()).body().length, "the whole file without a Range");

            Path out = dir.resolve("vod.ts");
            RecordingResult r = Avline.copy(Input.url(o.playlistUrl()), Output.file(out)).run();
            assertEquals(RecordingResult.State.DONE, r.state(), String.valueOf(r.failure()));
            MediaReport rep = MediaProbe.decodeAll(out);
            assertEquals(40, rep.video().frames(), "FFmpeg's HLS demuxer reads the byte ranges whole: " + rep);
            assertEquals(0, rep.totalDecodeErrors(), rep.toString());
        }
    }

    @Test
    void eventPlaylistGrowsFromTheFirstSegmentUntilEnded() throws Exception {
        try (LiveHlsOrigin o = LiveHlsOrigin.builder().segmentSeconds(0.5).video(160, 120, 20).event().fmp4(true).start()) {
            String first = RawHttp.get(o.playlistUrl()).text();
            assertTrue(first.contains("#EXT-X-PLAYLIST-TYPE:EVENT\n") && first.contains("#EXT-X-MEDIA-SEQUENCE:0\n"), first);
            Thread.sleep(1600);
            String later = RawHttp.get(o.playlistUrl()).text();
            assertTrue(later.contains("seg_0.m4s") && later.lines().filter(l -> l.startsWith("#EXTINF")).count() >= 4,
                    "an event playlist keeps its first segment: " + later);
            o.endList();
            assertTrue(RawHttp.get(o.playlistUrl()).text().endsWith("#EXT-X-ENDLIST\n"));
            assertEquals(200, RawHttp.get(o.segmentUrl(0)).status());
        }
    }

    @Test
    void switchesRedirectsAndCookiesOnTheLiveOrigin() throws Exception {
        try (LiveHlsOrigin o = LiveHlsOrigin.builder().segmentSeconds(0.5).video(160, 120, 20).window(4).start()) {
            o.acceptRanges(false).requireCookie("edge", false).redirect("/index.m3u8", 302, o.localhostUrl("/live/index.m3u8"), 1);
            RawHttp.Response redirected = RawHttp.get(o.baseUrl() + "/index.m3u8");
            assertEquals(302, redirected.status());
            assertEquals(o.localhostUrl("/live/index.m3u8"), redirected.header("Location"));
            RawHttp.Response pl = RawHttp.get(o.localhostUrl("/live/index.m3u8"));
            assertNull(pl.header("Accept-Ranges"));
            String cookie = pl.header("Set-Cookie");
            cookie = cookie.substring(0, cookie.indexOf(';'));
            long s = o.newestSequence();
            assertEquals(403, RawHttp.get(o.segmentUrl(s)).status());
            assertEquals(200, RawHttp.get(o.segmentUrl(s), "Cookie: " + cookie).status());
            o.ignoreRange();
            RawHttp.Response whole = RawHttp.get(o.segmentUrl(s), "Cookie: " + cookie, "Range: bytes=10-20");
            assertEquals(200, whole.status());
            assertEquals(o.segmentBytes(s).length, whole.body().length);
            List<OriginRequest> log = o.requests();
            assertEquals("no_cookie", log.get(2).fault());
            assertEquals("bytes=10-20", log.get(4).range());
        }
    }

    /**
     * A live origin keeps only what its window and retention need: here 60 segments go by in
     * 3 s (0.05 s each) while a client fetches every one, and the origin never holds more than
     * window + retention (+ 2 made early), nor more keys or byte ranges than those segments need.
     */
    @Test
    void memoryStaysBoundedByWindowAndRetention() throws Exception {
        int window = 4;
        try (LiveHlsOrigin o = LiveHlsOrigin.builder().segmentSeconds(0.1).video(64, 48, 20).audio(false).poolSeconds(0.8)
                .window(window).encrypted(1).byteRanges(true).start()) {
            long first = o.newestSequence();
            long deadline = System.nanoTime() + 3_000_000_000L;
            int maxStored = 0;
            int maxKeys = 0;
            int maxRanges = 0;
            while (System.nanoTime() < deadline) {
                String pl = RawHttp.get(o.playlistUrl()).text();
                Matcher m = BYTERANGE.matcher(pl);
                String last = null;
                while (m.find()) last = m.group(2) + "-" + (Long.parseLong(m.group(2)) + Long.parseLong(m.group(1)) - 1);
                assertEquals(206, RawHttp.get(o.byteRangeFileUrl(), "Range: bytes=" + last).status(), pl);
                maxStored = Math.max(maxStored, o.storedSegments());
                maxKeys = Math.max(maxKeys, o.storedKeys());
                maxRanges = Math.max(maxRanges, o.storedByteRanges());
                Thread.sleep(20);
            }
            long published = o.newestSequence() - first;
            System.out.printf("origin memory: %d segments published, at most %d held, %d keys, %d byte ranges%n",
                    published, maxStored, maxKeys, maxRanges);
            assertTrue(published >= 20, "the clock ran: " + published);
            assertTrue(maxStored <= 2 * window + 2, "segments held: " + maxStored);
            assertTrue(maxKeys <= 2 * window + 2, "keys held: " + maxKeys);
            assertTrue(maxRanges <= 2 * window + 2, "byte ranges held: " + maxRanges);
        }
    }
}
