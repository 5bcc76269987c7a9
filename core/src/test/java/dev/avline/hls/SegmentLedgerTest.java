package dev.avline.hls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The live state machine, transition by transition, with no network and no clock. */
class SegmentLedgerTest {
    private static MediaPlaylist live(long first, int count, String extra) {
        StringBuilder b = new StringBuilder("#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:" + first + "\n" + extra);
        for (int i = 0; i < count; i++) b.append("#EXTINF:2.0,\ns").append(first + i).append(".ts\n");
        byte[] t = b.toString().getBytes(StandardCharsets.UTF_8);
        return (MediaPlaylist) PlaylistParser.parse(t, t.length, "http://h/i.m3u8", Map.of());
    }

    private static long fetchAndFeed(SegmentLedger l) {
        SegmentLedger.Fetch f = assertInstanceOf(SegmentLedger.Fetch.class, l.next());
        long s = f.segment().sequence();
        l.fetched(s);
        assertNull(l.fed(s));
        return s;
    }

    @Test
    void liveStartsThreeFromTheEndVodAndEventFromTheFirst() {
        SegmentLedger l = new SegmentLedger(-3);
        l.learn(live(10, 6, ""));
        assertEquals(13, l.cursor());
        SegmentLedger vod = new SegmentLedger(-3);
        vod.learn(live(10, 6, "#EXT-X-PLAYLIST-TYPE:VOD\n"));
        assertEquals(10, vod.cursor());
        SegmentLedger event = new SegmentLedger(-3);
        event.learn(live(10, 6, "#EXT-X-PLAYLIST-TYPE:EVENT\n"));
        assertEquals(10, event.cursor());
        SegmentLedger ended = new SegmentLedger(-3);
        MediaPlaylist p = live(10, 4, "");
        ended.learn(new MediaPlaylist(p.url(), 2, 10, null, true, false, null, 0, p.segments(), Map.of()));
        assertEquals(10, ended.cursor(), "a playlist with ENDLIST is recorded whole");
    }

    @Test
    void segmentsAreFedOnceInOrderThenWaitThenEnd() {
        SegmentLedger l = new SegmentLedger(0);
        l.learn(live(5, 2, ""));
        assertEquals(5, fetchAndFeed(l));
        assertEquals(SegmentLedger.Phase.LISTED, l.phase(6));
        l.fetched(6);
        assertEquals(SegmentLedger.Phase.FETCHED, l.phase(6));
        assertNull(l.fed(6));
        assertInstanceOf(SegmentLedger.Wait.class, l.next());
        assertEquals(SegmentLedger.Learned.NOTHING_NEW, l.learn(live(5, 2, "")));
        assertEquals(SegmentLedger.Learned.NEW_SEGMENTS, l.learn(live(6, 2, "")));
        assertEquals(7, fetchAndFeed(l));
        MediaPlaylist p = live(7, 1, "");
        l.learn(new MediaPlaylist(p.url(), 2, 7, null, true, false, null, 0, p.segments(), Map.of()));
        assertInstanceOf(SegmentLedger.End.class, l.next());
        assertNull(l.finish());
        assertTrue(l.size() <= 1, "nothing behind the cursor is kept: " + l.size());
    }

    @Test
    void aPermanentFailureIsOneLossReportedWhenTheNextSegmentIsFed() {
        SegmentLedger l = new SegmentLedger(0);
        l.learn(live(1, 4, ""));
        fetchAndFeed(l);
        l.lost(2, "HTTP 404");
        SegmentLedger.Fetch f = assertInstanceOf(SegmentLedger.Fetch.class, l.next());
        assertEquals(3, f.segment().sequence());
        SegmentLedger.Loss loss = l.fed(3);
        assertEquals(new SegmentLedger.Loss(2, 2, 2.0, false, "HTTP 404"), loss);
        assertNull(l.fed(4));
    }

    @Test
    void transientFailuresAreRetriedWithinPatienceThenLost() {
        SegmentLedger l = new SegmentLedger(0);
        l.learn(live(1, 3, ""));
        long t = 0;
        assertTrue(l.failedTransiently(1, "reset", t));
        assertTrue(l.failedTransiently(1, "reset", t += 1_000_000_000L));
        assertTrue(l.failedTransiently(1, "reset", t += 1_000_000_000L), "3 failures but only 2 s of the 4 s patience");
        assertEquals(1, ((SegmentLedger.Fetch) l.next()).segment().sequence());
        assertFalse(l.failedTransiently(1, "reset", t += 3_000_000_000L));
        assertEquals(2, ((SegmentLedger.Fetch) l.next()).segment().sequence());
        l.fetched(2);
        assertEquals("reset", l.fed(2).reason());
    }

