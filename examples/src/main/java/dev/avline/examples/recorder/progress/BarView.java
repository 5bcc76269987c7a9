package dev.avline.examples.recorder.progress;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

import dev.avline.Progress;
import dev.avline.events.Event;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * {@code --progress bar}: a terminal progress bar on stderr, in seconds of media, full at
 * {@code --duration} (a moving bar without one), with size and speed beside it (and, for a transcode,
 * frames per second and the hardware in use).
 */
final class BarView implements ProgressView {
    private final PrintStream out;
    private final PrintStream err;
    private final Duration max;
    private ProgressBar bar;

    BarView(PrintStream out, PrintStream err, Duration max) {
        this.out = out;
        this.err = err;
        this.max = max;
    }

    @Override
    public synchronized void started() {
        bar = new ProgressBarBuilder()
                .setTaskName("recording")
                .setInitialMax(max == null ? -1 : (long) Math.ceil(max.toNanos() / 1e9))
                .setUnit(" s", 1)
                .setStyle(ProgressBarStyle.ASCII) // plain characters: right on any terminal and locale
                .setConsumer(new ConsoleProgressBarConsumer(err))
                .setUpdateIntervalMillis(250)
                .hideEta()
                .build();
    }

    @Override
    public synchronized void onProgress(Progress p) {
        if (bar == null || p.last()) return; // the closing snapshot: the summary line follows
        bar.stepTo((long) Math.floor(p.outTimeSeconds()));
        String message = String.format(Locale.ROOT, "%s %.2fx", HumanSummary.bytes(p.bytes()), p.speed());
        // A transcode (the only job with queues between stages): its frame rate and where it encodes.
        if (!p.queueDepths().isEmpty()) {
            message += String.format(Locale.ROOT, " %.0f fps %s", p.fps(), "none".equals(p.hardware()) ? "software" : p.hardware());
        }
        bar.setExtraMessage(message);
    }

    @Override
    public void onEvent(Event e) {
        EventLog.log(e);
    }

    @Override
    public synchronized void finished(FinalReport r) {
        if (bar != null) {
            if (r.succeeded()) {
                if (max != null && "duration".equals(r.endedBy())) bar.stepTo(bar.getMax());
                else bar.stepTo((long) Math.floor(r.durationSeconds()));
                bar.setExtraMessage(HumanSummary.bytes(r.bytes())); // the totals, not the last snapshot's
            }
            bar.close();
            bar = null;
        }
        HumanSummary.print(r, out, err);
    }
}
