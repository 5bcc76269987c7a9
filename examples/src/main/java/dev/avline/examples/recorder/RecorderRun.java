package dev.avline.examples.recorder;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

import dev.avline.Avline;
import dev.avline.OutputRefused;
import dev.avline.Recording;
import dev.avline.RecordingResult;
import dev.avline.examples.recorder.demo.DemoStream;
import dev.avline.examples.recorder.demo.DemoStreams;
import dev.avline.examples.recorder.progress.FinalReport;
import dev.avline.examples.recorder.progress.ProgressView;
import dev.avline.examples.recorder.progress.ProgressViews;
import dev.avline.examples.recorder.progress.SegmentTally;

/** Runs one recording from resolved settings: plans the job, shows progress, stops on a signal, reports the end. */
final class RecorderRun {
    private final RecorderSettings settings;
    private final PrintStream out;
    private final PrintStream err;

    RecorderRun(RecorderSettings settings, PrintStream out, PrintStream err) {
        this.settings = settings;
        this.out = out;
        this.err = err;
    }

    /** An output refused before anything was written, directly or as the cause of a combined job's failure. */
    private static boolean refused(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof OutputRefused) return true;
        }
        return false;
    }

    /** @return the exit status: 0 done, 1 failed, 3 output refused */
    int execute() {
        long start = System.nanoTime();
        DemoStream demo = null;
        try {
            String url = settings.input();
            if (settings.demo()) {
                double seconds = settings.duration().toNanos() / 1e9;
                err.println("avline-recorder: demo: making a live HLS test stream...");
                demo = DemoStreams.start();
                url = demo.playlistUrl();
                err.printf(Locale.ROOT, "avline-recorder: demo: serving a %s at %s%n", demo.description(), url);
                err.printf(Locale.ROOT, "avline-recorder: demo: recording %.0f s of it to %s%n", seconds, settings.output());
            }
            Recording.Builder job = new JobPlanner().plan(settings, url);
            Avline.ffmpegLogLevel(settings.loglevel());
            ProgressView view = ProgressViews.create(settings.progress(), out, err, settings.output(), settings.duration());
            SegmentTally.Counter segments = new SegmentTally.Counter();
            Recording recording = job.onProgress(view).onEvent(e -> {
                segments.onEvent(e);
                view.onEvent(e);
            }).start();
            StopOnSignal stop = StopOnSignal.install(recording);
            int code = 1;
            try {
                view.started();
                RecordingResult result = recording.await();
                FinalReport report = FinalReport.of(result, settings.mode().value().label(), recording.progress(),
                        settings.output(), settings.duration(), stop.signalled(), Duration.ofNanos(System.nanoTime() - start),
                        segments.tally());
                view.finished(report);
                code = report.succeeded() ? RecorderMain.DONE
                        : refused(result.failure()) ? RecorderMain.OUTPUT_REFUSED : RecorderMain.FAILED;
                if (settings.demo() && report.succeeded() && settings.progress() != ProgressMode.JSON) {
                    err.println("avline-recorder: demo: that file plays in mpv, VLC or ffplay");
                    err.flush();
                }
            } finally {
                stop.reported(code);
            }
            return code;
        } finally {
            if (demo != null) demo.close();
        }
    }
}
