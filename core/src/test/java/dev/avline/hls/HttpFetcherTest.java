package dev.avline.hls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.avline.events.Event;
import dev.avline.events.PolicyRefusal;

/**
 * The fetcher against servers that misbehave the ways real origins do, each answer written byte by
 * byte: a body is accepted only whole, never spliced; resumes only on a matching 206; byte ranges
 * are right whether the origin honours Range or not; redirects are checked hop by hop.
 */
class HttpFetcherTest {
    private static final byte[] BODY = new byte[200_000];

    static {
        new Random(7).nextBytes(BODY);
    }

    private final List<Event> events = new CopyOnWriteArrayList<>();

    private HttpFetcher fetcher(UrlPolicy policy, String inputUrl, int attempts) {
        RequestProfile p = new RequestProfile(Map.of(), RequestProfile.DEFAULT_USER_AGENT, null, null, java.net.Proxy.NO_PROXY,
                Duration.ofSeconds(2), attempts, Set.of(), true, Duration.ofSeconds(1), Duration.ofMillis(200));
        UrlGuard guard = new UrlGuard(policy, inputUrl, "test", events::add);
        return new HttpFetcher(p, guard, new CookieJar(inputUrl, null), ms -> {
            try {
                Thread.sleep(ms);
                return true;
            } catch (InterruptedException e) {
                return false;
            }
        });
    }

