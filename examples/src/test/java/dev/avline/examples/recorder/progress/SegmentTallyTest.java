package dev.avline.examples.recorder.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.avline.RecordingResult;
import dev.avline.events.SegmentFetched;

/** A long recording's segments are counted as they are delivered, not from the result's bounded history. */
class SegmentTallyTest {
    @Test
    void theCounterSeesEverySegmentTheResultNoLongerKeeps() {
        SegmentTally.Counter counter = new SegmentTally.Counter();
        int segments = 5000;
        for (int i = 0; i < segments; i++) {
            counter.onEvent(new SegmentFetched(Instant.now(), "http://h/s" + i + ".ts", i, 1000, i % 10 == 0 ? 2 : 0, 2.0));
        }
        // The result keeps only the newest events (its history is bounded); the report must still count all.
        RecordingResult r = new RecordingResult(RecordingResult.State.DONE, "x", 10_000, 5_000_000, 1, List.of(), null,
                segments - 3, null);
        FinalReport rep = FinalReport.of(r, "copy", null, Path.of("/tmp/a.ts"), null, false, Duration.ZERO, counter.tally());
        assertEquals(new SegmentTally(segments, 1000L * segments, segments / 10, 2L * segments / 10, 2.0 * segments),
                rep.segments());
    }
}
