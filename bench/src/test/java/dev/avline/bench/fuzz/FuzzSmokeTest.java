package dev.avline.bench.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The short fuzz run of every build: a few thousand mutated inputs through avline's entry points in
 * a child JVM. One input is made to crash the child on purpose (the harness's self-test): that one
 * must be caught and kept, the run must go on to the end, and no other input may crash or hang.
 * The long run is one command (see RELIABILITY.md).
 */
class FuzzSmokeTest {
    private static final long INPUTS = 2000;
    private static final long CRASH_AT = 11;

    @TempDir
    Path dir;

    @Test
    void aFewThousandMutatedInputsCrashNothingButTheSelfTest() throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Fuzz.Report r = new Fuzz(INPUTS, dir, 7, 500, 60, CRASH_AT, new PrintStream(log, true)).run();
        System.out.print(log);
        assertEquals(List.of(CRASH_AT), r.crashes(), "only the self-test may crash the worker");
        assertTrue(Files.size(dir.resolve("crashes/input-" + CRASH_AT + "-" + new Mutator(Seeds.load(dir.resolve("seeds")), 7)
                .make(CRASH_AT).seed().kind().name().toLowerCase(java.util.Locale.ROOT) + ".bin")) >= 0, "the crashing input was kept");
        assertEquals(List.of(), r.hangs());
        assertEquals(List.of(), r.odd(), "every failure must be FFmpeg's error naming the operation (FfmpegException, or AvlineException at the API)");
        assertEquals(INPUTS / 500, r.memory().size(), "memory reported every 500 inputs: " + log);
        for (long[] m : r.memory()) assertEquals(0, m[4], "a callback registration outlived its job at input " + m[0]);
        assertTrue(r.workers() == 2, "one worker replaced after the self-test crash, got " + r.workers());
    }
}
