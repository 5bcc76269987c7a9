package dev.avline.examples.embedding;

import java.nio.file.Path;
import java.time.Duration;

import dev.avline.Avline;
import dev.avline.Input;
import dev.avline.Output;
import dev.avline.Recording;
import dev.avline.RecordingResult;
import dev.avline.hls.LiveSettings;
import dev.avline.hls.UrlPolicy;

/**
 * Embedding: record a live HLS stream to MPEG-TS for a while, with progress and events, from a
 * Java server. avline fetches every playlist and segment itself (retried, checked against its
 * Content-Length), re-opens the input when FFmpeg gives up, and reports each loss as a {@code gap}
 * event; {@code stop()} from any thread ends it early with a finalized file.
 *
 * <pre>java -cp avline-recorder.jar dev.avline.examples.embedding.RecordLiveHls URL OUT.ts SECONDS</pre>
 */
public final class RecordLiveHls {
    private RecordLiveHls() {
    }

    /**
     * @param allowedHosts the only hosts the playlists may send requests to (none given: any host)
     */
    public static RecordingResult record(String playlistUrl, Path out, Duration length, String... allowedHosts) {
        Input input = Input.url(playlistUrl).header("User-Agent", "my-server/1.0");
        UrlPolicy policy = UrlPolicy.defaults();                 // http/https only, no https → http downgrade
        if (allowedHosts.length > 0) policy = policy.allowHosts(allowedHosts);
        LiveSettings live = LiveSettings.defaults()
                .outageBudget(Duration.ofMinutes(2))             // give up after 2 minutes without media
                .urlPolicy(policy);
        try (Recording r = Avline.record(input, Output.file(out), live) // .ts → MPEG-TS, .mp4 → fragmented MP4
                .maxDuration(length)
                .statsPeriod(Duration.ofSeconds(1))
                .onProgress(p -> System.err.printf("%.1f s written, %d bytes%n", p.outTimeSeconds(), p.bytes()))
                .onEvent(e -> {
                    if (!e.kind().equals("segment")) System.err.println(e.kind() + " " + e.details()); // gap, reconnect, …
                })
                .start()) {
            return r.await();
        }
    }

    public static void main(String[] args) {
        if (args.length != 3) {
            System.err.println("usage: RecordLiveHls PLAYLIST_URL OUT.ts SECONDS");
            System.exit(2);
        }
        RecordingResult r = record(args[0], Path.of(args[1]), Duration.ofSeconds(Long.parseLong(args[2])));
        System.out.println(r.state() + ": " + r.mediaSeconds() + " s, " + r.bytes() + " bytes in " + r.output());
        System.exit(r.succeeded() ? 0 : 1);
    }
}
