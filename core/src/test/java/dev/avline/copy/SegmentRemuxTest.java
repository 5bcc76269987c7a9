package dev.avline.copy;

import static dev.avline.copy.Checks.assertFaithfulCopy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.avline.Avline;
import dev.avline.Container;
import dev.avline.testkit.MediaProbe;
import dev.avline.testkit.MediaReport;
import dev.avline.testkit.TestMedia;

/** One TS segment in memory → TS or fMP4 in memory, on the calling thread, no file, no process. */
class SegmentRemuxTest {
    static byte[] segment;
    static MediaReport source;

    @BeforeAll
    static void segment() {
        segment = TestMedia.video(320, 240, 25).seconds(4).toBytes("mpegts", Map.of());
        source = MediaProbe.decodeAll(segment, "mpegts");
        assertEquals(100, source.video().frames());
    }

    @Test
    void toTransportStreamAndFragmentedMp4WithoutAnyFile() throws Exception {
        Set<Path> before = files();
        byte[] ts = Avline.remuxSegment(segment, Container.MPEGTS);
        byte[] mp4 = Avline.remuxSegment(segment, "mpegts", Container.FRAGMENTED_MP4, Map.of());
        assertEquals(before, files(), "no file was created");
        assertEquals(0x47, ts[0]);
        assertEquals(0, ts.length % 188);
        assertEquals("ftyp", new String(mp4, 4, 4, java.nio.charset.StandardCharsets.US_ASCII));
        assertFaithfulCopy(source, MediaProbe.decodeAll(ts, "mpegts"));
        assertFaithfulCopy(source, MediaProbe.decodeAll(mp4, null));
    }

    @Test
    void copyTsKeepsTheSegmentsOwnTimestamps() {
        byte[] late = TestMedia.video(160, 120, 25).seconds(1).startAt(20).toBytes("mpegts", Map.of());
        byte[] kept = Avline.remuxSegment(late, "mpegts", Container.MPEGTS, Map.of("mpegts_copyts", "1"));
        byte[] zeroed = Avline.remuxSegment(late, "mpegts", Container.MPEGTS, Map.of());
        assertEquals(20.0, MediaProbe.decodeAll(kept, "mpegts").video().firstPts(), 0.1);
        assertEquals(0.0, MediaProbe.decodeAll(zeroed, "mpegts").video().firstPts(), 0.1);
    }

    @Test
    void repeatedCallsGiveTheSameBytes() {
        byte[] first = Avline.remuxSegment(segment, "mpegts", Container.MPEGTS, Map.of());
        for (int i = 0; i < 5; i++) {
            assertTrue(java.util.Arrays.equals(first, Avline.remuxSegment(segment, "mpegts", Container.MPEGTS, Map.of())),
                    "run " + i);
        }
    }

    /** Regular files directly in the working directory and the temp directory. */
    private static Set<Path> files() throws IOException {
        Set<Path> all = new java.util.HashSet<>();
        for (Path d : new Path[] {Paths.get("").toAbsolutePath(), Paths.get(System.getProperty("java.io.tmpdir"))}) {
            try (Stream<Path> s = Files.list(d)) {
                all.addAll(s.filter(Files::isRegularFile).collect(Collectors.toSet()));
            }
        }
        return all;
    }
}
