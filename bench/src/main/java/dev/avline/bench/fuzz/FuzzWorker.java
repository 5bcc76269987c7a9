package dev.avline.bench.fuzz;

import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

import dev.avline.Avline;
import dev.avline.AvlineException;
import dev.avline.Container;
import dev.avline.Input;
import dev.avline.Output;
import dev.avline.Recording;
import dev.avline.RecordingResult;
import dev.avline.ffi.FfmpegException;
import dev.avline.ffi.InputContainer;
import dev.avline.ffi.IoInterrupt;
import dev.avline.ffi.LogBridge;
import dev.avline.ffi.Packet;
import dev.avline.ffi.Registrations;
import dev.avline.hw.Hardware;
import dev.avline.transcode.StageFailure;
import dev.avline.transcode.TranscodeSettings;

/**
 * The child JVM of {@link Fuzz}: runs inputs {@code [from, to)} through avline's entry points and
 * tells the parent on stdout, one line each, so that a native crash (this JVM dying) or a hang (no
 * line for too long) points at the input that caused it.
 *
 * <pre>
 *   start I                 before input I (the parent keeps it if nothing follows)
 *   odd I TARGET CLASS: MSG a failure that is not FFmpeg's error naming the operation
 *   mem I RSS_KB HEAP_KB THREADS REGISTRATIONS   every --mem-every inputs, after a full GC
 *   end                     all done
 * </pre>
 *
 * Entry points, by seed kind. Media (TS, MP4, fMP4): an open with stream analysis and a read of
 * every packet; {@code Avline.remuxSegment} into TS or fMP4; every 10th a {@code Avline.copy} as a
 * job on its own thread, stopped from this thread when it takes too long; every 40th a
 * {@code Avline.transcode} (software, stopped after 3 s). Playlists (a VOD playlist whose segments
 * are the seeds' on disk): {@code Avline.copy} of the playlist file, stopped after 3 s; every 10th
 * the playlist as bytes with {@code format("hls")}.
 */
public final class FuzzWorker {
    private static final Duration JOB_DEADLINE = Duration.ofSeconds(3);
    private static final OutputStream NOWHERE = OutputStream.nullOutputStream();

    private final PrintStream out;
    private final Path scratch;

    private FuzzWorker(PrintStream out, Path scratch) {
        this.out = out;
        this.scratch = scratch;
    }

    /**
     * {@code FuzzWorker SEEDS_DIR MASTER_SEED FROM TO MEM_EVERY CRASH_AT [MUTATE]} (CRASH_AT -1: none; a
     * self-test of the parent. MUTATE false: the seeds unchanged, the baseline for memory).
     */
    public static void main(String[] args) throws Exception {
        Path seedsDir = Path.of(args[0]);
        long master = Long.parseLong(args[1]);
        long from = Long.parseLong(args[2]);
        long to = Long.parseLong(args[3]);
        long memEvery = Long.parseLong(args[4]);
        long crashAt = Long.parseLong(args[5]);
        boolean mutate = args.length < 7 || Boolean.parseBoolean(args[6]);
        LogBridge.setLevel("quiet");
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
        System.setOut(new PrintStream(NOWHERE)); // nothing else may write on the parent's channel
        Mutator mutator = new Mutator(Seeds.load(seedsDir), master, mutate);
        Path scratch = Files.createTempDirectory("avline-fuzz");
        FuzzWorker w = new FuzzWorker(out, scratch);
        try {
            for (long i = from; i < to; i++) {
                out.println("start " + i);
                if (i == crashAt) crashThisJvm();
                w.run(mutator.make(i));
                if (memEvery > 0 && (i + 1) % memEvery == 0) w.memory(i + 1);
            }
            out.println("end");
        } finally {
            try (var files = Files.list(scratch)) {
                files.forEach(p -> p.toFile().delete());
            }
            Files.deleteIfExists(scratch);
        }
    }

