package dev.avline.examples.recorder.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.avline.Progress;
import dev.avline.RecordingResult;
import dev.avline.events.Discontinuity;
import dev.avline.events.Event;
import dev.avline.events.Fallback;
import dev.avline.events.Gap;
import dev.avline.events.OutputRotated;
import dev.avline.events.PolicyRefusal;
import dev.avline.events.Reconnect;
import dev.avline.events.SegmentFetched;
import dev.avline.events.StreamSkipped;

class JsonLinesTest {
    private final ObjectMapper mapper = new ObjectMapper();
    private final Path out = Path.of("/tmp/out.ts");

    @Test
    void aSnapshotIsOneLineOfJsonWithEveryField() throws Exception {
        Progress p = new Progress(Duration.ofMillis(1500), 75, 50, 3.04, 123456, 324.9, 2.03, 1, 2, 3, "none",
                Map.of("encode", 2), false);
        String line = JsonLines.snapshot(p, out);
        assertFalse(line.contains("\n"));
        JsonNode n = mapper.readTree(line);
        assertEquals("recording", n.get("state").asText());
        assertEquals("/tmp/out.ts", n.get("output").asText());
        assertEquals(1.5, n.get("elapsed_seconds").asDouble());
        assertEquals(3.04, n.get("out_time_seconds").asDouble());
        assertEquals(123456, n.get("bytes").asLong());
        assertEquals(75, n.get("frames").asLong());
        assertEquals(2.03, n.get("speed").asDouble());
        assertEquals(3, n.get("reconnects").asLong());
        assertEquals(2, n.get("queue_depths").get("encode").asInt());
    }

    @Test
    void theLastLineCarriesStateOutputDurationBytesAndEvents() throws Exception {
        Instant at = Instant.parse("2025-01-02T03:04:05Z");
        RecordingResult r = new RecordingResult(RecordingResult.State.DONE, "x", 2.5, 4096, 100,
                List.of(new Discontinuity(at, 0, -10.0, 1.5, "timestamp jump in the input"),
                        new StreamSkipped(at, 2, "data", "timed_id3", "not carried")), null);
        FinalReport rep = FinalReport.of(r, out, Duration.ofSeconds(2), false, Duration.ofSeconds(3));
        JsonNode n = mapper.readTree(JsonLines.last(rep));
        assertEquals("done", n.get("state").asText());
        assertEquals("duration", n.get("ended_by").asText());
        assertEquals("/tmp/out.ts", n.get("output").asText());
        assertEquals(2.5, n.get("duration_seconds").asDouble());
        assertEquals(4096, n.get("bytes").asLong());
        assertFalse(n.has("error"));
        JsonNode e0 = n.get("events").get(0);
        assertEquals("discontinuity", e0.get("kind").asText());
        assertEquals("2025-01-02T03:04:05Z", e0.get("at").asText());
        assertEquals(-10.0, e0.get("details").get("jump_seconds").asDouble());
        assertEquals("timestamp jump in the input", e0.get("details").get("cause").asText());
        assertEquals("stream_skipped", n.get("events").get(1).get("kind").asText());
        assertEquals(2, n.get("events").get(1).get("details").get("stream").asInt());
    }

    @Test
    void segmentsAreCountedNotListedAndEveryOtherEventIsKept() throws Exception {
        Instant at = Instant.parse("2025-01-02T03:04:05Z");
        List<Event> events = new ArrayList<>();
        for (long seq = 100; seq < 3100; seq++) {
            if (seq == 1500) {
                events.add(new Gap(at, 1500, 1501, 4.0, false, 2998.0, "HTTP error 404 Not Found (HTTP_NOT_FOUND)"));
                seq = 1501;
                continue;
            }
            events.add(new SegmentFetched(at, "http://h/seg_" + seq + ".ts", seq, 1000, seq == 2000 ? 2 : 0, 2.0));
        }
        events.add(new Reconnect(at, 1, "stalled: no progress for 10000 ms", 12.5));
        events.add(new PolicyRefusal(at, "file:///etc/passwd", "the file: protocol is not allowed"));
        events.add(new OutputRotated(at, "/r/a.ts", "/r/a-001.ts", "duration", 3600));
        RecordingResult r = new RecordingResult(RecordingResult.State.DONE, "x", 5996, 2_998_000, 10, events, null);
        JsonNode n = mapper.readTree(JsonLines.last(FinalReport.of(r, out, null, false, Duration.ZERO)));
        JsonNode seg = n.get("segments");
        assertEquals(2998, seg.get("count").asLong());
        assertEquals(2_998_000, seg.get("bytes").asLong());
        assertEquals(1, seg.get("retried").asLong());
        assertEquals(2, seg.get("retries").asLong());
        assertEquals(5996.0, seg.get("media_seconds").asDouble());
        List<String> kinds = new ArrayList<>();
        n.get("events").forEach(e -> kinds.add(e.get("kind").asText()));
        assertEquals(List.of("gap", "reconnect", "policy_refusal", "rotation"), kinds);
        JsonNode gap = n.get("events").get(0).get("details");
        assertEquals(1500, gap.get("first_sequence").asLong());
        assertEquals(2, gap.get("segments").asLong());
        assertEquals(4.0, gap.get("lost_seconds").asDouble());
        assertFalse(gap.get("estimated").asBoolean());
        assertTrue(gap.get("reason").asText().contains("404"));
        assertEquals(12.5, n.get("events").get(1).get("details").get("outage_seconds").asDouble());
    }

