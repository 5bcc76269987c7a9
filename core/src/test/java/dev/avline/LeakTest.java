package dev.avline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.avline.ffi.NativeResource;
import dev.avline.ffi.Registrations;
import dev.avline.hls.LiveRecorder;
import dev.avline.hls.LiveSettings;
import dev.avline.hw.Hardware;
import dev.avline.remux.StreamCopy;
import dev.avline.testkit.LiveHlsOrigin;
import dev.avline.testkit.TestMedia;
import dev.avline.transcode.Transcode;
import dev.avline.transcode.TranscodeSettings;

/**
 * Nothing static reaches a finished job: copies, transcodes and live recordings, stopped at random
 * moments from other threads (while opening, while writing, while waiting for the origin), are all
 * collected once they ended — the recording, its job, and its input's byte source (which only the
 * input container holds) — and avline's callback tables are back where they started.
 */
class LeakTest {
    private static final int EACH = 5;

    @TempDir
    Path dir;

    /** Serves the bytes slowly, so a stop can land anywhere in the job. */
    private static InputStream slow(byte[] data) {
        return new FilterInputStream(new ByteArrayInputStream(data)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                try {
                    Thread.sleep(8);
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
                return super.read(b, off, Math.min(len, 8192));
            }
        };
    }

    @Test
    void stoppedJobsAreCollected() throws Exception {
        byte[] ts = TestMedia.video(160, 120, 25).seconds(3).toBytes("mpegts", Map.of());
        Map<String, Integer> registrationsBefore = Registrations.snapshot();
        long leakedBefore = NativeResource.leakedHandles();
        List<WeakReference<Object>> refs = new ArrayList<>();
        List<String> what = new ArrayList<>();
        List<RecordingResult.State> states = new ArrayList<>();
        Random random = new Random(3);
        ScheduledExecutorService stoppers = Executors.newScheduledThreadPool(2);
        try (LiveHlsOrigin origin = LiveHlsOrigin.builder().segmentSeconds(0.5).video(160, 120, 20).window(6).start()) {
            LiveSettings live = LiveSettings.defaults().stallTimeout(Duration.ofMillis(2500)).rwTimeout(Duration.ofSeconds(1))
                    .outageBudget(Duration.ofSeconds(20)).liveStartIndex(-1);
            List<Recording> running = new ArrayList<>();
            for (int i = 0; i < 3 * EACH; i++) {
                Job job;
                String kind;
                InputStream source = null;
                Output out = Output.file(dir.resolve("out-" + i + ".ts"));
                if (i % 3 == 0) {
                    source = slow(ts);
                    job = new StreamCopy(Input.stream(source).format("mpegts"), out);
                    kind = "copy";
                } else if (i % 3 == 1) {
                    source = slow(ts);
                    job = new Transcode(Input.stream(source).format("mpegts"), out,
                            TranscodeSettings.builder().hardware(Hardware.none()).build());
                    kind = "transcode";
                } else {
                    job = new LiveRecorder(Input.url(origin.playlistUrl()), out, live);
                    kind = "live";
                }
                Recording r = Avline.run(job, kind).statsPeriod(Duration.ofMillis(200)).onEvent(e -> { }).onProgress(p -> { }).start();
                refs.add(new WeakReference<>(r));
                refs.add(new WeakReference<>(job));
                what.add(kind + " #" + i + " recording");
                what.add(kind + " #" + i + " job");
                if (source != null) {
                    refs.add(new WeakReference<>(source));
                    what.add(kind + " #" + i + " input source");
                }
                stoppers.schedule(r::stop, random.nextInt(1500), TimeUnit.MILLISECONDS);
                running.add(r);
            }
            for (Recording r : running) states.add(r.await(Duration.ofSeconds(60)).state());
            running.clear();
        } finally {
            stoppers.shutdownNow();
            assertTrue(stoppers.awaitTermination(10, TimeUnit.SECONDS));
        }
        for (RecordingResult.State s : states) assertTrue(s != null, "every job ended");
        for (int round = 0; round < 50 && refs.stream().anyMatch(w -> w.get() != null); round++) {
            System.gc();
            Thread.sleep(100);
        }
        List<String> alive = new ArrayList<>();
        for (int k = 0; k < refs.size(); k++) {
            if (refs.get(k).get() != null) alive.add(what.get(k));
        }
        assertEquals(List.of(), alive, "still reachable after the jobs ended");
        assertEquals(registrationsBefore, Registrations.snapshot(), "callback registrations left behind");
        assertEquals(leakedBefore, NativeResource.leakedHandles(), "native handles collected without being closed");
        System.out.println("leak test: states " + states);
    }
}
