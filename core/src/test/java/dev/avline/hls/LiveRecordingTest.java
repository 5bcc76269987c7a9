package dev.avline.hls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.avline.Avline;
import dev.avline.Input;
import dev.avline.Output;
import dev.avline.Recording;
import dev.avline.RecordingResult;
import dev.avline.testkit.LiveHlsOrigin;

class LiveRecordingTest {
    @TempDir
    Path dir;

    @Test
    void recordsALivePlaylistAndFinishesAfterEndList() throws Exception {
        try (LiveHlsOrigin origin = LiveCheck.origin()) {
            Path out = dir.resolve("live.ts");
            try (Recording rec = Avline.record(Input.url(origin.playlistUrl()), Output.file(out), LiveCheck.fast()).start()) {
                Thread.sleep(2000);
                long last = origin.endList();
                long endedAt = System.nanoTime();
                RecordingResult r = rec.await(Duration.ofSeconds(10));
                double afterEnd = (System.nanoTime() - endedAt) / 1e9;
                assertEquals(RecordingResult.State.DONE, r.state(), String.valueOf(r.failure()));
                LiveCheck.verify(r, out, 0.5, Set.of());
                assertEquals(last, (long) LiveCheck.delivered(r).get(LiveCheck.delivered(r).size() - 1));
                assertTrue(afterEnd < 3, "ended " + afterEnd + " s after ENDLIST");
            }
        }
    }
}