    private static Map<String, String> headers(Object... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], String.valueOf(kv[i + 1]));
        return m;
    }

    private static byte[] bodyOf(BodyBuffer b) {
        return Arrays.copyOf(b.array(), b.length());
    }

    @Test
    void aResetMidBodyWithoutAcceptRangesRestartsFromByteZero() throws IOException {
        AtomicInteger n = new AtomicInteger();
        try (ScriptedHttpServer s = new ScriptedHttpServer((r, sock, out) -> {
            if (n.getAndIncrement() == 0) {
                ScriptedHttpServer.write(out, 200, "OK", headers("Content-Length", BODY.length), BODY, 0, BODY.length / 2);
                ScriptedHttpServer.reset(sock);
            } else {
                ScriptedHttpServer.write(out, 200, "OK", headers("Content-Length", BODY.length), BODY, 0, BODY.length);
            }
        })) {
            BodyBuffer b = new BodyBuffer();
            FetchResult r = fetcher(UrlPolicy.defaults(), s.url("/seg.ts"), 3).fetch(s.url("/seg.ts"), null, null, 1 << 20, b);
            assertTrue(r.ok(), r.toString());
            assertArrayEquals(BODY, bodyOf(b), "exactly the body, never the first half twice");
            assertEquals(2, s.requests.size());
            assertNull(s.requests.get(1).header("Range"), "no Accept-Ranges: the retry asks for the whole body");
        }
    }

    @Test
    void aShortBodyResumesOnlyOnA206WhoseContentRangeMatches() throws IOException {
        int half = BODY.length / 2;
        try (ScriptedHttpServer s = new ScriptedHttpServer((r, sock, out) -> {
            String range = r.header("Range");
            if (range == null) {
                ScriptedHttpServer.write(out, 200, "OK", headers("Content-Length", BODY.length, "Accept-Ranges", "bytes",
                        "ETag", "\"v1\""), BODY, 0, half);
            } else {
                assertEquals("bytes=" + half + "-", range);
                assertEquals("\"v1\"", r.header("If-Range"));
                ScriptedHttpServer.write(out, 206, "Partial Content", headers("Content-Length", BODY.length - half,
                        "Content-Range", "bytes " + half + "-" + (BODY.length - 1) + "/" + BODY.length), BODY, half, BODY.length);
            }
        })) {
            BodyBuffer b = new BodyBuffer();
            FetchResult r = fetcher(UrlPolicy.defaults(), s.url("/a.ts"), 3).fetch(s.url("/a.ts"), null, null, 1 << 20, b);
            assertTrue(r.ok(), r.toString());
            assertArrayEquals(BODY, bodyOf(b));
            assertEquals(2, s.requests.size());
        }
    }

    @Test
    void aResumeAnsweredWithTheWholeBodyOrTheWrongRangeIsNeverSpliced() throws IOException {
        int half = BODY.length / 2;
        for (String answer : new String[] {"whole", "wrong-range"}) {
            AtomicInteger n = new AtomicInteger();
            try (ScriptedHttpServer s = new ScriptedHttpServer((r, sock, out) -> {
                int i = n.getAndIncrement();
                if (i == 0) {
                    ScriptedHttpServer.write(out, 200, "OK", headers("Content-Length", BODY.length, "Accept-Ranges", "bytes",
                            "Last-Modified", "Tue, 01 Dec 2026 10:00:00 GMT"), BODY, 0, half);
                } else if (r.header("Range") != null && answer.equals("wrong-range")) {
                    // starts 100 bytes early: splicing it would duplicate 100 bytes
                    ScriptedHttpServer.write(out, 206, "Partial Content", headers("Content-Length", BODY.length - half + 100,
                            "Content-Range", "bytes " + (half - 100) + "-" + (BODY.length - 1) + "/" + BODY.length),
                            BODY, half - 100, BODY.length);
                } else {
                    ScriptedHttpServer.write(out, 200, "OK", headers("Content-Length", BODY.length), BODY, 0, BODY.length);
                }
            })) {
                BodyBuffer b = new BodyBuffer();
                FetchResult r = fetcher(UrlPolicy.defaults(), s.url("/a.ts"), 4).fetch(s.url("/a.ts"), null, null, 1 << 20, b);
                assertTrue(r.ok(), answer + ": " + r);
                assertArrayEquals(BODY, bodyOf(b), answer);
            }
        }
    }

    @Test
    void aByteRangeIsExactWhetherTheOriginHonoursRangeOrNot() throws IOException {
        SegmentRange range = new SegmentRange(50_000, 70_000);
        byte[] want = Arrays.copyOfRange(BODY, 70_000, 120_000);
        for (boolean honours : new boolean[] {true, false}) {
            try (ScriptedHttpServer s = new ScriptedHttpServer((r, sock, out) -> {
                if (honours) {
                    assertEquals("bytes=70000-119999", r.header("Range"));
                    ScriptedHttpServer.write(out, 206, "Partial Content", headers("Content-Length", 50_000,
                            "Content-Range", "bytes 70000-119999/" + BODY.length), BODY, 70_000, 120_000);
                } else {
                    ScriptedHttpServer.write(out, 200, "OK", headers("Content-Length", BODY.length), BODY, 0, BODY.length);
                }
            })) {
                BodyBuffer b = new BodyBuffer();
                FetchResult r = fetcher(UrlPolicy.defaults(), s.url("/all.ts"), 2).fetch(s.url("/all.ts"), null, range, 1 << 20, b);
                assertTrue(r.ok(), r.toString());
                assertArrayEquals(want, bodyOf(b), honours ? "206" : "Range ignored");
            }
        }
    }

    @Test
    void redirectsAreFollowedHopByHopAndEachHopIsChecked() throws IOException {
        try (ScriptedHttpServer s = new ScriptedHttpServer((r, sock, out) -> {
            switch (r.path()) {
                case "/a": ScriptedHttpServer.write(out, 302, "Found", headers("Location", "/b", "Content-Length", 0), null, 0, 0); break;
                case "/b": ScriptedHttpServer.write(out, 301, "Moved", headers("Location", "media/c.m3u8", "Content-Length", 0), null, 0, 0); break;
                case "/media/c.m3u8": ScriptedHttpServer.write(out, 200, "OK", headers("Content-Length", 8), "#EXTM3U\n".getBytes(), 0, 8); break;
                case "/evil":
                    ScriptedHttpServer.write(out, 307, "Temporary", headers("Location", "http://localhost:" + sockPort(sock) + "/x",
                            "Content-Length", 0), null, 0, 0);
                    break;
                default: ScriptedHttpServer.write(out, 404, "Not Found", headers("Content-Length", 0), null, 0, 0);
            }
        })) {
            BodyBuffer b = new BodyBuffer();
            HttpFetcher f = fetcher(UrlPolicy.defaults().allowHosts("127.0.0.1"), s.url("/a"), 1);
            FetchResult r = f.fetch(s.url("/a"), null, null, 1 << 20, b);
            assertTrue(r.ok(), r.toString());
            assertEquals(s.url("/media/c.m3u8"), r.finalUrl(), "the final URL is the base for relative URIs");
            FetchResult evil = f.fetch(s.url("/evil"), null, null, 1 << 20, b);
            assertEquals(FetchResult.Outcome.REFUSED, evil.outcome());
            assertTrue(evil.detail().contains("redirected to http://localhost") && evil.detail().contains("not in the allowed hosts"),
                    evil.detail());
            assertTrue(s.requests.stream().noneMatch(q -> q.path().equals("/x")), "the refused hop was never requested");
            assertTrue(events.stream().anyMatch(e -> e instanceof PolicyRefusal), events.toString());
        }
    }

    private static int sockPort(java.net.Socket s) {
        return s.getLocalPort();
    }

    @Test
    void cookiesSetByTheOriginAreSentBack() throws IOException {
        try (ScriptedHttpServer s = new ScriptedHttpServer((r, sock, out) -> {
            if (r.path().equals("/index.m3u8")) {
                ScriptedHttpServer.write(out, 200, "OK", headers("Content-Length", 8, "Set-Cookie", "token=abc123; Path=/"),
                        "#EXTM3U\n".getBytes(), 0, 8);
            } else if ("token=abc123".equals(r.header("Cookie"))) {
                ScriptedHttpServer.write(out, 200, "OK", headers("Content-Length", 4), "data".getBytes(), 0, 4);
            } else {
                ScriptedHttpServer.write(out, 403, "Forbidden", headers("Content-Length", 0), null, 0, 0);
            }
        })) {
            BodyBuffer b = new BodyBuffer();
            HttpFetcher f = fetcher(UrlPolicy.defaults(), s.url("/index.m3u8"), 1);
            assertTrue(f.fetch(s.url("/index.m3u8"), null, null, 1 << 20, b).ok());
            FetchResult seg = f.fetch(s.url("/seg1.ts"), s.url("/index.m3u8"), null, 1 << 20, b);
            assertTrue(seg.ok(), seg.toString());
        }
    }

    @Test
    void credentialsInTheUrlAreSentAsBasicAuthentication() throws IOException {
        try (ScriptedHttpServer s = new ScriptedHttpServer((r, sock, out) -> {
            boolean ok = ("Basic " + java.util.Base64.getEncoder().encodeToString("alice:s3cret".getBytes()))
                    .equals(r.header("Authorization"));
            ScriptedHttpServer.write(out, ok ? 200 : 401, ok ? "OK" : "Unauthorized", headers("Content-Length", 0), null, 0, 0);
        })) {
            String url = s.url("/x").replace("http://", "http://alice:s3cret@");
            assertTrue(fetcher(UrlPolicy.defaults(), url, 1).fetch(url, null, null, 100, new BodyBuffer()).ok());
        }
    }

    @Test
    void privateAddressesAreRefusedWhenThePolicySaysSo() throws IOException {
        try (ScriptedHttpServer s = new ScriptedHttpServer((r, sock, out) ->
                ScriptedHttpServer.write(out, 200, "OK", headers("Content-Length", 0), null, 0, 0))) {
            BodyBuffer b = new BodyBuffer();
            FetchResult r = fetcher(UrlPolicy.defaults().refusePrivateAddresses(true), s.url("/x"), 1).fetch(s.url("/x"), null, null, 100, b);
            assertEquals(FetchResult.Outcome.REFUSED, r.outcome());
            assertTrue(r.detail().contains("private address (127.0.0.1)"), r.detail());
            assertTrue(s.requests.isEmpty());
            assertTrue(fetcher(UrlPolicy.defaults(), s.url("/x"), 1).fetch(s.url("/x"), null, null, 100, b).ok(),
                    "a loopback input may use loopback addresses by default");
            assertTrue(UrlPolicy.defaults().refusesPrivateAddresses("http://93.184.216.34/live.m3u8"), "a public input refuses them");
        }
    }

    @Test
    void errorsAreTold() throws IOException {
        AtomicInteger n = new AtomicInteger();
        try (ScriptedHttpServer s = new ScriptedHttpServer((r, sock, out) -> {
            switch (r.path()) {
                case "/503": ScriptedHttpServer.write(out, 503, "Busy", headers("Content-Length", 0, "Retry-After", 0), null, 0, 0); break;
                case "/big": ScriptedHttpServer.write(out, 200, "OK", headers("Content-Length", BODY.length), BODY, 0, BODY.length); break;
                case "/bignolength": ScriptedHttpServer.write(out, 200, "OK", headers(), BODY, 0, BODY.length); break;
                default: n.incrementAndGet(); ScriptedHttpServer.write(out, 404, "Not Found", headers("Content-Length", 0), null, 0, 0);
            }
        })) {
            BodyBuffer b = new BodyBuffer();
            HttpFetcher f = fetcher(UrlPolicy.defaults(), s.url("/"), 3);
            FetchResult nf = f.fetch(s.url("/missing"), null, null, 100, b);
            assertEquals(404, nf.httpStatus());
            assertTrue(nf.permanent(c -> false));
            assertEquals(1, n.get(), "a 404 is not retried");
            FetchResult busy = f.fetch(s.url("/503"), null, null, 100, b);
            assertEquals(3, busy.attempts());
            assertTrue(!busy.permanent(c -> false));
            assertEquals(FetchResult.Outcome.TOO_LARGE, f.fetch(s.url("/big"), null, null, 1000, b).outcome());
            assertEquals(FetchResult.Outcome.TOO_LARGE, f.fetch(s.url("/bignolength"), null, null, 1000, b).outcome());
        }
    }

    @Test
    void cancelEndsARequestThatGetsNoByte() throws Exception {
        try (ScriptedHttpServer s = new ScriptedHttpServer((r, sock, out) -> {
            try {
                Thread.sleep(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        })) {
            HttpFetcher f = fetcher(UrlPolicy.defaults(), s.url("/"), 3);
            Thread stopper = new Thread(() -> {
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    return;
                }
                f.cancel();
            });
            stopper.start();
            long t = System.nanoTime();
            FetchResult r = f.fetch(s.url("/slow"), null, null, 100, new BodyBuffer());
            double took = (System.nanoTime() - t) / 1e9;
            assertEquals(FetchResult.Outcome.CANCELLED, r.outcome(), r.toString());
            assertTrue(took < 1.5, "took " + took + " s");
        }
    }
}
