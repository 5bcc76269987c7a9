package dev.avline.examples.recorder.progress;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;

import dev.avline.examples.recorder.ProgressMode;

/** Picks the view for {@code --progress}. */
public final class ProgressViews {
    private ProgressViews() {
    }

    public static ProgressView create(ProgressMode mode, PrintStream out, PrintStream err, Path output, Duration max) {
        switch (mode) {
            case JSON: return new JsonView(out, err, output);
            case BAR: return new BarView(out, err, max);
            default: return new QuietView(out, err);
        }
    }
}
