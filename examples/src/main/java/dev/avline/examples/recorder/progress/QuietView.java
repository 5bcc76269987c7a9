package dev.avline.examples.recorder.progress;

import java.io.PrintStream;

import dev.avline.Progress;
import dev.avline.events.Event;

/** {@code --progress none}: events in the log, and the closing lines. */
final class QuietView implements ProgressView {
    private final PrintStream out;
    private final PrintStream err;

    QuietView(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public void started() {
    }

    @Override
    public void onProgress(Progress p) {
    }

    @Override
    public void onEvent(Event e) {
        EventLog.log(e);
    }

    @Override
    public void finished(FinalReport r) {
        HumanSummary.print(r, out, err);
    }
}
