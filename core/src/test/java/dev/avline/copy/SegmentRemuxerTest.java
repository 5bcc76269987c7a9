package dev.avline.copy;

import static dev.avline.copy.Checks.assertFaithfulCopy;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.avline.Avline;
import dev.avline.Container;
import dev.avline.SegmentRemuxer;
import dev.avline.AvlineException;
import dev.avline.testkit.MediaProbe;
import dev.avline.testkit.MediaReport;
import dev.avline.testkit.TestMedia;

/** A reusable remuxer writing segments into the caller's buffers. */
class SegmentRemuxerTest {
    static byte[] first;
    static byte[] second;
    static MediaReport firstSource;
    static MediaReport secondSource;

    @BeforeAll
    static void segments() {
        first = TestMedia.video(320, 240, 25).seconds(4).toBytes("mpegts", Map.of());
        second = TestMedia.video(160, 120, 25).seconds(2).startAt(30).toBytes("mpegts", Map.of());
        firstSource = MediaProbe.decodeAll(first, "mpegts");
        secondSource = MediaProbe.decodeAll(second, "mpegts");
    }

    @Test
    void remuxesSegmentAfterSegmentIntoOneReusedArray() {
        byte[] out = new byte[first.length * 2];
        try (SegmentRemuxer remuxer = SegmentRemuxer.to(Container.MPEGTS).inputFormat("mpegts").build()) {
            for (int round = 0; round < 2; round++) {
                int n = remuxer.remux(first, out);
                assertFaithfulCopy(firstSource, MediaProbe.decodeAll(Arrays.copyOf(out, n), "mpegts"));
                assertArrayEquals(Avline.remuxSegment(first, "mpegts", Container.MPEGTS, Map.of()), Arrays.copyOf(out, n),
                        "the same bytes as a one-off remuxSegment");
                int m = remuxer.remux(second, out);
                assertFaithfulCopy(secondSource, MediaProbe.decodeAll(Arrays.copyOf(out, m), "mpegts"));
                assertEquals(0.0, MediaProbe.decodeAll(Arrays.copyOf(out, m), "mpegts").video().firstPts(), 0.1,
                        "timestamps start at zero by default");
            }
            assertEquals(secondSource.streams().stream().mapToLong(MediaReport.StreamReport::packets).sum(), remuxer.lastPackets());
        }
    }

    @Test
    void directBuffersBothWaysAndBufferPositions() {
        ByteBuffer in = ByteBuffer.allocateDirect(first.length + 10);
        in.position(10);
        in.put(first).position(10); // the segment is the remaining bytes, not the whole buffer
        ByteBuffer out = ByteBuffer.allocateDirect(first.length * 2);
        out.position(100);
        try (SegmentRemuxer remuxer = SegmentRemuxer.to(Container.FRAGMENTED_MP4).build()) {
            int n = remuxer.remux(in, out);
            assertEquals(10, in.position(), "the segment's position is not moved");
            assertEquals(100 + n, out.position(), "the output's position moved past what was written");
            byte[] mp4 = new byte[n];
            out.get(100, mp4);
            assertEquals("ftyp", new String(mp4, 4, 4, StandardCharsets.US_ASCII));
            assertFaithfulCopy(firstSource, MediaProbe.decodeAll(mp4, null));
        }
    }

    @Test
    void anOutputTooSmallSaysWhatItNeedsAndTheRemuxerGoesOn() {
        try (SegmentRemuxer remuxer = SegmentRemuxer.to(Container.MPEGTS).build()) {
            int needed = remuxer.remux(first).length;
            ByteBuffer small = ByteBuffer.allocate(needed - 1);
            SegmentRemuxer.OutputTooSmallException e = assertThrows(SegmentRemuxer.OutputTooSmallException.class,
                    () -> remuxer.remux(ByteBuffer.wrap(first), small));
            assertEquals(needed, e.needed());
            assertEquals(needed - 1, e.room());
            assertTrue(e.getMessage().contains(needed + " bytes"), e.getMessage());
            assertEquals(0, small.position(), "nothing is left in the buffer");
            byte[] exact = new byte[needed];
            assertEquals(needed, remuxer.remux(first, exact));
            assertFaithfulCopy(firstSource, MediaProbe.decodeAll(exact, "mpegts"));
        }
    }

    @Test
    void badBytesFailByNameAndLeaveTheRemuxerUsable() {
        byte[] html = "<html><body>Service unavailable</body></html>\n".repeat(400).getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[first.length * 2];
        try (SegmentRemuxer remuxer = SegmentRemuxer.to(Container.MPEGTS).build()) {
            AvlineException e = assertThrows(AvlineException.class, () -> remuxer.remux(html, out));
            assertEquals("INVALIDDATA", e.errorName(), e.getMessage());
            int n = remuxer.remux(first, out);
            assertFaithfulCopy(firstSource, MediaProbe.decodeAll(Arrays.copyOf(out, n), "mpegts"));
        }
    }

    @Test
    void aClosedRemuxerRefusesWork() {
        SegmentRemuxer remuxer = SegmentRemuxer.to(Container.MPEGTS).build();
        remuxer.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> remuxer.remux(first, new byte[10]));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }

    /** The media never passes through the Java heap: what a call allocates is small next to the segment. */
    @Test
    void heapPerCallDoesNotGrowWithTheSegment() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        byte[] out = new byte[first.length * 2];
        try (SegmentRemuxer remuxer = SegmentRemuxer.to(Container.MPEGTS).inputFormat("mpegts").build()) {
            for (int i = 0; i < 5; i++) remuxer.remux(first, out); // classes loaded, paths warm
            long before = threads.getCurrentThreadAllocatedBytes();
            remuxer.remux(first, out);
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertTrue(allocated < first.length / 4, allocated + " bytes allocated for a " + first.length + "-byte segment");
        }
    }
}
