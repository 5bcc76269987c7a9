package dev.avline.examples.recorder.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.avline.Input;
import dev.avline.testkit.LiveHlsOrigin;
import dev.avline.testkit.MediaProbe;
import dev.avline.testkit.MediaReport;
import dev.avline.testkit.OriginRequest;
import dev.avline.testkit.TestMedia;
import dev.avline.transcode.LoudnessScan;

/**
 * The recorder program, run as a separate process from the shaded jar, against the test kit's live
 * HLS origin on 127.0.0.1 (short segments, published in real time, faults on demand). Checks the contract scripts rely on: exit
 * codes, JSON lines, messages naming the option or key, and a playable output after a signal.
 */
class RecorderProcessIT {
    private static final double SEGMENT = 1.0;
    private static final Duration RUN_LIMIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final List<LiveHlsOrigin> origins = new ArrayList<>();

    private LiveHlsOrigin start(LiveHlsOrigin.Builder b) {
        LiveHlsOrigin o = b.start();
        origins.add(o);
        return o;
    }

    /**
     * The usual origin: 1 s segments of 320x240. It starts with one segment, but the recorder's JVM
     * takes a few seconds to start: a recording finds a backlog of up to 3 segments before the live edge.
     */
    private LiveHlsOrigin origin() {
        if (origins.isEmpty()) start(LiveHlsOrigin.builder().segmentSeconds(SEGMENT).video(320, 240, 25).window(5).initialSegments(1));
        return origins.get(0);
    }

    @AfterEach
    void closeOrigins() {
        origins.forEach(LiveHlsOrigin::close);
    }

    private static void waitForSequence(LiveHlsOrigin o, long seq) throws InterruptedException {
        long deadline = System.nanoTime() + RUN_LIMIT.toNanos();
        while (o.newestSequence() < seq && System.nanoTime() < deadline) Thread.sleep(20);
    }

