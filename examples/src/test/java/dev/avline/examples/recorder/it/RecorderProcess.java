package dev.avline.examples.recorder.it;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The recorder as users run it: {@code java -jar avline-recorder.jar …} in its own process, the same
 * java as the tests. Collects stdout lines and stderr, waits with bounds, sends signals.
 */
final class RecorderProcess implements AutoCloseable {
    static final Path JAR = Path.of(System.getProperty("recorder.jar", "target/avline-recorder.jar"));
    private static final Boolean ENV_RESETS_SIGNALS = envResetsSignals();

    private final Process process;
    private final List<String> stdout = new ArrayList<>();
    private final StringBuilder stderr = new StringBuilder();
    private final Thread outReader;
    private final Thread errReader;

    private RecorderProcess(Process process) {
        this.process = process;
        this.outReader = pump(process.getInputStream(), line -> {
            synchronized (stdout) {
                stdout.add(line);
                stdout.notifyAll();
            }
        });
        this.errReader = pump(process.getErrorStream(), line -> {
            synchronized (stderr) {
                stderr.append(line).append('\n');
            }
        });
    }

    static RecorderProcess start(Path workDir, String... args) {
        assertTrue(Files.isRegularFile(JAR), "the shaded jar is built in the package phase: " + JAR.toAbsolutePath());
        List<String> cmd = new ArrayList<>();
        // A shell without job control starts background commands with SIGINT ignored, and a JVM keeps an
        // ignored SIGINT ignored. GNU env can give the child the default back, so Ctrl-C is testable anywhere.
        if (ENV_RESETS_SIGNALS) cmd.addAll(List.of("env", "--default-signal=INT"));
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-jar");
        cmd.add(JAR.toAbsolutePath().toString());
        cmd.addAll(List.of(args));
        try {
            return new RecorderProcess(new ProcessBuilder(cmd).directory(workDir.toFile()).start());
        } catch (IOException e) {
            throw new AssertionError("cannot start " + cmd, e);
        }
    }

    private static boolean envResetsSignals() {
        try {
            Process p = new ProcessBuilder("env", "--default-signal=INT", "true").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** True when SIGINT reaches the child: not ignored here, or reset by env. */
    static boolean sigintDeliverable() {
        if (ENV_RESETS_SIGNALS) return true;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("SigIgn:")) return (Long.parseLong(line.substring(7).trim(), 16) & 2) == 0;
            }
        } catch (IOException | NumberFormatException e) {
            return true;
        }
        return true;
    }

    private static Thread pump(InputStream in, java.util.function.Consumer<String> sink) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) sink.accept(line);
            } catch (IOException ignored) {
                // the process ended
            }
        }, "recorder-output");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Waits until a stdout line matches; fails after {@code timeout}. */
    String awaitLine(Predicate<String> match, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        synchronized (stdout) {
            for (;;) {
                for (String l : stdout) {
                    if (match.test(l)) return l;
                }
                long left = end - System.nanoTime();
                if (left <= 0 || !process.isAlive() && !outReader.isAlive()) {
                    fail("no matching line within " + timeout + "; stdout:\n" + String.join("\n", stdout)
                            + "\nstderr:\n" + stderr());
                }
                stdout.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
    }

    /** Waits for the exit; fails (and kills it) after {@code timeout}. */
    int exitCode(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            fail("the recorder did not end within " + timeout + "; stderr:\n" + stderr());
        }
        outReader.join(5000);
        errReader.join(5000);
        return process.exitValue();
    }

    void signal(String name) throws IOException, InterruptedException {
        // The shell's built-in kill: a kill executable is not on every minimal system.
        Process kill = new ProcessBuilder("sh", "-c", "kill -s " + name + " " + process.pid()).inheritIO().start();
        assertTrue(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0, "kill -" + name + " failed");
    }

    /**
     * SIGTERM. Not {@link Process#destroy()}: it sends SIGTERM too, but also closes this side's pipes,
     * so the program's last line would never be read.
     */
    void terminate() throws IOException, InterruptedException {
        signal("TERM");
    }

    List<String> stdoutLines() {
        synchronized (stdout) {
            return List.copyOf(stdout);
        }
    }

    String stderr() {
        synchronized (stderr) {
            return stderr.toString();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) process.destroyForcibly();
    }
}
