package dev.avline.corpus;

import static dev.avline.corpus.Expectation.fails;
import static dev.avline.corpus.Expectation.records;

import java.util.ArrayList;
import java.util.List;

import dev.avline.hls.UrlPolicy;
import dev.avline.testkit.OriginRequest;
import dev.avline.testkit.PlaylistTimeline;

/**
 * Ordinary server behaviours a client meets: no {@code Accept-Ranges}, {@code Range} ignored,
 * connections reset and bodies cut short mid-segment, redirects (relative, chained, to another
 * host, refused by the URL policy), session cookies with renewal, chunked and slow bodies,
 * transient 503s. Each is checked in the request log as well as in the output.
 */
final class ServerCases {
    private ServerCases() {
    }

    static List<CorpusCase> all() {
        List<CorpusCase> c = new ArrayList<>();
        c.add(CorpusCase.named("server-reset-no-accept-ranges", "no Accept-Ranges; a segment's first response reset after half its body",
                        "dynamic origins (issue 8 §5)")
                .serve("/rst/index.m3u8", (o, m) -> {
                    vod(o, m, "/rst/");
                    o.acceptRanges(false).resetMidBody("/rst/seg_2.ts", 1);
                }).check(both(faultHappened("reset"), noBodyTwice())).expect(records(6)));
        c.add(CorpusCase.named("server-short-body", "a segment's Content-Length larger than what is sent, then the connection closes",
                        "truncating proxies and origins (issue 8 §5)")
                .serve("/short/index.m3u8", (o, m) -> {
                    vod(o, m, "/short/");
                    o.acceptRanges(false).shortBody("/short/seg_3.ts", 1);
                }).check(both(faultHappened("short"), noBodyTwice())).expect(records(6)));
        c.add(CorpusCase.named("server-reset-live", "live, no Accept-Ranges, a segment reset mid-body", "issue 8 §5 (60 s fault origin)")
                .serve("/rstl/index.m3u8", (o, m) -> {
                    o.putTimed("/rstl/index.m3u8", PlaylistTimeline.live(Pl.vod(m.ts, 6, "seg_%d.ts"), 3, false));
                    Pl.put(o, "/rstl/seg_%d.ts", m.ts.segments());
                    o.acceptRanges(false).resetMidBody("/rstl/seg_3.ts", 1);
                }).live(4).check(both(faultHappened("reset"), noBodyTwice())).expect(records(4)));
        c.add(CorpusCase.named("server-range-ignored", "byte-range segments from an origin that ignores Range (200, whole file)",
                        "CDNs without range support (RFC 9110 §14.2 allows it)")
                .serve("/noranges/index.m3u8", (o, m) -> {
                    singleFile(o, m, "/noranges/");
                    o.acceptRanges(false).ignoreRange();
                }).expect(records(6)));
        c.add(CorpusCase.named("server-byterange-reset", "byte-range segment request reset mid-body", "issue 8 §2, §7")
                .serve("/brrst/index.m3u8", (o, m) -> {
                    singleFile(o, m, "/brrst/");
                    o.resetMidBody("/brrst/main.ts", 2);
                }).check(both(faultHappened("reset"), noBodyTwice())).expect(records(6)));
        c.add(CorpusCase.named("server-redirect-relative", "playlist 302 with a relative Location; segments relative to the final URL",
                        "RFC 9110 §10.2.2; RFC 8216 §4.1 (URIs relative to the playlist's URI)")
                .serve("/r/index.m3u8", (o, m) -> {
                    vod(o, m, "/moved/");
                    o.redirect("/r/index.m3u8", 302, "../moved/index.m3u8");
                }).expect(records(6)));
        c.add(CorpusCase.named("server-redirect-chain", "301 → 307 → 308 chain, one hop to the other loopback name",
                        "RFC 9110 §15.4; CDN edge hand-offs")
                .serve("/chain/index.m3u8", (o, m) -> {
                    vod(o, m, "/c3/");
                    o.redirect("/chain/index.m3u8", 301, "/c1/index.m3u8");
                    o.redirect("/c1/index.m3u8", 307, o.localhostUrl("/c2/index.m3u8"));
                    o.redirect("/c2/index.m3u8", 308, "/c3/index.m3u8");
                }).expect(records(6)));
        c.add(CorpusCase.named("server-redirect-segments", "every segment 302 to an absolute URL on another host",
                        "CDN request routing (edge redirects)")
                .serve("/rseg/index.m3u8", (o, m) -> {
                    o.putPlaylist("/rseg/index.m3u8", Pl.vod(m.ts, 6, "seg_%d.ts"));
                    for (int i = 0; i < 6; i++) {
                        o.redirect("/rseg/seg_" + i + ".ts", 302, o.localhostUrl("/edge7/rseg/seg_" + i + ".ts"));
                        o.put("/edge7/rseg/seg_" + i + ".ts", m.ts.segments().get(i));
                    }
                }).expect(records(6)));
        c.add(CorpusCase.named("server-redirect-refused-by-policy", "a redirect to a host the URL policy does not allow",
                        "issue 8 §6 (redirects must not bypass allowHosts)")
                .serve("/pol/index.m3u8", (o, m) -> {
                    vod(o, m, "/pol2/");
                    o.redirect("/pol/index.m3u8", 302, o.localhostUrl("/pol2/index.m3u8"));
                }).settings(s -> s.urlPolicy(UrlPolicy.defaults().allowHosts("127.0.0.1")))
                .check((log, o) -> log.stream().anyMatch(r -> r.host() != null && r.host().startsWith("localhost"))
                        ? "a request reached localhost, which the policy does not allow" : null)
                .expect(fails(FailureCases.PERMANENT, "localhost", "not allowed", "allowHosts")));
        c.add(CorpusCase.named("server-cookie-session", "Set-Cookie on the playlist, 403 on segments without it",
                        "token-cookie origins (CloudFront signed cookies, Akamai hdntl)")
                .serve("/ck/index.m3u8", (o, m) -> {
                    vod(o, m, "/ck/");
                    o.requireCookie("session", false);
                }).check(cookieOnEveryRequest("session")).expect(records(6)));
        c.add(CorpusCase.named("server-cookie-renewal-live", "live: a new cookie token on each playlist response, old ones expire",
                        "Akamai token renewal (hdntl), issue 8 §8")
                .serve("/ckl/index.m3u8", (o, m) -> {
                    o.putTimed("/ckl/index.m3u8", PlaylistTimeline.live(Pl.vod(m.ts, 6, "seg_%d.ts"), 3, false));
                    Pl.put(o, "/ckl/seg_%d.ts", m.ts.segments());
                    o.requireCookie("hdntl", true);
                }).live(4).check(cookieOnEveryRequest("hdntl")).expect(records(4)));
        c.add(CorpusCase.named("server-chunked", "playlists and segments with Transfer-Encoding: chunked", "RFC 9112 §7.1; dynamic origins")
                .serve("/chunked/index.m3u8", (o, m) -> {
                    vod(o, m, "/chunked/");
                    o.chunked(true);
                }).expect(records(6)));
        c.add(CorpusCase.named("server-slow-bodies", "bodies at 400 kB/s (each segment takes a good part of its duration)",
                        "congested origins")
                .serve("/slow/index.m3u8", (o, m) -> {
                    vod(o, m, "/slow/");
                    o.slowBodies(400_000);
                }).expect(records(6)));
        c.add(CorpusCase.named("server-segment-503-twice", "a segment answers 503 twice, then 200", "overloaded origins (RFC 9110 §15.6.4)")
                .serve("/busy/index.m3u8", (o, m) -> {
                    vod(o, m, "/busy/");
                    o.failPath("/busy/seg_1.ts", 503, 2);
                }).check(faultHappened("status")).expect(records(6)));
        return c;
    }

