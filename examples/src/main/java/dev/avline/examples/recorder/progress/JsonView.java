package dev.avline.examples.recorder.progress;

import java.io.PrintStream;
import java.nio.file.Path;

import dev.avline.Progress;
import dev.avline.events.Event;

/** {@code --progress json}: one JSON object per line on stdout, nothing else there. */
final class JsonView implements ProgressView {
    private final PrintStream out;
    private final PrintStream err;
    private final Path output;

    JsonView(PrintStream out, PrintStream err, Path output) {
        this.out = out;
        this.err = err;
        this.output = output;
    }

    @Override
    public void started() {
        // the first snapshot comes with the first packets written
    }

    @Override
    public synchronized void onProgress(Progress p) {
        // The job's closing snapshot repeats the end: the last line, with the totals, takes its place
        // (and today's stream copy reports 0 bytes in it, its output being closed by then).
        if (p.last()) return;
        out.println(JsonLines.snapshot(p, output));
        out.flush();
    }

    @Override
    public void onEvent(Event e) {
        EventLog.log(e);
    }

    @Override
    public synchronized void finished(FinalReport r) {
        out.println(JsonLines.last(r));
        out.flush();
        if (!r.succeeded()) {
            err.println("avline-recorder: recording failed: " + r.error());
            err.flush();
        }
    }
}
