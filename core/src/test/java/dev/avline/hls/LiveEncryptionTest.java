package dev.avline.hls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.avline.Avline;
import dev.avline.Input;
import dev.avline.Output;
import dev.avline.Recording;
import dev.avline.RecordingResult;
import dev.avline.events.Gap;
import dev.avline.testkit.LiveHlsOrigin;
import dev.avline.testkit.OriginRequest;

/**
 * AES-128 live HLS whose key server fails: FFmpeg alone would decrypt with a wrong key and feed
 * garbage on. avline retries a key like a segment, and when the key stays unavailable it reports
 * the segments that need it as lost, and writes nothing of them.
 */
class LiveEncryptionTest {
    private static final double SEG = 0.5;

    @TempDir
    Path dir;

    private static void waitFor(LiveHlsOrigin origin, long seq) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (origin.newestSequence() < seq && System.nanoTime() < deadline) Thread.sleep(20);
    }

    /** The first segment of a key that is not published yet (so nothing has fetched it). */
    private static long futureKeyStart(LiveHlsOrigin origin) {
        long s = origin.nextSequence() + 1;
        long[] span = origin.keySpan(s);
        return span[0] <= origin.newestSequence() ? span[1] + 1 : span[0];
    }

    private static List<OriginRequest> keyRequests(LiveHlsOrigin origin, long seq) {
        String key = origin.keyUrl(seq).substring(origin.baseUrl().length());
        return origin.requests().stream().filter(q -> q.path().equals(key)).toList();
    }

    @Test
    void keyServerUnavailableForAWhileIsRetriedAndNothingIsLost() throws Exception {
        try (LiveHlsOrigin origin = LiveHlsOrigin.builder().segmentSeconds(SEG).video(160, 120, 20).window(6)
                .encrypted(2).start()) {
            Path out = dir.resolve("aes503.ts");
            try (Recording rec = Avline.record(Input.url(origin.playlistUrl()), Output.file(out), LiveCheck.fast()).start()) {
                waitFor(origin, origin.newestSequence() + 1);
                long first = futureKeyStart(origin);
                // More 503s than one fetch's attempts: the segment fails, the input is re-opened, the key comes.
                origin.failKey(first, 503, 6);
                long[] span = origin.keySpan(first);
                waitFor(origin, span[1] + 3);
                origin.endList();
                RecordingResult r = rec.await(Duration.ofSeconds(30));
                LiveCheck.verify(r, out, SEG, Set.of());
                assertTrue(LiveCheck.delivered(r).contains(first) && LiveCheck.delivered(r).contains(span[1]));
                List<OriginRequest> keys = keyRequests(origin, first);
                assertEquals(6, keys.stream().filter(q -> q.status() == 503).count(), keys.toString());
                assertTrue(keys.stream().anyMatch(q -> q.status() == 200), keys.toString());
                assertTrue(r.events().stream().anyMatch(e -> e.kind().equals("reconnect")
                        && String.valueOf(e.details().get("reason")).contains("key")), r.events().toString());
            }
        }
    }

    @Test
    void keyThatIsGoneLosesExactlyTheSegmentsItEncryptsAndNoGarbageIsWritten() throws Exception {
        try (LiveHlsOrigin origin = LiveHlsOrigin.builder().segmentSeconds(SEG).video(160, 120, 20).window(6)
                .encrypted(2).start()) {
            Path out = dir.resolve("aes404.ts");
            try (Recording rec = Avline.record(Input.url(origin.playlistUrl()), Output.file(out), LiveCheck.fast()).start()) {
                waitFor(origin, origin.newestSequence() + 1);
                long first = futureKeyStart(origin);
                origin.failKey(first, 404, Integer.MAX_VALUE);
                long[] span = origin.keySpan(first);
                waitFor(origin, span[1] + 3);
                origin.endList();
                RecordingResult r = rec.await(Duration.ofSeconds(30));
                Set<Long> lost = new TreeSet<>();
                for (long s = span[0]; s <= span[1]; s++) lost.add(s);
                // Zero decode errors and exactly the delivered segments' frames: nothing decrypted with a wrong key.
                LiveCheck.verify(r, out, SEG, lost);
                Gap g = LiveCheck.gaps(r).get(0);
                assertTrue(g.reason().contains("key") && g.reason().contains("404"), g.reason());
                assertEquals(span[1] - span[0] + 1, g.segments());
            }
        }
    }
}
