package dev.avline.examples.recorder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Usage paths in-process: they end before any FFmpeg or logger is touched. */
class RecorderMainTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return new RecorderMain(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void helpListsTheContractOnStdout() {
        assertEquals(0, run("--help"));
        String help = out.toString(StandardCharsets.UTF_8);
        for (String option : new String[] {"--copy", "--transcode", "--hw", "--format", "--duration", "--audio-normalize",
                "--header", "--variant", "--config", "--stats-period", "--progress", "--overwrite", "-y", "--demo", "Exit status"}) {
            assertTrue(help.contains(option), option + " missing from --help:\n" + help);
        }
        assertEquals("", err());
    }

    @Test
    void badOptionValuesExitTwoNamingTheOption() {
        assertEquals(2, run("--variant", "highest", "in", "out.ts"));
        assertTrue(err().contains("'--variant'"), err());
        err.reset();
        assertEquals(2, run("--duration", "-1", "in", "out.ts"));
        assertTrue(err().contains("'--duration'"), err());
        err.reset();
        assertEquals(2, run("--stats-period", "0.01", "in", "out.ts"));
        assertTrue(err().contains("'--stats-period'") && err().contains("at least 0.1"), err());
        err.reset();
        assertEquals(2, run("--progress", "loud", "in", "out.ts"));
        assertTrue(err().contains("'--progress'"), err());
        err.reset();
        assertEquals(2, run("--hw", "gpu", "in", "out.ts"));
        assertTrue(err().contains("'--hw'"), err());
        err.reset();
        assertEquals(2, run("--header", "no colon", "in", "out.ts"));
        assertTrue(err().contains("'--header'"), err());
        err.reset();
        assertEquals(2, run("--copy", "--transcode", "in", "out.ts"));
        assertTrue(err().contains("--copy, --transcode are mutually exclusive"), err());
        err.reset();
        assertEquals(2, run("--no-such-option", "in", "out.ts"));
        assertTrue(err().contains("--no-such-option"), err());
        assertEquals("", out.toString(StandardCharsets.UTF_8), "nothing on stdout for a usage error");
    }

    @Test
    void configErrorsExitTwoNamingTheKey() throws Exception {
        Path cfg = Files.writeString(dir.resolve("c.json"), "{\"ffmpeg\": {\"probe_size\": \"lots\"}}");
        assertEquals(2, run("--config", cfg.toString(), "in", dir.resolve("o.ts").toString()));
        assertTrue(err().contains("ffmpeg.probe_size: expected a size like 10M"), err());
    }

    @Test
    void transcodeOnlyOptionsWithACopyExitTwoNamingTheOption() {
        assertEquals(2, run("--hw", "cuda", "in", dir.resolve("o.ts").toString()));
        assertTrue(err().contains("--hw applies to --transcode only"), err());
        err.reset();
        assertEquals(2, run("--copy", "--audio-normalize", "in", dir.resolve("o.ts").toString()));
        assertTrue(err().contains("--audio-normalize applies to --transcode only"), err());
        assertEquals("", out.toString(StandardCharsets.UTF_8), "nothing on stdout for a usage error");
    }
}