    private void run(Mutator.Case c) {
        byte[] b = c.bytes();
        long i = c.index();
        if (c.seed().isPlaylist()) {
            Path playlist = c.seed().dir().resolve("fuzz-" + ProcessHandle.current().pid() + ".m3u8");
            try {
                Files.write(playlist, b);
                guarded(c, "copy-playlist", () -> job(Avline.copy(Input.url(playlist.toString())
                        .option("m3u8_hold_counters", "1"), Output.stream(NOWHERE, Container.MPEGTS))));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            } finally {
                playlist.toFile().delete();
            }
            if (i % 10 == 0) {
                guarded(c, "hls-bytes", () -> job(Avline.copy(Input.bytes(b).format("hls"),
                        Output.stream(NOWHERE, Container.MPEGTS))));
            }
            return;
        }
        guarded(c, "open-read", () -> openAndRead(b));
        Container container = i % 2 == 0 ? Container.MPEGTS : Container.FRAGMENTED_MP4;
        guarded(c, "remux-segment", () -> Avline.remuxSegment(b, container));
        if (i % 10 == 3) guarded(c, "copy", () -> job(Avline.copy(Input.bytes(b), Output.stream(NOWHERE, container))));
        if (i % 40 == 7) {
            guarded(c, "transcode", () -> job(Avline.transcode(Input.bytes(b), Output.stream(NOWHERE, Container.MPEGTS),
                    TranscodeSettings.builder().hardware(Hardware.none()).build())));
        }
    }

    private static void openAndRead(byte[] b) {
        try (InputContainer in = Input.bytes(b).opener(new IoInterrupt()).open(); Packet p = new Packet()) {
            int n = 0;
            while (n++ < 100_000 && in.read(p)) {
                p.unref();
            }
        }
    }

    /** Runs a job on its own thread; stops it from here when it takes longer than the deadline. */
    private static void job(Recording.Builder builder) {
        Recording r = builder.start();
        RecordingResult result;
        try {
            result = r.await(JOB_DEADLINE);
        } catch (TimeoutException e) {
            r.stop();
            result = r.await();
        }
        if (result.failure() instanceof RuntimeException re) throw re;
        if (result.failure() != null) throw new IllegalStateException(result.failure());
    }

    /**
     * Expected failures are FFmpeg's errors (an FfmpegException inside, an AvlineException naming the
     * operation at the API: {@code Avline.remuxSegment} throws those) and argument checks; anything
     * else is reported.
     */
    private void guarded(Mutator.Case c, String target, Runnable body) {
        try {
            body.run();
        } catch (FfmpegException | IllegalArgumentException expected) {
            // bad input, said clearly: the point of the exercise
        } catch (StageFailure f) {
            // a transcode stage names itself and carries FFmpeg's error; anything else under it is odd
            if (!(f.getCause() instanceof FfmpegException)) odd(c, target, f);
        } catch (AvlineException e) {
            // the API's form of the same; one without an operation wraps something that was not FFmpeg's error
            if (e.operation() == null) odd(c, target, e);
        } catch (Throwable t) {
            odd(c, target, t);
        }
    }

    private void odd(Mutator.Case c, String target, Throwable t) {
        String msg = String.valueOf(t.getMessage()).replace('\n', ' ');
        out.println("odd " + c.index() + " " + target + " " + t.getClass().getName() + ": "
                + msg.substring(0, Math.min(300, msg.length())));
    }

    private void memory(long done) {
        for (int k = 0; k < 3; k++) System.gc();
        Runtime rt = Runtime.getRuntime();
        long heapKb = (rt.totalMemory() - rt.freeMemory()) / 1024;
        out.println("mem " + done + " " + ProcessMemory.rssKb(ProcessHandle.current().pid()) + " " + heapKb + " "
                + Thread.activeCount() + " " + Registrations.total());
    }

    /** The parent's self-test: a native crash, as a real one would look (SIGSEGV in this JVM). */
    private static void crashThisJvm() throws Exception {
        Field f = Class.forName("sun.misc.Unsafe").getDeclaredField("theUnsafe");
        f.setAccessible(true);
        Object unsafe = f.get(null);
        unsafe.getClass().getMethod("putAddress", long.class, long.class).invoke(unsafe, 0L, 0L);
    }
}