    private static void vod(dev.avline.testkit.StaticOrigin o, CorpusMedia m, String dir) {
        o.putPlaylist(dir + "index.m3u8", Pl.vod(m.ts, 6, "seg_%d.ts", "#EXT-X-PLAYLIST-TYPE:VOD"));
        Pl.put(o, dir + "seg_%d.ts", m.ts.segments());
    }

    private static void singleFile(dev.avline.testkit.StaticOrigin o, CorpusMedia m, String dir) {
        o.putPlaylist(dir + "index.m3u8", Pl.m3u().line("#EXT-X-VERSION:4").line("#EXT-X-TARGETDURATION:1")
                .line("#EXT-X-MEDIA-SEQUENCE:0").line("#EXT-X-PLAYLIST-TYPE:VOD").ranges(m.tsSingle, "main.ts", false).end().text());
        o.put(dir + "main.ts", m.tsSingle.file());
    }

    /** The case's fault really happened (else the case tested nothing). */
    static CorpusCase.LogCheck faultHappened(String fault) {
        return (log, o) -> log.stream().anyMatch(r -> fault.equals(r.fault())) ? null
                : "the " + fault + " fault never happened: the client did not ask for that segment";
    }

    /**
     * No segment body (or byte range of one) was delivered whole twice: a retry after a cut
     * fetches what is missing once, it does not fetch everything again.
     */
    static CorpusCase.LogCheck noBodyTwice() {
        return (log, o) -> {
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (OriginRequest r : log) {
                if (r.pathOnly().endsWith(".m3u8") || r.fault() != null || (r.status() != 200 && r.status() != 206)) continue;
                String key = r.path() + " " + (r.range() == null ? "" : r.range());
                if (!seen.add(key)) return "delivered whole twice: " + key.trim();
            }
            return null;
        };
    }

    static CorpusCase.LogCheck both(CorpusCase.LogCheck a, CorpusCase.LogCheck b) {
        return (log, o) -> {
            String p = a.problem(log, o);
            return p != null ? p : b.problem(log, o);
        };
    }

    /** Every request but for playlists carried the cookie. */
    static CorpusCase.LogCheck cookieOnEveryRequest(String name) {
        return (log, o) -> {
            for (OriginRequest r : log) {
                if (r.pathOnly().endsWith(".m3u8")) continue;
                if (r.cookie() == null || !r.cookie().contains(name + "=")) return "request without the cookie: " + r.path();
            }
            return null;
        };
    }
}
