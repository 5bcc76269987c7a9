package dev.avline.examples.recorder;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.avline.Recording;

/**
 * Ctrl-C and SIGTERM: a shutdown hook stops the recording, waits until the output is finalized and
 * the program has reported the end, and then ends the JVM with the program's own exit status (0 for
 * a clean stop) instead of the signal's 130/143: the recording did end well.
 */
final class StopOnSignal {
    /** Finalizing a TS or fMP4 file takes milliseconds; the rest is the input's interrupt and the report. */
    static final Duration FINALIZE_TIMEOUT = Duration.ofSeconds(20);

    private final Recording recording;
    private final CountDownLatch reported = new CountDownLatch(1);
    private final Thread hook;
    private volatile boolean signalled;
    private volatile boolean exiting;
    private volatile int exitCode = 1;

    private StopOnSignal(Recording recording) {
        this.recording = recording;
        this.hook = new Thread(this::onShutdown, "recorder-stop");
    }

    static StopOnSignal install(Recording recording) {
        StopOnSignal s = new StopOnSignal(recording);
        Runtime.getRuntime().addShutdownHook(s.hook);
        return s;
    }

    private void onShutdown() {
        if (!exiting) { // a signal, not the program's own exit
            signalled = true;
            recording.stop();
        }
        try {
            // Wait for the program's report (which follows the finalized output), not just the output.
            if (!reported.await(FINALIZE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                System.err.println("avline-recorder: the output was not finalized within "
                        + FINALIZE_TIMEOUT.toSeconds() + " s of the stop");
                exitCode = 1;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(exitCode);
    }

    /** True when a signal (or another shutdown) stopped the recording. */
    boolean signalled() {
        return signalled;
    }

    /** The end was reported; {@code code} is the exit status. Called once, by the main thread. */
    void reported(int code) {
        exitCode = code;
        exiting = true;
        reported.countDown();
    }
}
