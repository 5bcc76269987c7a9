package dev.avline.hls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.avline.Avline;
import dev.avline.Input;
import dev.avline.Output;
import dev.avline.Recording;
import dev.avline.RecordingResult;
import dev.avline.events.Gap;
import dev.avline.events.Reconnect;
import dev.avline.testkit.LiveHlsOrigin;
import dev.avline.testkit.MediaReport;
import dev.avline.testkit.OriginRequest;

/**
 * Each fault of the issue, injected by a real loopback origin into FFmpeg's own HTTP client: the
 * output decodes with zero errors and strictly increasing DTS, no segment twice, every loss
 * reported exactly once with its duration, and recording resumes soon after the source returns.
 */
class LiveFaultTest {
    private static final double SEG = 0.5;

    @TempDir
    Path dir;

    /** Records until the origin has published {@code untilSeq}, then ends the stream and waits. */
    private RecordingResult record(LiveHlsOrigin origin, Path out, long untilSeq) throws Exception {
        try (Recording rec = Avline.record(Input.url(origin.playlistUrl()), Output.file(out), LiveCheck.fast()).start()) {
            waitFor(origin, untilSeq);
            origin.endList();
            return rec.await(Duration.ofSeconds(30));
        }
    }

    private static void waitFor(LiveHlsOrigin origin, long seq) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (origin.newestSequence() < seq && System.nanoTime() < deadline) Thread.sleep(20);
    }

    /** Until the recording has written media (so that what flows later is not its start-up). */
    private static void waitForMedia(Recording rec) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while ((rec.progress() == null || rec.progress().frames() == 0) && System.nanoTime() < deadline) Thread.sleep(20);
    }

    private static List<OriginRequest> requestsFor(LiveHlsOrigin origin, long seq) {
        return origin.requests().stream().filter(q -> q.sequence() == seq).toList();
    }

    /** Segments between the first and last recorded that the origin never delivered whole. */
    private static Set<Long> neverDelivered(LiveHlsOrigin origin, RecordingResult r) {
        List<Long> seqs = LiveCheck.delivered(r);
        Set<Long> out = new TreeSet<>();
        for (long s = seqs.get(0); s <= seqs.get(seqs.size() - 1); s++) {
            if (!seqs.contains(s)) out.add(s);
        }
        for (long s : out) {
            assertFalse(requestsFor(origin, s).stream().anyMatch(OriginRequest::delivered),
                    "segment " + s + " was delivered by the origin but is missing");
        }
        return out;
    }

    @Test
    void resetInTheMiddleOfASegmentLosesNothing() throws Exception {
        try (LiveHlsOrigin origin = LiveCheck.origin()) {
            long target = origin.nextSequence() + 1;
            origin.resetMidBody(target);
            Path out = dir.resolve("reset.ts");
            RecordingResult r = record(origin, out, target + 3);
            LiveCheck.verify(r, out, SEG, Set.of());
            assertTrue(LiveCheck.delivered(r).contains(target));
            assertTrue(requestsFor(origin, target).stream().anyMatch(q -> "reset".equals(q.fault())), origin.requests().toString());
        }
    }

    /**
     * The acceptance of issue 8: an origin that sends no Accept-Ranges (as many dynamic origins do)
     * resets one segment's first response after half its body and cuts another one short: every
     * segment is recorded once, whole (FFmpeg's own client appends the body fetched again to the
     * half it has), with no backward jump and a clean decode.
     */
    @Test
    void anOriginWithoutAcceptRangesThatResetsAndTruncatesLosesAndDoublesNothing() throws Exception {
        try (LiveHlsOrigin origin = LiveCheck.origin().acceptRanges(false)) {
            long reset = origin.nextSequence() + 1;
            long cut = reset + 2;
            origin.resetMidBody(reset);
            origin.shortBody(cut);
            Path out = dir.resolve("no-ranges.ts");
            RecordingResult r = record(origin, out, cut + 3);
            MediaReport rep = LiveCheck.verify(r, out, SEG, Set.of());
            assertTrue(LiveCheck.delivered(r).containsAll(List.of(reset, cut)), LiveCheck.delivered(r).toString());
            assertEquals(0, LiveCheck.count(r, "discontinuity"), "no jump at the retried segments: " + r.events());
            for (long s : List.of(reset, cut)) {
                List<OriginRequest> reqs = requestsFor(origin, s);
                assertTrue(reqs.size() >= 2 && reqs.get(0).fault() != null, reqs.toString());
                assertTrue(reqs.stream().noneMatch(q -> q.range() != null), "no Accept-Ranges: no range request: " + reqs);
            }
            assertTrue(origin.requests().stream().noneMatch(q -> q.range() != null), "never a Range request");
            assertTrue(rep.video().duration() > 0);
        }
    }

    @Test
    void bodyShorterThanContentLengthIsFetchedAgainNotKept() throws Exception {
        try (LiveHlsOrigin origin = LiveCheck.origin()) {
            long target = origin.nextSequence() + 1;
            origin.shortBody(target);
            Path out = dir.resolve("short.ts");
            RecordingResult r = record(origin, out, target + 3);
            LiveCheck.verify(r, out, SEG, Set.of());
            List<OriginRequest> reqs = requestsFor(origin, target);
            assertEquals("short", reqs.get(0).fault(), reqs.toString());
            assertTrue(reqs.size() >= 2, "fetched again: " + reqs);
        }
    }

    @Test
    void serviceUnavailableTwiceThenOk() throws Exception {
        try (LiveHlsOrigin origin = LiveCheck.origin()) {
            long target = origin.nextSequence() + 1;
            origin.failSegment(target, 503, 2);
            Path out = dir.resolve("503.ts");
            RecordingResult r = record(origin, out, target + 4);
            LiveCheck.verify(r, out, SEG, Set.of());
            List<OriginRequest> reqs = requestsFor(origin, target);
            assertEquals(3, reqs.size(), reqs.toString());
            assertTrue(reqs.get(2).delivered());
        }
    }

    @Test
    void permanentNotFoundIsOneGapOfOneSegment() throws Exception {
        try (LiveHlsOrigin origin = LiveCheck.origin()) {
            long target = origin.nextSequence() + 1;
            origin.notFound(target);
            Path out = dir.resolve("404.ts");
            RecordingResult r = record(origin, out, target + 3);
            LiveCheck.verify(r, out, SEG, Set.of(target));
            Gap g = LiveCheck.gaps(r).get(0);
            assertEquals(SEG, g.lostSeconds(), 1e-6);
            assertTrue(g.reason().contains("404"), g.reason());
        }
    }

    @Test
    void blackholeReopensAndReportsWhatExpired() throws Exception {
        try (LiveHlsOrigin origin = LiveCheck.origin()) {
            Path out = dir.resolve("blackhole.ts");
            List<long[]> snapshots = new CopyOnWriteArrayList<>(); // {arrival nanoTime, frames, reconnects}
            try (Recording rec = Avline.record(Input.url(origin.playlistUrl()), Output.file(out), LiveCheck.fast())
                    .statsPeriod(Duration.ofMillis(250))
                    .onProgress(p -> snapshots.add(new long[] {System.nanoTime(), p.frames(), p.reconnects()}))
                    .start()) {
                waitFor(origin, origin.newestSequence() + 2);
                waitForMedia(rec);
                origin.blackhole(Duration.ofSeconds(4));
                long blackholeNanos = System.nanoTime();
                Instant back = Instant.now().plusSeconds(4);
                waitFor(origin, origin.newestSequence() + 12);
                origin.endList();
                RecordingResult r = rec.await(Duration.ofSeconds(30));
                Set<Long> lost = neverDelivered(origin, r);
                LiveCheck.verify(r, out, SEG, lost);
                assertFalse(lost.isEmpty(), "a 4 s blackhole over a 3 s window loses segments");
                assertEquals(1, LiveCheck.gaps(r).size(), LiveCheck.gaps(r).toString());
                Reconnect rc = r.events().stream().filter(e -> e instanceof Reconnect).map(e -> (Reconnect) e)
                        .reduce((a, b) -> b).orElseThrow();
                LiveCheck.assertResumedWithin2s(back, rc);
                assertProgressKeptComing(snapshots, blackholeNanos + 1_000_000_000L, blackholeNanos + 4_000_000_000L, 250);
                assertTrue(snapshots.get(snapshots.size() - 1)[2] >= 1, "snapshots count the re-open");
            }
        }
    }

    /**
     * Between {@code from} and {@code to} (nanoTime) no packet arrives: progress still comes about
     * every period (bounds loose enough for a loaded machine: without the ticker there would be
     * no snapshot in the whole window), each with the same frame count.
     */
    private static void assertProgressKeptComing(List<long[]> snapshots, long from, long to, long periodMs) {
        List<long[]> in = snapshots.stream().filter(s -> s[0] >= from && s[0] <= to).toList();
        long expected = (to - from) / 1_000_000 / periodMs;
        assertTrue(in.size() >= expected / 2, in.size() + " snapshots in " + (to - from) / 1_000_000 + " ms without media");
        long maxGap = 0;
        for (int i = 1; i < in.size(); i++) maxGap = Math.max(maxGap, in.get(i)[0] - in.get(i - 1)[0]);
        maxGap = Math.max(maxGap, Math.max(in.get(0)[0] - from, to - in.get(in.size() - 1)[0]));
        assertTrue(maxGap < 4 * periodMs * 1_000_000, "longest wait for a snapshot " + maxGap / 1_000_000 + " ms");
    }

    @Test
    void playlistServerErrorsForSeveralSecondsReopenWithoutLoss() throws Exception {
        try (LiveHlsOrigin origin = LiveCheck.origin()) {
            Path out = dir.resolve("pl5xx.ts");
            try (Recording rec = Avline.record(Input.url(origin.playlistUrl()), Output.file(out), LiveCheck.fast()).start()) {
                waitFor(origin, origin.newestSequence() + 2);
                origin.failPlaylist(500, Duration.ofSeconds(2));
                Instant back = Instant.now().plusSeconds(2);
                waitFor(origin, origin.newestSequence() + 8);
                origin.endList();
                RecordingResult r = rec.await(Duration.ofSeconds(30));
                LiveCheck.verify(r, out, SEG, Set.of());
                assertTrue(LiveCheck.count(r, "reconnect") >= 1, r.events().toString());
                Reconnect rc = r.events().stream().filter(e -> e instanceof Reconnect).map(e -> (Reconnect) e)
                        .reduce((a, b) -> b).orElseThrow();
                LiveCheck.assertResumedWithin2s(back, rc);
            }
        }
    }

    @Test
    void playlistThatStopsAdvancingThenResumesLosesNothing() throws Exception {
        try (LiveHlsOrigin origin = LiveCheck.origin()) {
            Path out = dir.resolve("freeze.ts");
            try (Recording rec = Avline.record(Input.url(origin.playlistUrl()), Output.file(out), LiveCheck.fast()).start()) {
                waitFor(origin, origin.newestSequence() + 2);
                origin.freezePlaylist(Duration.ofSeconds(4));
                Instant back = Instant.now().plusSeconds(4);
                Thread.sleep(4000);
                waitFor(origin, origin.newestSequence() + 4);
                origin.endList();
                RecordingResult r = rec.await(Duration.ofSeconds(30));
                LiveCheck.verify(r, out, SEG, Set.of());
                // The stall watchdog re-opened during the freeze; media resumed with the next segment.
                Reconnect rc = r.events().stream().filter(e -> e instanceof Reconnect).map(e -> (Reconnect) e)
                        .reduce((a, b) -> b).orElseThrow(() -> new AssertionError(r.events().toString()));
                LiveCheck.assertResumedWithin2s(back, rc);
            }
        }
    }

    @Test
    void discontinuityWithTimestampResetStaysContinuous() throws Exception {
        try (LiveHlsOrigin origin = LiveCheck.origin()) {
            Path out = dir.resolve("disc.ts");
            try (Recording rec = Avline.record(Input.url(origin.playlistUrl()), Output.file(out), LiveCheck.fast()).start()) {
                waitFor(origin, origin.newestSequence() + 2);
                long d = origin.discontinuity(true);
                waitFor(origin, d + 3);
                origin.endList();
                RecordingResult r = rec.await(Duration.ofSeconds(30));
                MediaReport rep = LiveCheck.verify(r, out, SEG, Set.of());
                assertTrue(LiveCheck.delivered(r).contains(d));
                assertTrue(LiveCheck.count(r, "discontinuity") >= 1, r.events().toString());
                assertTrue(rep.video().firstPts() < 1.0, rep.toString());
            }
        }
    }

    @Test
    void stopReturnsPromptlyWhileBlockedInNetworkIo() throws Exception {
        try (LiveHlsOrigin origin = LiveCheck.origin()) {
            Path out = dir.resolve("stop.ts");
            LiveSettings slow = LiveCheck.fast().rwTimeout(Duration.ofSeconds(30)).stallTimeout(Duration.ofSeconds(30));
            try (Recording rec = Avline.record(Input.url(origin.playlistUrl()), Output.file(out), slow).start()) {
                waitFor(origin, origin.newestSequence() + 3);
                origin.blackhole(Duration.ofSeconds(20));
                Thread.sleep(1500); // now blocked on a request that gets no byte
                long t = System.nanoTime();
                rec.stop();
                RecordingResult r = rec.await(Duration.ofSeconds(10));
                double took = (System.nanoTime() - t) / 1e9;
                assertEquals(RecordingResult.State.STOPPED, r.state(), String.valueOf(r.failure()));
                assertTrue(took < 2, "stop took " + took + " s");
                LiveCheck.verify(r, out, SEG, Set.of());
            }
        }
    }
}
