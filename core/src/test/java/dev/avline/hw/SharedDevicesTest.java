package dev.avline.hw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.avline.Avline;
import dev.avline.Input;
import dev.avline.Output;
import dev.avline.RecordingResult;
import dev.avline.ffi.FfmpegException;
import dev.avline.testkit.TestMedia;
import dev.avline.transcode.TranscodeSettings;

/** One device per GPU per process: shared, counted, created lazily, gone when the last user ends. */
class SharedDevicesTest {
    @TempDir
    Path dir;

    /** A thing with an open/closed state, to watch the pool's bookkeeping (the device-specific part is tested below for real). */
    static final class Counted implements AutoCloseable {
        final String key;
        boolean closed;

        Counted(String key) {
            this.key = key;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void usersShareOneValueWhichIsClosedWithTheLastOfThem() {
        AtomicInteger opened = new AtomicInteger();
        RefCountedPool<String, Counted> pool = new RefCountedPool<>(k -> {
            opened.incrementAndGet();
            return new Counted(k);
        });
        RefCountedPool.Use<Counted> a = pool.acquire("cuda");
        RefCountedPool.Use<Counted> b = pool.acquire("cuda");
        RefCountedPool.Use<Counted> other = pool.acquire("vaapi /dev/dri/renderD128");
        assertSame(a.value(), b.value());
        assertNotSame(a.value(), other.value());
        assertEquals(2, opened.get());
        assertEquals(2, pool.users("cuda"));
        a.close();
        a.close(); // idempotent: must not take b's use away
        assertEquals(1, pool.users("cuda"));
        assertTrue(!b.value().closed);
        b.close();
        assertTrue(b.value().closed, "closed with its last user");
        assertEquals(1, pool.size(), "only the value still in use is held");
        other.close();
        assertEquals(0, pool.size(), "nothing of a finished job stays reachable");
        RefCountedPool.Use<Counted> again = pool.acquire("cuda");
        assertEquals(3, opened.get(), "created again, lazily, for the next job");
        assertTrue(!again.value().closed);
        again.close();
    }

    @Test
    void aLostValueIsReplacedForNewUsersAndClosedWhenItsOwnUsersEnd() {
        RefCountedPool<String, Counted> pool = new RefCountedPool<>(Counted::new);
        RefCountedPool.Use<Counted> running = pool.acquire("cuda");
        running.markLost();
        RefCountedPool.Use<Counted> next = pool.acquire("cuda");
        assertNotSame(running.value(), next.value(), "a job starting after the loss gets a new device");
        assertTrue(!running.value().closed, "the running job still holds the old one");
        running.close();
        assertTrue(running.value().closed);
        assertTrue(!next.value().closed);
        assertEquals(1, pool.users("cuda"));
        next.close();
        assertEquals(0, pool.size());
    }

    @Test
    void aValueThatCannotBeCreatedLeavesNothingBehind() {
        RefCountedPool<String, Counted> pool = new RefCountedPool<>(k -> {
            throw new IllegalStateException("no driver for " + k);
        });
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> pool.acquire("cuda"));
        assertEquals("no driver for cuda", e.getMessage());
        assertEquals(0, pool.size());
    }

    @Test
    void aRealDeviceThatFailsToOpenIsNotKept() {
        DeviceSpec spec = DeviceSpec.of(HwKind.CUDA, null);
        assumeTrue(!HwProbe.device(HwKind.CUDA, null).ok(), "this machine has a CUDA device");
        int before = SharedDevices.open();
        FfmpegException e = assertThrows(FfmpegException.class, () -> SharedDevices.acquire(spec));
        assertTrue(e.getMessage().contains("create cuda device"), e.getMessage());
        assertEquals(before, SharedDevices.open());
        assertEquals(0, SharedDevices.users(spec));
    }

    /** Where a GPU exists: two jobs at once share one device, and it is gone after both. */
    @Test
    void concurrentJobsShareOneDevice() throws Exception {
        HwKind kind = null;
        for (HwKind k : HwKind.AUTO_ORDER) {
            if (HwProbe.device(k, null).ok()) {
                kind = k;
                break;
            }
        }
        assumeTrue(kind != null, "no GPU device here");
        DeviceSpec spec = HwProbe.device(kind, null).device();
        try (DeviceLease a = SharedDevices.acquire(spec); DeviceLease b = SharedDevices.acquire(spec)) {
            assertSame(a.device(), b.device());
            assertEquals(2, SharedDevices.users(spec));
        }
        assertEquals(0, SharedDevices.users(spec));
        Path in = dir.resolve("in.ts");
        TestMedia.video(640, 360, 25).seconds(2).writeTo(in, "mpegts");
        List<Thread> jobs = new ArrayList<>();
        List<RecordingResult> results = java.util.Collections.synchronizedList(new ArrayList<>());
        int[] peak = {0};
        for (int i = 0; i < 3; i++) {
            Path out = dir.resolve("job" + i + ".ts");
            HwKind k = kind;
            jobs.add(new Thread(() -> results.add(Avline.transcode(Input.url(in.toString()), Output.file(out),
                    TranscodeSettings.builder().hardware(Hardware.of(HwAccel.valueOf(k.name()))).build())
                    .onProgress(p -> peak[0] = Math.max(peak[0], SharedDevices.users(spec))).run())));
        }
        jobs.forEach(Thread::start);
        for (Thread t : jobs) t.join(60_000);
        for (RecordingResult r : results) assertEquals(RecordingResult.State.DONE, r.state(), String.valueOf(r.failure()));
        System.out.println("peak users of one " + spec.describe() + ": " + peak[0]);
        assertEquals(0, SharedDevices.users(spec), "released when the last job ended");
    }
}
