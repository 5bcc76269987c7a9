package dev.avline.examples.recorder.progress;

import java.io.PrintStream;
import java.util.Locale;

/**
 * How a recording ended, for people: a line on stderr, and on success the output's path alone on
 * stdout (so {@code path=$(avline-recorder …)} works).
 */
final class HumanSummary {
    private HumanSummary() {
    }

    static void print(FinalReport r, PrintStream out, PrintStream err) {
        if (r.succeeded()) {
            String segments = r.segments().count() == 0 ? ""
                    : String.format(Locale.ROOT, "%d segment%s, ", r.segments().count(), r.segments().count() == 1 ? "" : "s");
            err.printf(Locale.ROOT, "avline-recorder: done (%s): %.2f s of media, %s, %s%d event%s, in %.1f s%n",
                    why(r.endedBy()), r.durationSeconds(), bytes(r.bytes()), segments, r.events().size(),
                    r.events().size() == 1 ? "" : "s", r.elapsedSeconds());
            out.println(r.output());
        } else {
            err.println("avline-recorder: recording failed: " + r.error());
            if (r.partial() != null) err.println("avline-recorder: what was recorded before the failure is kept in " + r.partial());
        }
        out.flush();
        err.flush();
    }

    private static String why(String endedBy) {
        switch (endedBy) {
            case "duration": return "duration reached";
            case "input_end": return "the input ended";
            case "signal": return "stopped by a signal, output finalized";
            default: return endedBy;
        }
    }

    static String bytes(long n) {
        if (n < 1000) return n + " B";
        if (n < 1_000_000) return String.format(Locale.ROOT, "%.1f kB", n / 1e3);
        if (n < 1_000_000_000) return String.format(Locale.ROOT, "%.1f MB", n / 1e6);
        return String.format(Locale.ROOT, "%.2f GB", n / 1e9);
    }
}