    @Test
    void aTranscodesLastLineNamesTheModeTheHardwareAndItsFallbacks() throws Exception {
        Instant at = Instant.parse("2025-01-02T03:04:05Z");
        RecordingResult r = new RecordingResult(RecordingResult.State.DONE, "x", 3, 400_000, 217,
                List.of(new Fallback(at, "device", "auto", "software", "no usable device (vaapi: no /dev/dri render node)")), null);
        Progress closing = new Progress(Duration.ofSeconds(1), 75, 75, 3, 400_000, 1066, 3, 0, 0, 0, "none",
                Map.of("encode#0", 0), true);
        JsonNode n = mapper.readTree(JsonLines.last(FinalReport.of(r, "transcode", closing, out, null, false, Duration.ZERO)));
        assertEquals("transcode", n.get("mode").asText());
        assertEquals("none", n.get("hardware").asText());
        JsonNode fallback = n.get("events").get(0);
        assertEquals("fallback", fallback.get("kind").asText());
        assertEquals("device", fallback.get("details").get("stage").asText());
        assertEquals("software", fallback.get("details").get("to").asText());
        assertTrue(fallback.get("details").get("reason").asText().contains("render node"));

        JsonNode noSnapshot = mapper.readTree(JsonLines.last(FinalReport.of(r, "transcode", null, out, null, false, Duration.ZERO)));
        assertTrue(noSnapshot.get("hardware").isNull(), "unknown when the transcode never reported");
        JsonNode copy = mapper.readTree(JsonLines.last(FinalReport.of(r, out, null, false, Duration.ZERO)));
        assertEquals("copy", copy.get("mode").asText());
        assertEquals("none", copy.get("hardware").asText());
    }

    @Test
    void aCopyHasNoSegments() throws Exception {
        RecordingResult r = new RecordingResult(RecordingResult.State.DONE, "x", 1, 1, 1, List.of(), null);
        JsonNode n = mapper.readTree(JsonLines.last(FinalReport.of(r, out, null, false, Duration.ZERO)));
        assertEquals(0, n.get("segments").get("count").asLong());
        assertEquals(0, n.get("events").size());
    }

    @Test
    void aFailureSaysFailedWithItsCause() throws Exception {
        RecordingResult r = new RecordingResult(RecordingResult.State.FAILED, "x", 0, 0, 0, List.of(),
                new IllegalStateException("open input failed for http://***@h/x: Server returned 404 Not Found"));
        JsonNode n = mapper.readTree(JsonLines.last(FinalReport.of(r, out, null, false, Duration.ZERO)));
        assertEquals("failed", n.get("state").asText());
        assertEquals("error", n.get("ended_by").asText());
        assertTrue(n.get("error").asText().contains("404 Not Found"));
    }

    @Test
    void aSignalledStopIsDoneAndSaysSo() throws Exception {
        RecordingResult r = new RecordingResult(RecordingResult.State.STOPPED, "x", 7, 10, 10, List.of(), null);
        JsonNode n = mapper.readTree(JsonLines.last(FinalReport.of(r, out, null, true, Duration.ZERO)));
        assertEquals("done", n.get("state").asText());
        assertEquals("signal", n.get("ended_by").asText());
    }

    @Test
    void nonFiniteNumbersBecomeNull() throws Exception {
        Progress p = new Progress(Duration.ZERO, 0, Double.NaN, 0, 0, Double.POSITIVE_INFINITY, 0, 0, 0, 0, "none",
                Map.of(), false);
        JsonNode n = mapper.readTree(JsonLines.snapshot(p, out));
        assertTrue(n.get("fps").isNull());
        assertTrue(n.get("bitrate_kbps").isNull());
    }

    @Test
    void aFailureThatKeptAPartialRecordingNamesIt() throws Exception {
        Path partial = Path.of("/srv/rec/a.partial.ts");
        RecordingResult r = new RecordingResult(RecordingResult.State.FAILED, "x", 3, 1000, 20, List.of(),
                new IllegalStateException("read packet failed"), 0, partial);
        JsonNode n = mapper.readTree(JsonLines.last(FinalReport.of(r, Path.of("/srv/rec/a.ts"), null, false, Duration.ZERO)));
        assertEquals("failed", n.get("state").asText());
        assertEquals(partial.toString(), n.get("partial").asText());
        RecordingResult ok = new RecordingResult(RecordingResult.State.DONE, "x", 3, 1000, 20, List.of(), null);
        assertTrue(mapper.readTree(JsonLines.last(FinalReport.of(ok, Path.of("/srv/rec/a.ts"), null, false, Duration.ZERO)))
                .get("partial") == null, "no partial on success");
    }
}
