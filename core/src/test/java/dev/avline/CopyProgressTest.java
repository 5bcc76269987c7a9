package dev.avline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.avline.testkit.TestMedia;

/** The closing progress snapshot carries the totals, taken after the trailer is written. */
class CopyProgressTest {
    @TempDir
    Path dir;

    @Test
    void closingSnapshotHasTheFinalFileSize() throws Exception {
        Path in = dir.resolve("in.ts");
        TestMedia.video(320, 240, 25).seconds(2).writeTo(in, "mpegts");
        Path out = dir.resolve("out.mp4");
        try (Recording rec = Avline.copy(Input.url(in.toString()), Output.file(out)).start()) {
            RecordingResult r = rec.await();
            assertEquals(RecordingResult.State.DONE, r.state(), String.valueOf(r.failure()));
            Progress last = rec.progress();
            assertTrue(last.last(), last.toString());
            assertTrue(last.bytes() > 0, "the closing snapshot counts the bytes written: " + last);
            assertEquals(Files.size(out), last.bytes(), last.toString());
            assertEquals(r.bytes(), last.bytes());
        }
    }
}
