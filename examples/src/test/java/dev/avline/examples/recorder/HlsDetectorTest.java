package dev.avline.examples.recorder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/** Which remote inputs go to avline's live client: by the path when it says, else by one probe on loopback. */
class HlsDetectorTest {
    private static final byte[] PLAYLIST = "#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2,\nseg0.ts\n".getBytes(StandardCharsets.UTF_8);

    private HttpServer server;
    private final List<HttpExchange> seen = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final HlsDetector detector = new HlsDetector(Duration.ofMillis(1500));

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "detector-test-origin");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::answer);
        server.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
    }

    private void answer(HttpExchange x) throws IOException {
        seen.add(x);
        String path = x.getRequestURI().getPath();
        switch (path) {
            case "/channel/live" -> send(x, "application/vnd.apple.mpegurl", PLAYLIST);
            case "/play.php" -> send(x, "text/plain", ("\uFEFF \n" + new String(PLAYLIST, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
            case "/tv/stream" -> send(x, "video/mp2t", new byte[] {0x47, 0x40, 0x00, 0x10});
            case "/blob" -> send(x, "application/octet-stream", new byte[] {0x47, 0x40, 0x00, 0x10, 0, 0, 0, 0});
            case "/private" -> {
                String auth = x.getRequestHeaders().getFirst("Authorization");
                if ("Basic YWxpY2U6czNjcmV0".equals(auth)) send(x, "application/x-mpegURL", PLAYLIST); // alice:s3cret
                else status(x, 401);
            }
            case "/stall" -> {
                x.getResponseHeaders().add("Content-Type", "application/octet-stream");
                x.sendResponseHeaders(200, 0); // chunked, and then nothing
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                x.close();
            }
            default -> status(x, 404);
        }
    }

    private static void send(HttpExchange x, String type, byte[] body) throws IOException {
        x.getResponseHeaders().add("Content-Type", type);
        x.sendResponseHeaders(200, body.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(body);
        }
    }

    private static void status(HttpExchange x, int code) throws IOException {
        x.sendResponseHeaders(code, -1);
        x.close();
    }

    private String url(String pathAndQuery) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + pathAndQuery;
    }

    @Test
    void thePathDecidesWithoutARequestWhenItCan() {
        assertTrue(detector.isHls(url("/a/index.m3u8?token=x"), Map.of()));
        assertTrue(detector.isHls(url("/a/LIST.M3U"), Map.of()));
        assertFalse(detector.isHls(url("/a/stream.ts"), Map.of()));
        assertFalse(detector.isHls(url("/a/movie.mp4?sig=1"), Map.of()));
        assertFalse(detector.isHls(url("/a/manifest.mpd"), Map.of()));
        assertEquals(List.of(), seen, "nothing was requested");
    }

    @Test
    void aUrlThatDoesNotSayIsProbedWithTheUsersHeaders() {
        assertTrue(detector.isHls(url("/channel/live"), Map.of("X-Token", "abc", "User-Agent", "my-server/1.0")));
        assertEquals("abc", seen.get(0).getRequestHeaders().getFirst("X-Token"));
        assertEquals("my-server/1.0", seen.get(0).getRequestHeaders().getFirst("User-Agent"));
        assertTrue(detector.isHls(url("/play.php?id=7"), Map.of()), "text/plain, but the body is a playlist");
        assertFalse(detector.isHls(url("/tv/stream"), Map.of()), "a media Content-Type");
        assertFalse(detector.isHls(url("/blob"), Map.of()), "a body that is not a playlist");
    }

    @Test
    void credentialsInTheUrlAreSentAsFfmpegWould() {
        assertTrue(detector.isHls(url("/private").replace("http://", "http://alice:s3cret@"), Map.of()));
        assertFalse(detector.isHls(url("/private"), Map.of()), "401 without them: not known to be HLS");
    }

    @Test
    void whatCannotBeToldIsLeftToFfmpeg() {
        assertFalse(detector.isHls(url("/missing"), Map.of()), "404");
        assertFalse(detector.isHls("http://127.0.0.1:1/nothing-listens-here", Map.of()), "connection refused");
        long t = System.nanoTime();
        assertFalse(detector.isHls(url("/stall"), Map.of()), "headers, then no byte");
        double took = (System.nanoTime() - t) / 1e9;
        assertTrue(took < 5, "the probe is bounded: " + took + " s");
    }

    @Test
    void extensionOfTheLastPathSegment() {
        assertEquals("m3u8", HlsDetector.extension("/a.b/c.M3U8"));
        assertEquals("", HlsDetector.extension("/a.b/c"));
        assertEquals("", HlsDetector.extension(null));
    }
}