    @Test
    void segmentsThatExpireBeforeTheyAreFetchedAreLostAsExpired() {
        SegmentLedger l = new SegmentLedger(0);
        l.learn(live(1, 3, ""));
        fetchAndFeed(l);
        l.learn(live(6, 3, "")); // 2..3 were listed, 4..5 never seen
        SegmentLedger.Fetch f = (SegmentLedger.Fetch) l.next();
        assertEquals(6, f.segment().sequence());
        SegmentLedger.Loss loss = l.fed(6);
        assertEquals(2, loss.first());
        assertEquals(5, loss.last());
        assertTrue(loss.estimated(), "4 and 5 were never listed");
        assertEquals(8.0, loss.seconds(), 1e-9);
        assertTrue(loss.reason().contains("expired"), loss.reason());
    }

    @Test
    void programDateTimeGivesTheLostDuration() {
        SegmentLedger l = new SegmentLedger(0);
        l.learn(live(1, 1, "#EXT-X-PROGRAM-DATE-TIME:2026-12-01T10:00:00Z\n"));
        fetchAndFeed(l);
        l.learn(live(9, 1, "#EXT-X-PROGRAM-DATE-TIME:2026-12-01T10:00:30Z\n"));
        SegmentLedger.Loss loss = l.fed(((SegmentLedger.Fetch) l.next()).segment().sequence());
        assertEquals(28.0, loss.seconds(), 1e-9, "30 s between the starts, minus the 2 s segment recorded");
    }

    @Test
    void gapTagsAreLostWithoutAFetch() {
        SegmentLedger l = new SegmentLedger(0);
        byte[] t = ("#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2,\na.ts\n#EXT-X-GAP\n#EXTINF:2,\nb.ts\n#EXTINF:2,\nc.ts\n")
                .getBytes(StandardCharsets.UTF_8);
        l.learn((MediaPlaylist) PlaylistParser.parse(t, t.length, "http://h/i.m3u8", Map.of()));
        fetchAndFeed(l);
        SegmentLedger.Fetch f = (SegmentLedger.Fetch) l.next();
        assertEquals(2, f.segment().sequence(), "b.ts (EXT-X-GAP) is not fetched");
        assertTrue(l.fed(2).reason().contains("EXT-X-GAP"));
    }

    @Test
    void aRestartOfTheNumberingStartsANewRunAtTheOldestListed() {
        SegmentLedger l = new SegmentLedger(-1);
        l.learn(live(100, 3, ""));
        assertEquals(102, fetchAndFeed(l));
        assertEquals(SegmentLedger.Learned.NOTHING_NEW, l.learn(live(99, 3, "")), "a stale playlist is not a restart");
        assertEquals(SegmentLedger.Learned.RESTARTED, l.learn(live(0, 2, "")));
        SegmentLedger.Fetch f = (SegmentLedger.Fetch) l.next();
        assertEquals(0, f.segment().sequence());
        assertTrue(l.startsNewRun(f.segment()));
    }

    @Test
    void runsEndAtDiscontinuitiesAndNewInitSections() {
        SegmentLedger l = new SegmentLedger(0);
        byte[] t = ("#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXT-X-MAP:URI=\"i1.mp4\"\n#EXTINF:2,\na.m4s\n#EXTINF:2,\nb.m4s\n"
                + "#EXT-X-MAP:URI=\"i2.mp4\"\n#EXTINF:2,\nc.m4s\n#EXT-X-DISCONTINUITY\n#EXTINF:2,\nd.m4s\n").getBytes(StandardCharsets.UTF_8);
        l.learn((MediaPlaylist) PlaylistParser.parse(t, t.length, "http://h/i.m3u8", Map.of()));
        assertTrue(l.startsNewRun(((SegmentLedger.Fetch) l.next()).segment()), "the first segment starts the first run");
        fetchAndFeed(l);
        assertFalse(l.startsNewRun(((SegmentLedger.Fetch) l.next()).segment()));
        fetchAndFeed(l);
        assertTrue(l.startsNewRun(((SegmentLedger.Fetch) l.next()).segment()), "another init section");
        fetchAndFeed(l);
        assertTrue(l.startsNewRun(((SegmentLedger.Fetch) l.next()).segment()), "a discontinuity");
    }
}
