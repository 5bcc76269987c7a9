package com.example.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import dev.avline.Avline;
import dev.avline.Container;
import dev.avline.Input;
import dev.avline.MediaInfo;
import dev.avline.Output;
import dev.avline.Recording;
import dev.avline.RecordingResult;
import dev.avline.config.AvlineConfig;
import dev.avline.config.LivePlan;
import dev.avline.hls.LiveSettings;
import dev.avline.micrometer.JobMetrics;
import dev.avline.testkit.LiveHlsOrigin;
import dev.avline.testkit.MediaProbe;
import dev.avline.testkit.MediaReport;
import dev.avline.testkit.TestMedia;
import dev.avline.transcode.TranscodeSettings;

/**
 * What a team adopting avline does first, written as they would, against the published artifacts
 * only: probe, record a live stream (the test kit's origin), remux a segment, transcode, metrics,
 * and a job from the JSON config their server already keeps.
 */
class UsingAvlineTest {
    @TempDir
    Path dir;

    @Test
    void probeRecordRemuxTranscodeWithMetrics() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (LiveHlsOrigin origin = LiveHlsOrigin.builder().segmentSeconds(1).vod(3).start()) {
            // probe
            MediaInfo info = Avline.probe(Input.url(origin.playlistUrl()));
            assertEquals("hls", info.format());
            assertEquals(3.0, info.durationSeconds(), 0.01);
            assertEquals("h264", info.streams("video").get(0).codec());

            // record, with metrics
            Path recorded = dir.resolve("recorded.ts");
            JobMetrics metrics = JobMetrics.of(registry, "live", "origin");
            Recording r = Avline.record(Input.url(origin.playlistUrl()), Output.file(recorded), LiveSettings.defaults())
                    .onProgress(metrics.progress(null)).onEvent(metrics.events(null)).start();
            metrics.track(r);
            RecordingResult result = r.await(Duration.ofSeconds(60));
            assertEquals(RecordingResult.State.DONE, result.state(), String.valueOf(result.failure()));
            MediaReport rep = MediaProbe.decodeAll(recorded);
            assertEquals(0, rep.totalDecodeErrors());
            assertEquals(3.0, rep.video().duration(), 0.1);
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (registry.find("avline.jobs.ended").counter() == null && System.nanoTime() < deadline) Thread.sleep(5);
            assertEquals(result.bytes(), registry.get("avline.output.bytes").tag("label", "origin").counter().count(), 0.0);

            // remux one segment in memory
            byte[] mp4 = Avline.remuxSegment(origin.segmentBytes(0), Container.FRAGMENTED_MP4);
            assertEquals(1.0, MediaProbe.decodeAll(mp4, "mp4").video().duration(), 0.1);

            // transcode to an MP4 for download
            Path download = dir.resolve("download.mp4");
            RecordingResult t = Avline.transcode(Input.url(recorded.toString()), Output.file(download, Container.MP4_FASTSTART),
                    TranscodeSettings.defaults()).run();
            assertEquals(RecordingResult.State.DONE, t.state(), String.valueOf(t.failure()));
            MediaReport out = MediaProbe.decodeAll(download);
            assertEquals(0, out.totalDecodeErrors());
            assertEquals(rep.video().frames(), out.video().frames());
        }
    }

    @Test
    void aJobFromTheServersJsonConfig() {
        Map<String, Object> ffmpeg = new LinkedHashMap<>();
        ffmpeg.put("hw_accel", "none");
        ffmpeg.put("probe_size", "5M");
        Map<String, Object> avline = new LinkedHashMap<>();
        avline.put("output_format", "mkv");
        avline.put("duration", 1.5);
        AvlineConfig config = AvlineConfig.fromMap(Map.of("ffmpeg", ffmpeg, "avline", avline), "server.json");

        Path in = dir.resolve("in.ts");
        TestMedia.video(320, 240, 25).seconds(3).writeTo(in, "mpegts");
        Path out = dir.resolve("out.bin");
        RecordingResult r = config.apply(Avline.transcode(config.input(in.toString()).options(config.inputOptions(false)),
                config.output(out), config.transcodeSettings())).run();
        assertEquals(RecordingResult.State.DONE, r.state(), String.valueOf(r.failure()));
        MediaReport rep = MediaProbe.decodeAll(out);
        assertEquals("matroska,webm", rep.format());
        assertEquals(1.5, rep.video().duration(), 0.1);
        assertTrue(rep.allDtsStrictlyIncreasing());

        LivePlan live = config.live();
        assertEquals(LiveSettings.defaults().outageBudget(), live.settings().outageBudget());
    }
}
