package dev.avline.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.avline.Avline;
import dev.avline.Input;
import dev.avline.Output;
import dev.avline.RecordingResult;

/** The test origin itself: real sockets, real faults, media that decodes. */
class LiveHlsOriginTest {
    static LiveHlsOrigin origin;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        origin = LiveHlsOrigin.builder().segmentSeconds(0.5).video(160, 120, 20).window(4).start();
    }

    @AfterAll
    static void stop() {
        origin.close();
    }

    /** A raw HTTP/1.1 GET: status line, headers and whatever body arrived before the connection ended. */
    record Raw(int status, String headers, byte[] body, IOException failure) {
        long contentLength() {
            for (String l : headers.split("\r\n")) {
                if (l.toLowerCase().startsWith("content-length:")) return Long.parseLong(l.substring(15).trim());
            }
            return -1;
        }
    }

    static Raw get(String url) throws IOException {
        RawHttp.Response r = RawHttp.get(url);
        return new Raw(r.status(), r.head(), r.body(), r.failure());
    }

    @Test
    void playlistSlidesInRealTimeAndSegmentsDecodeWithContinuousTimestamps() throws Exception {
        String first = new String(get(origin.playlistUrl()).body(), StandardCharsets.UTF_8);
        assertTrue(first.startsWith("#EXTM3U"), first);
        assertTrue(first.contains("#EXT-X-TARGETDURATION:1"), first);
        long seq = origin.newestSequence();
        Thread.sleep(1100);
        assertTrue(origin.newestSequence() >= seq + 2, "the live edge advances with the clock");
        String later = new String(get(origin.playlistUrl()).body(), StandardCharsets.UTF_8);
        assertFalse(later.equals(first));
        assertEquals(4, later.lines().filter(l -> l.startsWith("#EXTINF")).count(), later);

        long s = origin.newestSequence();
        Raw a = get(origin.segmentUrl(s - 1));
        Raw b = get(origin.segmentUrl(s));
        assertEquals(200, a.status());
        assertEquals(a.contentLength(), a.body().length);
        MediaReport ra = MediaProbe.decodeAll(a.body(), "mpegts");
        MediaReport rb = MediaProbe.decodeAll(b.body(), "mpegts");
        assertEquals(10, ra.video().frames(), ra.toString());
        assertEquals(0, ra.totalDecodeErrors() + rb.totalDecodeErrors());
        assertEquals(ra.video().firstPts() + 0.5, rb.video().firstPts(), 1e-6, "timestamps continue across segments");
        assertEquals(origin.segmentStartSeconds(s), rb.video().firstPts(), 1e-6);
        assertTrue(ra.audio().frames() > 20, ra.toString());
    }

    @Test
    void segmentFaultsReachTheSocket() throws Exception {
        long s = origin.newestSequence();
        origin.resetMidBody(s);
        Raw reset = get(origin.segmentUrl(s));
        assertTrue(reset.body().length < reset.contentLength(), "cut mid-body");
        Raw again = get(origin.segmentUrl(s));
        assertEquals(again.contentLength(), again.body().length, "the fault happens once");

        origin.shortBody(s - 1);
        Raw shortBody = get(origin.segmentUrl(s - 1));
        assertEquals(shortBody.contentLength() / 2, shortBody.body().length);

        origin.failSegment(s - 2, 503, 2);
        assertEquals(503, get(origin.segmentUrl(s - 2)).status());
        assertEquals(503, get(origin.segmentUrl(s - 2)).status());
        assertEquals(200, get(origin.segmentUrl(s - 2)).status());

        assertEquals(404, get(origin.segmentUrl(s + 100)).status(), "not yet published");
        assertTrue(origin.requests().stream().anyMatch(r -> "reset".equals(r.fault()) && r.sequence() == s));
    }

    @Test
    void playlistFaultsDiscontinuityAndEnd() throws Exception {
        try (LiveHlsOrigin o = LiveHlsOrigin.builder().segmentSeconds(0.5).video(160, 120, 20).window(3).start()) {
            o.failPlaylist(503, Duration.ofMillis(300));
            assertEquals(503, get(o.playlistUrl()).status());
            Thread.sleep(350);
            assertEquals(200, get(o.playlistUrl()).status());

            long d = o.discontinuity(true);
            assertEquals(o.segmentStartSeconds(0), o.segmentStartSeconds(d), 1e-6,
                    "timestamps went back to the stream's start (" + d + ")");
            while (o.newestSequence() < d) Thread.sleep(50);
            String pl = new String(get(o.playlistUrl()).body(), StandardCharsets.UTF_8);
            assertTrue(pl.contains("#EXT-X-DISCONTINUITY\n"), pl);

            o.endList();
            String ended = new String(get(o.playlistUrl()).body(), StandardCharsets.UTF_8);
            assertTrue(ended.trim().endsWith("#EXT-X-ENDLIST"), ended);

            long blackholeStart = System.nanoTime();
            o.blackhole(Duration.ofMillis(400));
            try (Socket sock = new Socket("127.0.0.1", o.port())) {
                sock.getOutputStream().write("GET /live/index.m3u8 HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                assertEquals(-1, sock.getInputStream().read(), "no byte, then the connection closes");
            }
            assertTrue(System.nanoTime() - blackholeStart >= 390_000_000L);
        }
    }

    @Test
    void ffmpegRecordsTheEndedStream() throws Exception {
        try (LiveHlsOrigin o = LiveHlsOrigin.builder().segmentSeconds(0.5).video(160, 120, 20).window(4).start()) {
            o.endList();
            Path out = dir.resolve("o.ts");
            RecordingResult r = Avline.copy(Input.url(o.playlistUrl()).option("live_start_index", "0"), Output.file(out)).run();
            assertEquals(RecordingResult.State.DONE, r.state(), String.valueOf(r.failure()));
            MediaReport rep = MediaProbe.decodeAll(out);
            assertEquals(40, rep.video().frames(), rep.toString());
            assertEquals(0, rep.totalDecodeErrors(), rep.toString());
            assertTrue(rep.allDtsStrictlyIncreasing(), rep.toString());
            assertTrue(Files.size(out) > 0);
        }
    }
}
