package dev.avline.copy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.avline.Avline;
import dev.avline.Container;
import dev.avline.Input;
import dev.avline.JobSummary;
import dev.avline.Output;
import dev.avline.RecordingResult;
import dev.avline.remux.StreamCopy;
import dev.avline.testkit.TestMedia;

/**
 * The remux loop allocates nothing per packet: the Java heap used by a copy grows with the
 * number of I/O buffers, not with the number of packets. Measured as the marginal allocation
 * between a short and a long input (setup costs cancel out), on the job's own thread.
 */
class HotPathAllocationTest {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @Test
    void toAFile() {
        assertTiny(Output.file(java.nio.file.Path.of("/dev/null"), Container.MPEGTS).overwrite(true), "file");
    }

    @Test
    void toAStream() {
        assertTiny(Output.stream(OutputStream.nullOutputStream(), Container.MPEGTS), "stream");
    }

    private static void assertTiny(Output out, String what) {
        byte[] shortTs = TestMedia.video(64, 48, 50).seconds(2).toBytes("mpegts", Map.of());
        byte[] longTs = TestMedia.video(64, 48, 50).seconds(10).toBytes("mpegts", Map.of());
        long[] shortRun = measure(shortTs, out);
        long[] longRun = measure(longTs, out);
        for (int i = 0; i < 3; i++) { // the JIT settles: keep the lowest figures
            shortRun = min(shortRun, measure(shortTs, out));
            longRun = min(longRun, measure(longTs, out));
        }
        long packets = longRun[1] - shortRun[1];
        assertTrue(packets > 700, "packets " + packets);
        double perPacket = (double) (longRun[0] - shortRun[0]) / packets;
        System.out.printf("remux loop (%s): %.1f bytes allocated per packet (%d packets)%n", what, perPacket, packets);
        // the target for the remux loop is at most 16 B per packet
        assertTrue(perPacket <= 16, perPacket + " bytes allocated per packet to " + what);
    }

    private static long[] min(long[] a, long[] b) {
        return new long[] {Math.min(a[0], b[0]), a[1]};
    }

    /** {bytes allocated by the job thread, packets written}. */
    private static long[] measure(byte[] ts, Output out) {
        long[] result = new long[2];
        RecordingResult r = Avline.run(ctx -> {
            long tid = Thread.currentThread().getId();
            long before = THREADS.getThreadAllocatedBytes(tid);
            JobSummary s = new StreamCopy(Input.bytes(ts).format("mpegts"),
                    out).run(ctx);
            result[0] = THREADS.getThreadAllocatedBytes(tid) - before;
            result[1] = s.packets();
            return s;
        }, "alloc").run();
        assertEquals(RecordingResult.State.DONE, r.state(), String.valueOf(r.failure()));
        return result;
    }
}