    private static List<JsonNode> json(List<String> lines) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String l : lines) out.add(JSON.readTree(l)); // every stdout line must be one JSON object
        return out;
    }

    /** Decodes every packet: no errors, DTS increasing, video and audio there. */
    private static MediaReport playable(Path file) {
        assertTrue(Files.isRegularFile(file), "no output at " + file);
        MediaReport r = MediaProbe.decodeAll(file);
        assertEquals(0, r.totalDecodeErrors(), r.toString());
        assertTrue(r.allDtsStrictlyIncreasing(), r.toString());
        assertTrue(r.video().frames() > 0, r.toString());
        assertTrue(r.audio().frames() > 0, r.toString());
        return r;
    }

    @Test
    void recordsLiveHlsToTsWithOneJsonObjectPerLine() throws Exception {
        Path out = dir.resolve("live.ts");
        // 5 s: more than the backlog a live recording starts with (3 segments), so it waits at the live edge too.
        try (RecorderProcess p = RecorderProcess.start(dir, "--duration", "5", "--progress", "json",
                "--stats-period", "0.2", origin().playlistUrl(), out.toString())) {
            assertEquals(0, p.exitCode(RUN_LIMIT), p.stderr());
            List<JsonNode> lines = json(p.stdoutLines());
            assertTrue(lines.size() >= 2, "snapshots and a last line: " + p.stdoutLines());
            for (JsonNode snap : lines.subList(0, lines.size() - 1)) {
                assertEquals("recording", snap.get("state").asText(), snap.toString());
                for (String f : new String[] {"out_time_seconds", "bytes", "frames", "fps", "speed", "bitrate_kbps",
                        "elapsed_seconds", "reconnects", "hardware"}) {
                    assertTrue(snap.has(f), f + " missing in " + snap);
                }
            }
            JsonNode last = lines.get(lines.size() - 1);
            assertEquals("done", last.get("state").asText(), last.toString());
            assertEquals("duration", last.get("ended_by").asText());
            assertEquals(out.toAbsolutePath().toString(), last.get("output").asText());
            assertEquals(Files.size(out), last.get("bytes").asLong(), "bytes are the file's size");
            assertTrue(last.get("events").isArray());
            JsonNode segments = last.get("segments");
            assertTrue(segments.get("count").asLong() >= 3, "live HLS is recorded by avline's client: " + last);
            assertTrue(segments.get("bytes").asLong() > 0, last.toString());
            for (JsonNode e : last.get("events")) assertFalse("segment".equals(e.get("kind").asText()), "segments are counted: " + e);
            double reported = last.get("duration_seconds").asDouble();
            assertEquals(5.0, reported, SEGMENT, "--duration honoured within one segment");

            MediaReport r = playable(out);
            assertEquals(5.0, r.video().duration(), SEGMENT, r.toString());
            assertEquals("mpegts", r.format());
        }
    }

    @Test
    void configFileInTheFieldsSchemaWithFlagsOverridingIt() throws Exception {
        Path cfg = Files.writeString(dir.resolve("recorder.json"), "{\n"
                + "  \"ffmpeg\": {\"hw_accel\": \"auto\", \"reconnect_enabled\": true, \"audio_normalize\": false,\n"
                + "             \"probe_size\": \"10M\", \"stats_period\": 0.2, \"loglevel\": \"error\"},\n"
                + "  \"avline\": {\"duration\": 8, \"progress\": \"json\", \"headers\": {\"X-Avline-Test\": \"from-config\"},\n"
                // starts at the newest segment: the next ones need playlist reloads, which must carry the headers too
                + "             \"input_options\": {\"live_start_index\": \"-1\"}}\n"
                + "}\n");
        Path out = dir.resolve("live.mp4");
        try (RecorderProcess p = RecorderProcess.start(dir, "--config", cfg.toString(), "--duration", "3",
                "--header", "X-Avline-Flag: 7", origin().playlistUrl(), out.toString())) {
            assertEquals(0, p.exitCode(RUN_LIMIT), p.stderr());
            List<JsonNode> lines = json(p.stdoutLines()); // "progress": "json" came from the file
            JsonNode last = lines.get(lines.size() - 1);
            assertEquals("done", last.get("state").asText());
            assertEquals(3.0, last.get("duration_seconds").asDouble(), SEGMENT, "the flag's 3 s, not the file's 8 s");
            MediaReport r = playable(out);
            assertEquals(3.0, r.video().duration(), SEGMENT, r.toString());
        }
        List<OriginRequest> requests = origin().requests();
        assertTrue(requests.stream().anyMatch(OriginRequest::isSegment), "segments were fetched: " + requests);
        assertTrue(requests.stream().filter(q -> !q.isSegment()).count() >= 2, "playlist loads and reloads: " + requests);
        for (OriginRequest q : requests) {
            assertEquals("from-config", q.header("X-Avline-Test"), "config header on " + q.path());
            assertEquals("7", q.header("X-Avline-Flag"), "--header on " + q.path());
        }
    }

    @Test
    void probePrintsOneJsonObjectAndCapabilitiesTheBuild() throws Exception {
        LiveHlsOrigin o = start(LiveHlsOrigin.builder().segmentSeconds(SEGMENT).video(320, 240, 25).vod(2));
        try (RecorderProcess p = RecorderProcess.start(dir, "--probe", o.playlistUrl(), "--header", "X-Avline-Test: probe")) {
            assertEquals(0, p.exitCode(RUN_LIMIT), p.stderr());
            assertEquals(1, p.stdoutLines().size(), "one JSON object: " + p.stdoutLines());
            JsonNode info = JSON.readTree(p.stdoutLines().get(0));
            assertEquals("hls", info.get("format").asText());
            assertEquals(2.0, info.get("duration_seconds").asDouble(), 0.01);
            assertEquals("h264", info.get("streams").get(0).get("codec").asText());
            assertEquals(320, info.get("streams").get(0).get("width").asInt());
        }
        assertTrue(!o.requests().isEmpty() && o.requests().stream().allMatch(r -> "probe".equals(r.header("X-Avline-Test"))),
                "every request of the probe carries the header");
        try (RecorderProcess p = RecorderProcess.start(dir, "--probe", dir.resolve("missing.ts").toString())) {
            assertEquals(1, p.exitCode(RUN_LIMIT), p.stderr());
            assertTrue(p.stderr().contains("probe failed") && p.stderr().contains("missing.ts"), p.stderr());
            assertTrue(p.stdoutLines().isEmpty());
        }
        try (RecorderProcess p = RecorderProcess.start(dir, "--capabilities")) {
            assertEquals(0, p.exitCode(RUN_LIMIT), p.stderr());
            JsonNode caps = JSON.readTree(p.stdoutLines().get(0));
            assertTrue(caps.get("ffmpeg_version").asText().startsWith("7."), caps.toString());
            assertTrue(caps.get("encoders").toString().contains("\"libx264\""));
            assertEquals(3, caps.get("hardware").size());
        }
    }

    @Test
    void sigintStopsCleanlyAndLeavesAPlayableFile() throws Exception {
        assumeTrue(RecorderProcess.sigintDeliverable(),
                "SIGINT is ignored in this process tree and GNU env cannot reset it; the SIGTERM test covers the stop");
        stopBySignal(dir.resolve("sigint.ts"), p -> p.signal("INT"));
    }

    @Test
    void sigtermStopsCleanlyAndLeavesAPlayableFile() throws Exception {
        stopBySignal(dir.resolve("sigterm.mp4"), RecorderProcess::terminate);
    }

    private interface Stop {
        void send(RecorderProcess p) throws Exception;
    }

    @Test
    void sigtermStopsALiveTranscodeAndLeavesAPlayableFile() throws Exception {
        // The live recording stops, the pipe ends, the transcode drains and finalizes.
        MediaReport r = stopBySignal(dir.resolve("sigterm-transcode.ts"), RecorderProcess::terminate, "--transcode");
        assertEquals("h264", r.video().codec(), r.toString());
        assertEquals("aac", r.audio().codec(), r.toString());
    }

    private MediaReport stopBySignal(Path out, Stop stop, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of(extra));
        args.addAll(List.of("--progress", "json", "--stats-period", "0.2", origin().playlistUrl(), out.toString()));
        try (RecorderProcess p = RecorderProcess.start(dir, args.toArray(String[]::new))) {
            // Recording for real: media written and on its way to the file.
            p.awaitLine(l -> l.contains("\"state\":\"recording\"") && !l.contains("\"bytes\":0,"), RUN_LIMIT);
            stop.send(p);
            assertEquals(0, p.exitCode(Duration.ofSeconds(20)), "a clean stop exits 0; stderr:\n" + p.stderr());
            List<JsonNode> lines = json(p.stdoutLines());
            JsonNode last = lines.get(lines.size() - 1);
            String seen = String.join("\n", p.stdoutLines()) + "\nstderr:\n" + p.stderr();
            assertEquals("done", last.get("state").asText(), seen);
            assertEquals("signal", last.get("ended_by").asText(), seen);
            MediaReport r = playable(out);
            assertEquals(last.get("duration_seconds").asDouble(), r.video().duration(), 0.5, r.toString());
            return r;
        }
    }

    @Test
    void aFailedRecordingExitsOneNamingTheCauseWithoutCredentials() throws Exception {
        String base = origin().playlistUrl().replace("http://", "http://alice:s3cret@");
        // Live HLS (avline's client): a playlist that is 404 from the start fails at once (a permanent
        // error is not an outage; the default 60 s budget would otherwise run out first).
        String live = base.replace("index.m3u8", "gone.m3u8?token=abcdef123");
        long started = System.nanoTime();
        try (RecorderProcess p = RecorderProcess.start(dir, "--progress", "json", live, dir.resolve("x.ts").toString())) {
            assertEquals(1, p.exitCode(RUN_LIMIT), p.stderr());
            assertTrue(System.nanoTime() - started < 30_000_000_000L, "within seconds, not after the outage budget");
            assertNoSecrets(p);
            assertTrue(p.stderr().contains("recording failed: fetch live playlist failed for http://***@127.0.0.1"), p.stderr());
            assertTrue(p.stderr().contains("404"), "the origin's answer: " + p.stderr());
            JsonNode last = json(p.stdoutLines()).get(p.stdoutLines().size() - 1);
            assertEquals("failed", last.get("state").asText());
            assertTrue(last.get("error").asText().contains("404"), last.toString());
        }
        // Anything else (FFmpeg's client): a plain http file that is not there.
        String plain = base.replace("index.m3u8", "gone.ts?token=abcdef123");
        try (RecorderProcess p = RecorderProcess.start(dir, "--progress", "json", plain, dir.resolve("y.ts").toString())) {
            assertEquals(1, p.exitCode(RUN_LIMIT), p.stderr());
            assertNoSecrets(p);
            assertTrue(p.stderr().contains("recording failed: open input failed for http://***@127.0.0.1"), p.stderr());
            assertTrue(p.stderr().contains("404"), "FFmpeg's reason: " + p.stderr());
        }
    }

    private static void assertNoSecrets(RecorderProcess p) {
        String all = String.join("\n", p.stdoutLines()) + p.stderr();
        assertFalse(all.contains("s3cret") || all.contains("abcdef123"), "credentials leaked:\n" + all);
    }

    @Test
    void variantPicksTheRenditionOfAMasterPlaylist() throws Exception {
        LiveHlsOrigin high = origin();
        LiveHlsOrigin low = start(LiveHlsOrigin.builder().segmentSeconds(SEGMENT).video(160, 120, 25).window(5).initialSegments(3));
        // The best is listed first, so neither "the first" nor "the best" passes for the worst.
        high.putResource("/live/master.m3u8", "application/vnd.apple.mpegurl", "#EXTM3U\n#EXT-X-VERSION:3\n"
                + "#EXT-X-STREAM-INF:BANDWIDTH=900000,RESOLUTION=320x240\nindex.m3u8\n"
                + "#EXT-X-STREAM-INF:BANDWIDTH=250000,RESOLUTION=160x120\n" + low.playlistUrl() + "\n");
        Path out = dir.resolve("worst.ts");
        try (RecorderProcess p = RecorderProcess.start(dir, "--variant", "worst", "--duration", "2", "--progress", "none",
                high.baseUrl() + "/live/master.m3u8", out.toString())) {
            assertEquals(0, p.exitCode(RUN_LIMIT), p.stderr());
        }
        MediaReport r = playable(out);
        assertEquals(160, r.video().width(), r.toString());
        assertEquals(120, r.video().height(), r.toString());
        assertTrue(low.requests().stream().anyMatch(OriginRequest::isSegment), "segments came from the low variant's origin");
        assertFalse(high.requests().stream().anyMatch(OriginRequest::isSegment), "no segment of the other variant was fetched");
    }

    @Test
    void faultsOfTheOriginAreReportedAsEventsInTheLastLine() throws Exception {
        LiveHlsOrigin o = start(LiveHlsOrigin.builder().segmentSeconds(0.5).video(160, 120, 20).window(10).initialSegments(4));
        Path out = dir.resolve("faults.ts");
        try (RecorderProcess p = RecorderProcess.start(dir, "--progress", "json", "--stats-period", "0.2",
                o.playlistUrl(), out.toString())) {
            p.awaitLine(l -> l.contains("\"state\":\"recording\"") && !l.contains("\"bytes\":0,"), RUN_LIMIT);
            long lost = o.nextSequence() + 1;
            o.notFound(lost);                                  // one segment the origin never delivers
            waitForSequence(o, lost + 2);
            o.failPlaylist(404, Duration.ofSeconds(3));        // then the playlist is gone for 3 s
            Thread.sleep(3000);
            waitForSequence(o, o.newestSequence() + 4);
            long end = o.endList();                            // #EXT-X-ENDLIST: the recording ends by itself
            assertEquals(0, p.exitCode(RUN_LIMIT), p.stderr());

            List<JsonNode> lines = json(p.stdoutLines());
            JsonNode last = lines.get(lines.size() - 1);
            String seen = last + "\nstderr:\n" + p.stderr();
            assertEquals("done", last.get("state").asText(), seen);
            assertEquals("input_end", last.get("ended_by").asText(), seen);
            JsonNode gap = null;
            JsonNode reconnect = null;
            for (JsonNode e : last.get("events")) {
                String kind = e.get("kind").asText();
                if (kind.equals("gap") && e.get("details").get("first_sequence").asLong() <= lost
                        && e.get("details").get("last_sequence").asLong() >= lost) gap = e.get("details");
                if (kind.equals("reconnect") && reconnect == null) reconnect = e.get("details");
            }
            assertTrue(gap != null, "a gap for segment " + lost + ": " + seen);
            assertEquals(lost, gap.get("first_sequence").asLong(), seen);
            assertEquals(lost, gap.get("last_sequence").asLong(), seen);
            assertEquals(1, gap.get("segments").asLong(), seen);
            assertEquals(0.5, gap.get("lost_seconds").asDouble(), 1e-3, seen);
            assertFalse(gap.get("estimated").asBoolean(), seen);
            assertTrue(gap.get("reason").asText().contains("404"), seen);
            assertTrue(gap.get("output_seconds").asDouble() > 0, seen);
            assertTrue(reconnect != null, "a reconnect after the playlist outage: " + seen);
            assertEquals(1, reconnect.get("attempt").asInt(), seen);
            assertFalse(reconnect.get("reason").asText().isBlank(), seen);
            assertTrue(reconnect.get("outage_seconds").asDouble() > 0, seen);
            JsonNode segments = last.get("segments");
            assertTrue(segments.get("count").asLong() >= end - lost, seen);
            assertEquals(segments.get("count").asLong() * 0.5, segments.get("media_seconds").asDouble(), 1e-3, seen);

            MediaReport r = playable(out);
            assertEquals(last.get("duration_seconds").asDouble(), r.video().duration(), 0.2, r.toString());
        }
    }

    @Test
    void aBadConfigKeyOrValueExitsTwoNamingIt() throws Exception {
        Path typo = Files.writeString(dir.resolve("typo.json"), "{\"ffmpeg\": {\"probesize\": \"10M\"}}");
        try (RecorderProcess p = RecorderProcess.start(dir, "--config", typo.toString(), "in.m3u8", "out.ts")) {
            assertEquals(2, p.exitCode(RUN_LIMIT));
            assertTrue(p.stderr().contains("ffmpeg.probesize: unknown key"), p.stderr());
            assertEquals(List.of(), p.stdoutLines());
        }
        Path bad = Files.writeString(dir.resolve("bad.json"), "{\"ffmpeg\": {\"probe_size\": \"ten\"}}");
        try (RecorderProcess p = RecorderProcess.start(dir, "--config", bad.toString(), "in.m3u8", "out.ts")) {
            assertEquals(2, p.exitCode(RUN_LIMIT));
            assertTrue(p.stderr().contains("ffmpeg.probe_size: expected a size like 10M"), p.stderr());
        }
    }

    @Test
    void hwWithAStreamCopyExitsTwoNamingIt() throws Exception {
        try (RecorderProcess p = RecorderProcess.start(dir, "--copy", "--hw", "auto", "in.m3u8", "out.ts")) {
            assertEquals(2, p.exitCode(RUN_LIMIT));
            assertTrue(p.stderr().contains("--hw applies to --transcode only"), p.stderr());
            assertEquals(List.of(), p.stdoutLines());
        }
    }

    @Test
    void anExistingOutputExitsThreeUntouchedAndOverwriteReplacesIt() throws Exception {
        Path in = dir.resolve("in.ts");
        TestMedia.video(160, 120, 25).seconds(1).writeTo(in, "mpegts");
        Path out = dir.resolve("existing.ts");
        byte[] old = "an older recording".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Files.write(out, old);
        try (RecorderProcess p = RecorderProcess.start(dir, "--progress", "none", in.toString(), out.toString())) {
            assertEquals(3, p.exitCode(RUN_LIMIT), p.stderr());
            assertTrue(p.stderr().contains("already exists") && p.stderr().contains("overwrite"), p.stderr());
        }
        assertTrue(java.util.Arrays.equals(old, Files.readAllBytes(out)), "the existing file was changed");
        try (RecorderProcess p = RecorderProcess.start(dir, "--progress", "none", in.toString(), in.toString(), "-y")) {
            assertEquals(3, p.exitCode(RUN_LIMIT), "the input as its output: " + p.stderr());
            assertTrue(p.stderr().contains("is the input"), p.stderr());
        }
        try (RecorderProcess p = RecorderProcess.start(dir, "--progress", "none", "--overwrite", in.toString(), out.toString())) {
            assertEquals(0, p.exitCode(RUN_LIMIT), p.stderr());
        }
        assertEquals(160, playable(out).video().width(), "replaced by the new recording");
    }

    /** 3 s of 320x240 MPEG-2 video and MP2 audio in TS: what a set-top box records. */
    private Path mpeg2Clip() {
        Path in = dir.resolve("mpeg2.ts");
        TestMedia.video(320, 240, 25).seconds(3).videoEncoder("mpeg2video", Map.of("g", "12"))
                .audioEncoder("mp2", Map.of()).writeTo(in, "mpegts");
        return in;
    }

    /** Decodable, H.264 video and AAC audio. */
    private static MediaReport h264Aac(Path file) {
        MediaReport r = playable(file);
        assertEquals("h264", r.video().codec(), r.toString());
        assertEquals("aac", r.audio().codec(), r.toString());
        return r;
    }

    /** Every snapshot of a transcode carries its counters, its queues and the hardware. */
    private static List<JsonNode> snapshots(List<JsonNode> lines) {
        List<JsonNode> snaps = lines.subList(0, lines.size() - 1);
        for (JsonNode snap : snaps) {
            assertEquals("recording", snap.get("state").asText(), snap.toString());
            for (String f : new String[] {"frames", "fps", "speed", "out_time_seconds", "bytes", "reconnects", "hardware"}) {
                assertTrue(snap.has(f), f + " missing in " + snap);
            }
            assertTrue(snap.get("queue_depths").size() > 0, "a transcode reports its queues: " + snap);
            assertFalse(snap.get("hardware").isNull(), snap.toString());
        }
        return snaps;
    }

    /**
     * With {@code --hw auto} on a machine without a usable GPU (this one), the transcode runs in software and
     * says why, in one event; where a GPU was used, the hardware is named and any stage that fell back says why.
     */
    private static void fallbackReported(JsonNode last) {
        assertEquals("transcode", last.get("mode").asText(), last.toString());
        String hardware = last.get("hardware").asText();
        List<JsonNode> fallbacks = new ArrayList<>();
        for (JsonNode e : last.get("events")) if (e.get("kind").asText().equals("fallback")) fallbacks.add(e.get("details"));
        if (hardware.equals("none")) {
            assertEquals(1, fallbacks.size(), "one fallback, to software: " + last);
            JsonNode f = fallbacks.get(0);
            assertEquals("device", f.get("stage").asText(), last.toString());
            assertEquals("auto", f.get("from").asText(), last.toString());
            assertEquals("software", f.get("to").asText(), last.toString());
            assertTrue(f.get("reason").asText().startsWith("no usable device ("), "FFmpeg's reasons: " + last);
        } else {
            for (JsonNode f : fallbacks) assertFalse(f.get("reason").asText().isBlank(), last.toString());
        }
    }

    @Test
    void transcodesAFileToH264AndAacWithHwAutoAndReportsTheFallback() throws Exception {
        Path in = mpeg2Clip();
        Path out = dir.resolve("h264.ts");
        try (RecorderProcess p = RecorderProcess.start(dir, "--transcode", "--hw", "auto", "--progress", "json",
                "--stats-period", "0.1", in.toString(), out.toString())) {
            assertEquals(0, p.exitCode(RUN_LIMIT), p.stderr());
            List<JsonNode> lines = json(p.stdoutLines());
            snapshots(lines); // how many depends on the machine's speed: a 3 s clip can be done in one period
            JsonNode last = lines.get(lines.size() - 1);
            assertEquals("done", last.get("state").asText(), last.toString());
            assertEquals("input_end", last.get("ended_by").asText(), last.toString());
            fallbackReported(last);
            assertEquals(0, last.get("segments").get("count").asLong(), "a file is no live recording: " + last);
            MediaReport r = h264Aac(out);
            assertEquals(320, r.video().width());
            assertEquals(240, r.video().height());
            assertEquals(75, r.video().frames(), "no frame dropped or duplicated: " + r);
            assertEquals(3.0, r.video().duration(), 0.05, r.toString());
            assertEquals(3.0, r.audio().duration(), 0.1, r.toString());
            assertEquals(last.get("duration_seconds").asDouble(), r.video().duration(), 0.1, last.toString());
            assertEquals(Files.size(out), last.get("bytes").asLong(), "bytes are the file's size");
        }
    }

    @Test
    void transcodeWithAudioNormalizeBringsTheLoudnessToMinus16Lufs() throws Exception {
        Path in = mpeg2Clip();
        double before = LoudnessScan.measure(Input.url(in.toString())).values().iterator().next().integrated();
        assertTrue(before > -6, "the test clip is loud: " + before);
        Path out = dir.resolve("normalized.mp4");
        try (RecorderProcess p = RecorderProcess.start(dir, "--transcode", "--audio-normalize", "--hw", "none",
                "--progress", "json", in.toString(), out.toString())) {
            assertEquals(0, p.exitCode(RUN_LIMIT), p.stderr());
            List<JsonNode> lines = json(p.stdoutLines());
            JsonNode last = lines.get(lines.size() - 1);
            assertEquals("done", last.get("state").asText(), last.toString());
            assertEquals("none", last.get("hardware").asText(), last.toString());
            for (JsonNode e : last.get("events")) assertFalse(e.get("kind").asText().equals("fallback"), "--hw none: " + e);
        }
        MediaReport r = h264Aac(out);
        assertEquals(r.video().duration(), r.audio().duration(), 0.1, "the audio ends with the video: " + r);
        double after = LoudnessScan.measure(Input.url(out.toString())).values().iterator().next().integrated();
        assertEquals(-16.0, after, 1.5, "EBU R128 target, from " + before + " LUFS");
    }

    @Test
    void transcodesLiveHlsThroughTheLiveClient() throws Exception {
        // Half-second segments: the backlog a recording starts with (3 segments) is 1.5 s, the rest comes live.
        LiveHlsOrigin o = start(LiveHlsOrigin.builder().segmentSeconds(0.5).video(320, 240, 24).window(10).initialSegments(1));
        Path out = dir.resolve("live-h264.ts");
        try (RecorderProcess p = RecorderProcess.start(dir, "--transcode", "--duration", "3", "--progress", "json",
                "--stats-period", "0.1", o.playlistUrl(), out.toString())) {
            assertEquals(0, p.exitCode(RUN_LIMIT), p.stderr());
            List<JsonNode> lines = json(p.stdoutLines());
            assertFalse(snapshots(lines).isEmpty(), "snapshots while the live media came in: " + p.stdoutLines());
            JsonNode last = lines.get(lines.size() - 1);
            assertEquals("done", last.get("state").asText(), last + "\n" + p.stderr());
            assertEquals("duration", last.get("ended_by").asText(), last.toString());
            fallbackReported(last);
            assertTrue(last.get("segments").get("count").asLong() >= 5, "avline's live client fetched the segments: " + last);
            assertEquals(3.0, last.get("duration_seconds").asDouble(), 0.5, "--duration within one segment: " + last);
            MediaReport r = h264Aac(out);
            assertEquals(3.0, r.video().duration(), 0.5, r.toString());
            // In sync from the start (AAC's priming apart); the live cut ends each stream at its own packet.
            assertEquals(r.video().firstPts(), r.audio().firstPts(), 0.05, r.toString());
            assertEquals(r.video().lastPtsEnd(), r.audio().lastPtsEnd(), 0.2, r.toString());
        }
        assertTrue(o.requests().stream().anyMatch(OriginRequest::isSegment));
    }

    @Test
    void aLiveTranscodeThatCannotStartExitsOneWithTheOriginsAnswer() throws Exception {
        Path cfg = Files.writeString(dir.resolve("budget.json"), "{\"avline\": {\"outage_budget\": 1}}");
        String gone = origin().playlistUrl().replace("http://", "http://alice:s3cret@").replace("index.m3u8", "gone.m3u8");
        Path out = dir.resolve("never.ts");
        try (RecorderProcess p = RecorderProcess.start(dir, "--transcode", "--progress", "json", "--config", cfg.toString(),
                gone, out.toString())) {
            assertEquals(1, p.exitCode(RUN_LIMIT), p.stderr());
            assertNoSecrets(p);
            JsonNode last = json(p.stdoutLines()).get(p.stdoutLines().size() - 1);
            assertEquals("failed", last.get("state").asText(), last.toString());
            assertEquals("transcode", last.get("mode").asText(), last.toString());
            assertTrue(last.get("error").asText().contains("fetch live playlist failed"), "the live side's failure: " + last);
            assertTrue(last.get("error").asText().contains("404"), last.toString());
        }
        assertFalse(Files.exists(out), "no empty output is left behind");
    }

    @Test
    void demoRecordsTheBuiltInLiveStreamAndPrintsThePath() throws Exception {
        try (RecorderProcess p = RecorderProcess.start(dir, "--demo", "--duration", "3", "--progress", "none")) {
            assertEquals(0, p.exitCode(RUN_LIMIT), p.stderr());
            assertEquals(1, p.stdoutLines().size(), "stdout is the path alone: " + p.stdoutLines());
            Path out = Path.of(p.stdoutLines().get(0));
            assertTrue(p.stderr().contains("http://127.0.0.1:"), p.stderr());
            MediaReport r = playable(out);
            assertEquals(3.0, r.video().duration(), 2.0, r.toString()); // the demo's segments are 2 s
            Files.delete(out);
            Files.delete(out.getParent());
        }
    }
}
