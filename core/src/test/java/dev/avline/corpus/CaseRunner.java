package dev.avline.corpus;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

import dev.avline.Avline;
import dev.avline.Input;
import dev.avline.Output;
import dev.avline.Recording;
import dev.avline.RecordingResult;
import dev.avline.hls.LiveSettings;
import dev.avline.testkit.StaticOrigin;

/**
 * Records a case with one client on a fresh origin and judges the result: avline's live client
 * ({@code Avline.record}) or FFmpeg's own HLS demuxer ({@code Avline.copy} of the same URL, the
 * reference). A client still running at the case's time limit is stopped and judged a hang.
 */
final class CaseRunner {
    enum Client {
        AVLINE("avline"), FFMPEG("ffmpeg");

        final String label;

        Client(String label) {
            this.label = label;
        }
    }

    /** Timeouts short enough for loopback, an outage budget longer than any "fails within" of a permanent error. */
    static LiveSettings corpusSettings() {
        return LiveSettings.defaults()
                .stallTimeout(Duration.ofMillis(2500))
                .rwTimeout(Duration.ofSeconds(1))
                .outageBudget(Duration.ofSeconds(OUTAGE_BUDGET_SECONDS));
    }

    static final int OUTAGE_BUDGET_SECONDS = 4;
    private static final long STOP_GRACE_SECONDS = 10;

    private CaseRunner() {
    }

    static Verdict run(CorpusCase c, Client client, Path dir) {
        try (StaticOrigin origin = StaticOrigin.start()) {
            c.setup().serve(origin, CorpusMedia.get());
            String url = origin.url(c.entry());
            // a neutral file name: failure messages quote it, and the judge looks for words in them
            Path out = dir.resolve("rec-" + Integer.toHexString(c.id().hashCode()) + "-" + client.label + ".ts");
            Input in = Input.url(url);
            Recording.Builder b = client == Client.AVLINE
                    ? Avline.record(in, Output.file(out), c.settings().apply(corpusSettings()))
                    : Avline.copy(in, Output.file(out));
            if (c.live() != null) b.maxDuration(c.live());
            b.daemon(true).name("corpus-" + c.id() + "-" + client.label);
            double limit = c.expect().withinSeconds();
            long t0 = System.nanoTime();
            RecordingResult result;
            boolean hung = false;
            try (Recording r = b.start()) {
                try {
                    result = r.await(Duration.ofMillis(Math.round(limit * 1000)));
                } catch (TimeoutException e) {
                    hung = true;
                    r.stop();
                    try {
                        result = r.await(Duration.ofSeconds(STOP_GRACE_SECONDS));
                    } catch (TimeoutException again) {
                        result = null;
                    }
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            return Judge.verdict(c, result, out, seconds, hung, origin.requests(), origin);
        } catch (RuntimeException e) {
            return new Verdict(Verdict.Kind.WRONG, "the run itself failed: " + e, 0);
        }
    }
}
