package dev.avline.hls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.avline.Avline;
import dev.avline.Input;
import dev.avline.Output;
import dev.avline.Recording;
import dev.avline.RecordingResult;
import dev.avline.events.Event;
import dev.avline.events.PolicyRefusal;
import dev.avline.testkit.LiveHlsOrigin;
import dev.avline.testkit.MediaReport;
import dev.avline.testkit.TestMedia;

/** Hostile playlists, the URL policy, extension_picky, and secrets kept out of events, errors and logs. */
class LivePolicyTest {
    @TempDir
    Path dir;

    private Path canary() {
        Path secret = dir.resolve("secret.ts");
        TestMedia.video(64, 48, 10).audioTracks(0).seconds(1).writeTo(secret, "mpegts");
        return secret;
    }

    private static List<PolicyRefusal> refusals(RecordingResult r) {
        return r.events().stream().filter(e -> e instanceof PolicyRefusal).map(e -> (PolicyRefusal) e).toList();
    }

    @Test
    void hostileSegmentUrisReadNothingLocalAndAreReported() throws Exception {
        Path secret = canary();
        try (LiveHlsOrigin origin = LiveCheck.origin()) {
            String evil = "#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXT-X-MEDIA-SEQUENCE:0\n"
                    + "#EXTINF:0.5,\n" + origin.segmentUrl(0) + "\n"
                    + "#EXTINF:0.5,\nfile://" + secret + "\n"
                    + "#EXTINF:0.5,\nconcat:" + origin.segmentUrl(1) + "|file:" + secret + "\n"
                    + "#EXTINF:0.5,\n" + origin.segmentUrl(3) + "\n#EXT-X-ENDLIST\n";
            origin.putResource("/evil/index.m3u8", "application/vnd.apple.mpegurl", evil);
            Path out = dir.resolve("evil.ts");
            RecordingResult r = Avline.record(Input.url(origin.baseUrl() + "/evil/index.m3u8"), Output.file(out),
                    LiveCheck.fast().liveStartIndex(0)).run();
            assertEquals(RecordingResult.State.DONE, r.state(), String.valueOf(r.failure()));
            MediaReport rep = LiveCheck.verify(r, out, 0.5, Set.of(1L, 2L));
            assertEquals(160, rep.video().width(), "nothing of the local file reached the output");
            assertEquals(2, refusals(r).size(), r.events().toString());
            assertTrue(refusals(r).stream().allMatch(p -> p.reason().contains("protocol is not allowed")));
            assertTrue(LiveCheck.gaps(r).get(0).reason().contains("URL policy"), LiveCheck.gaps(r).toString());
        }
    }

    @Test
    void dataUriPlaylistPointingAtALocalFileIsRefused() throws Exception {
        Path secret = canary();
        String pl = "#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXTINF:1,\nfile://" + secret + "\n#EXT-X-ENDLIST\n";
        String data = "data:application/vnd.apple.mpegurl;base64," + Base64.getEncoder().encodeToString(pl.getBytes(StandardCharsets.UTF_8));
        RecordingResult direct = Avline.record(Input.url(data), Output.file(dir.resolve("d.ts")), LiveCheck.fast()).run();
        assertEquals(RecordingResult.State.FAILED, direct.state());
        assertTrue(direct.failure().getMessage().contains("data: protocol is not allowed"), direct.failure().getMessage());
        assertEquals(1, refusals(direct).size());
        assertFalse(Files.exists(dir.resolve("d.ts")), "no output for a refused input");

        try (LiveHlsOrigin origin = LiveCheck.origin()) {
            origin.putResource("/master.m3u8", "application/vnd.apple.mpegurl",
                    "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=100000\n" + data + "\n");
            RecordingResult viaMaster = Avline.record(Input.url(origin.baseUrl() + "/master.m3u8"),
                    Output.file(dir.resolve("m.ts")), LiveCheck.fast()).run();
            assertEquals(RecordingResult.State.FAILED, viaMaster.state());
            assertTrue(viaMaster.failure().getMessage().contains("refused by the URL policy"), viaMaster.failure().getMessage());
            assertEquals(1, refusals(viaMaster).size());
        }
    }

