package dev.avline.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

/** The origin's fragmented MP4, AES-128, media switches, init section changes, numbering restarts and stale playlists. */
class LiveHlsOriginFeaturesTest {
    private static String text(LiveHlsOriginTest.Raw r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    private static void waitFor(LiveHlsOrigin o, long seq) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (o.newestSequence() < seq && System.nanoTime() < deadline) Thread.sleep(20);
    }

    @Test
    void fragmentedMp4SegmentsFollowTheirInitSectionWithContinuousTimestamps() throws Exception {
        try (LiveHlsOrigin o = LiveHlsOrigin.builder().segmentSeconds(0.5).video(160, 120, 20).window(4).fmp4(true).start()) {
            String pl = text(LiveHlsOriginTest.get(o.playlistUrl()));
            assertTrue(pl.contains("#EXT-X-MAP:URI=\"init_0.mp4\"\n"), pl);
            assertTrue(pl.contains("seg_" + o.newestSequence() + ".m4s"), pl);
            long s = o.newestSequence();
            byte[] init = LiveHlsOriginTest.get(o.baseUrl() + "/live/init_0.mp4").body();
            ByteArrayOutputStream two = new ByteArrayOutputStream();
            two.write(init);
            two.write(LiveHlsOriginTest.get(o.segmentUrl(s - 1)).body());
            two.write(LiveHlsOriginTest.get(o.segmentUrl(s)).body());
            MediaReport r = MediaProbe.decodeAll(two.toByteArray(), "mp4");
            assertEquals(0, r.totalDecodeErrors(), r.toString());
            assertTrue(r.allDtsStrictlyIncreasing(), r.toString());
            assertEquals(20, r.video().frames(), r.toString());
            assertEquals(o.segmentStartSeconds(s - 1), r.video().firstPts(), 1e-3, "tfdt carries the live timeline");
            assertEquals(1.0, r.video().duration(), 0.06, r.toString());

            long next = o.newInitSection();
            waitFor(o, next);
            String later = text(LiveHlsOriginTest.get(o.playlistUrl()));
            assertTrue(later.contains("#EXT-X-MAP:URI=\"init_1.mp4\"\n"), later);
            assertFalse(later.substring(later.indexOf("init_1.mp4")).contains("#EXT-X-DISCONTINUITY"), "same media: no discontinuity");
            assertArrayEquals(init, LiveHlsOriginTest.get(o.baseUrl() + "/live/init_1.mp4").body(), "the same init at a new URI");
        }
    }

    @Test
    void aes128SegmentsDecryptWithTheirRotatingKeysAndKeysFailOnRequest() throws Exception {
        try (LiveHlsOrigin o = LiveHlsOrigin.builder().segmentSeconds(0.5).video(160, 120, 20).window(4).encrypted(2).start()) {
            String pl = text(LiveHlsOriginTest.get(o.playlistUrl()));
            assertTrue(pl.contains("#EXT-X-KEY:METHOD=AES-128,URI=\"key_"), pl);
            long s = o.newestSequence();
            byte[] key = LiveHlsOriginTest.get(o.keyUrl(s)).body();
            assertEquals(16, key.length);
            byte[] iv = new byte[16];
            for (int i = 0; i < 8; i++) iv[15 - i] = (byte) (s >>> (8 * i));
            Cipher c = Cipher.getInstance("AES/CBC/PKCS5Padding");
            c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
            byte[] clear = c.doFinal(LiveHlsOriginTest.get(o.segmentUrl(s)).body());
            MediaReport r = MediaProbe.decodeAll(clear, "mpegts");
            assertEquals(10, r.video().frames(), r.toString());
            assertEquals(0, r.totalDecodeErrors(), r.toString());
            long[] span = o.keySpan(s);
            assertEquals(1, span[1] - span[0], "two segments per key");
            assertTrue(span[0] <= s && s <= span[1]);

            o.failKey(s, 503, 1);
            assertEquals(503, LiveHlsOriginTest.get(o.keyUrl(s)).status());
            assertEquals(200, LiveHlsOriginTest.get(o.keyUrl(s)).status());
        }
    }

    @Test
    void mediaSwitchRestartAndStalePlaylistShowInThePlaylist() throws Exception {
        try (LiveHlsOrigin o = LiveHlsOrigin.builder().segmentSeconds(0.5).video(160, 120, 20).window(4)
                .startSequence(500).start()) {
            long switched = o.switchMedia(192, 144, 1);
            waitFor(o, switched);
            MediaReport r = MediaProbe.decodeAll(LiveHlsOriginTest.get(o.segmentUrl(switched)).body(), "mpegts");
            assertEquals(192, r.video().width(), r.toString());
            assertEquals(1, r.audio().channels(), r.toString());
            assertEquals(o.segmentStartSeconds(switched - 1) + 0.5, r.video().firstPts(), 1e-3, "timestamps continue");
            String pl = text(LiveHlsOriginTest.get(o.playlistUrl()));
            assertTrue(pl.contains("#EXT-X-DISCONTINUITY\n#EXTINF:0.500000,\nseg_" + switched + ".ts"), switched + ": " + pl);

            long before = o.newestSequence();
            o.stalePlaylist(2, Duration.ofMillis(300));
            String stale = text(LiveHlsOriginTest.get(o.playlistUrl()));
            assertFalse(stale.contains("seg_" + before + ".ts"), "two segments behind: " + stale);
            Thread.sleep(350);

            o.restartNumbering(0);
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (o.newestSequence() >= 500 && System.nanoTime() < deadline) Thread.sleep(20);
            String restarted = text(LiveHlsOriginTest.get(o.playlistUrl()));
            assertTrue(restarted.contains("#EXT-X-MEDIA-SEQUENCE:0\n"), restarted);
            assertFalse(restarted.contains("seg_5"), "only the new numbering: " + restarted);
            assertEquals(10.0, o.segmentStartSeconds(0), 1e-6, "timestamps start again");
        }
    }
}
