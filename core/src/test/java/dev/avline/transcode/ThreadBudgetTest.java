package dev.avline.transcode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.avline.Avline;
import dev.avline.Container;
import dev.avline.Input;
import dev.avline.Output;
import dev.avline.RecordingResult;
import dev.avline.testkit.MediaProbe;
import dev.avline.testkit.MediaReport;
import dev.avline.testkit.TestMedia;

/** A job's threads come from the embedding application's factory; FFmpeg's codec threads can be capped. */
class ThreadBudgetTest {
    @TempDir
    static Path dir;
    static Path input;

    @BeforeAll
    static void media() {
        input = dir.resolve("in.ts");
        TestMedia.video(320, 240, 25).seconds(4).writeTo(input, "mpegts");
    }

    /** A factory that records the threads it made. */
    static final class Counting implements ThreadFactory {
        final List<Thread> made = new CopyOnWriteArrayList<>();

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r);
            made.add(t);
            return t;
        }
    }

    @Test
    void everyThreadOfATranscodeComesFromTheFactory() {
        Counting factory = new Counting();
        Path out = dir.resolve("factory.ts");
        RecordingResult r = Avline.transcode(Input.url(input.toString()), Output.file(out), TranscodeSettings.defaults())
                .name("budget-job").threadFactory(factory).onEvent(e -> { }).run();
        assertEquals(RecordingResult.State.DONE, r.state(), String.valueOf(r.failure()));
        // the job's thread, its listener's, and demux + 2 × (decode, filter, encode) + mux
        assertEquals(2 + 1 + 6 + 1, factory.made.size(), names(factory));
        assertTrue(factory.made.stream().allMatch(t -> t.getName().startsWith("budget-job")), names(factory));
        MediaReport report = MediaProbe.decodeAll(out);
        assertEquals(100, report.video().frames());
    }

    @Test
    void aJobWithoutListenersStartsNoListenerThread() {
        Counting factory = new Counting();
        RecordingResult r = Avline.copy(Input.url(input.toString()), Output.file(dir.resolve("copy.ts"), Container.MPEGTS))
                .threadFactory(factory).run();
        assertEquals(RecordingResult.State.DONE, r.state(), String.valueOf(r.failure()));
        assertEquals(1, factory.made.size(), names(factory));
    }

    @Test
    void aFactoryThatMakesNoThreadIsRefusedByName() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Avline.copy(Input.url(input.toString()), Output.file(dir.resolve("none.ts"))).threadFactory(r -> null).start());
        assertTrue(e.getMessage().contains("ThreadFactory returned no thread"), e.getMessage());
    }

    /**
     * FFmpeg names its H.264 frame threads {@code av:h264:df…}: with codecThreads(1) the decoder
     * starts none; with FFmpeg's automatic choice it starts some (on more than one CPU).
     */
    @Test
    void codecThreadsCapsTheDecodersFrameThreads() {
        assertEquals(Set.of(), h264FrameThreadsDuring(TranscodeSettings.builder().codecThreads(1).build(), "capped.ts"));
        assumeTrue(Runtime.getRuntime().availableProcessors() > 1, "FFmpeg starts no frame threads on one CPU");
        assertTrue(!h264FrameThreadsDuring(TranscodeSettings.defaults(), "auto.ts").isEmpty());
    }

    @Test
    void codecThreadsIsChecked() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TranscodeSettings.builder().codecThreads(-1));
        assertTrue(e.getMessage().contains("codec_threads"), e.getMessage());
        assertEquals(3, TranscodeSettings.builder().codecThreads(3).build().toBuilder().build().codecThreads());
    }

    /** Thread ids of the process named {@code av:h264…}, sampled at every progress snapshot. */
    private static Set<String> h264FrameThreadsDuring(TranscodeSettings settings, String name) {
        Set<String> seen = ConcurrentHashMap.newKeySet();
        byte[] clip;
        try {
            clip = Files.readAllBytes(input);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        // paced over 1.5 s, so snapshots are taken while the decoder is open however fast the machine
        Input paced = Input.stream(new PacedInputStream(clip, 1.5)).format("mpegts");
        RecordingResult r = Avline.transcode(paced, Output.file(dir.resolve(name)), settings)
                .statsPeriod(Duration.ofMillis(100)).onProgress(p -> seen.addAll(tasksNamed("av:h264"))).run();
        assertEquals(RecordingResult.State.DONE, r.state(), String.valueOf(r.failure()));
        return seen;
    }

    private static Set<String> tasksNamed(String prefix) {
        Set<String> ids = new java.util.HashSet<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            tasks.forEach(t -> {
                try {
                    if (Files.readString(t.resolve("comm")).startsWith(prefix)) ids.add(t.getFileName().toString());
                } catch (IOException ended) {
                    // the thread ended while we looked
                }
            });
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc/self/task", e);
        }
        return ids;
    }

    private static String names(Counting f) {
        return f.made.stream().map(Thread::getName).toList().toString();
    }
}