    @Test
    void hostAllowListRefusesOtherHosts() {
        try (LiveHlsOrigin origin = LiveCheck.origin()) {
            RecordingResult r = Avline.record(Input.url(origin.playlistUrl()), Output.file(dir.resolve("h.ts")),
                    LiveCheck.fast().urlPolicy(UrlPolicy.defaults().allowHosts("cdn.example.com"))).run();
            assertEquals(RecordingResult.State.FAILED, r.state());
            assertTrue(r.failure().getMessage().contains("not in the allowed hosts"), r.failure().getMessage());
            assertTrue(origin.requests().isEmpty(), "nothing was requested");
        }
    }

    @Test
    void extensionlessAndPhpSegmentUrlsWorkUnlessExtensionPickyIsOn() throws Exception {
        for (String pattern : new String[] {"media.php?n=%d", "chunk/%d"}) {
            try (LiveHlsOrigin origin = LiveHlsOrigin.builder().segmentSeconds(0.5).video(160, 120, 20).window(4)
                    .segmentUri(pattern).start()) {
                origin.endList();
                Path out = dir.resolve("php.ts");
                RecordingResult ok = Avline.record(Input.url(origin.playlistUrl()), Output.file(out).overwrite(true),
                        LiveCheck.fast().liveStartIndex(0)).run();
                assertEquals(RecordingResult.State.DONE, ok.state(), pattern + ": " + ok.failure());
                LiveCheck.verify(ok, out, 0.5, Set.of());
                assertEquals(4, LiveCheck.delivered(ok).size());

                RecordingResult picky = Avline.record(Input.url(origin.playlistUrl()), Output.file(dir.resolve("picky.ts")),
                        LiveCheck.fast().liveStartIndex(0).extensionPicky(true).outageBudget(Duration.ofSeconds(1))).run();
                assertEquals(RecordingResult.State.FAILED, picky.state(), pattern);
                assertEquals(0, picky.packets(), pattern);
            }
        }
    }

    @Test
    void tokensNeverAppearInEventsErrorsOrLogs() throws Exception {
        String token = "SECRETTOKEN0123456789abcdef0123456789";
        PrintStream err = System.err;
        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        RecordingResult r;
        try (LiveHlsOrigin origin = LiveHlsOrigin.builder().segmentSeconds(0.5).video(160, 120, 20).window(6)
                .segmentUri("seg_%d.ts?token=" + token).start()) {
            System.setErr(new PrintStream(logs, true, StandardCharsets.UTF_8));
            try (Recording rec = Avline.record(Input.url(origin.playlistUrl() + "?token=" + token + "&user=u"),
                    Output.file(dir.resolve("t.ts")), LiveCheck.fast()).start()) {
                long target = origin.nextSequence() + 1;
                origin.notFound(target);
                origin.resetMidBody(target + 1);
                while (origin.newestSequence() < target + 3) Thread.sleep(20);
                origin.failPlaylist(503, Duration.ofMillis(1500));
                Thread.sleep(2500);
                origin.endList();
                r = rec.await(Duration.ofSeconds(30));
            }
        } finally {
            System.setErr(err);
        }
        assertTrue(r.succeeded(), String.valueOf(r.failure()));
        assertTrue(LiveCheck.count(r, "gap") >= 1, r.events().toString());
        for (Event e : r.events()) assertFalse(e.details().toString().contains(token), e.toString());
        String logged = logs.toString(StandardCharsets.UTF_8);
        assertTrue(logged.contains("token=***"), "the log mentions the redacted URL: " + logged.length());
        assertFalse(logged.contains(token), "a token in the logs");
    }
}
