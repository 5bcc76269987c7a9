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

import dev.avline.RecordingResult;
import dev.avline.events.Event;
import dev.avline.events.Gap;
import dev.avline.events.Reconnect;
import dev.avline.events.SegmentFetched;
import dev.avline.testkit.LiveHlsOrigin;
import dev.avline.testkit.MediaProbe;
import dev.avline.testkit.MediaReport;

/** The checks every live recording test makes on its output and events. */
final class LiveCheck {
    private LiveCheck() {
    }

    /** Short timeouts for loopback tests (the defaults suit the internet). */
    static LiveSettings fast() {
        return LiveSettings.defaults()
                .stallTimeout(Duration.ofMillis(2500))
                .rwTimeout(Duration.ofSeconds(1))
                .outageBudget(Duration.ofSeconds(20))
                .liveStartIndex(-1);
    }

    /**
     * The recording resumed (its first new packet after the re-open, {@link Reconnect#at()}) within
     * 2 s of the origin serving again. Measured here on loopback: 0.03 to 0.2 s with these settings.
     */
    static void assertResumedWithin2s(Instant originBack, Reconnect resumed) {
        double s = Duration.between(originBack, resumed.at()).toMillis() / 1000.0;
        System.out.printf("resume latency: %.3f s after the origin came back (%s)%n", s, resumed.reason());
        assertTrue(s < 2.0, "resumed " + s + " s after the origin came back: " + resumed);
    }

    static LiveHlsOrigin origin() {
        return LiveHlsOrigin.builder().segmentSeconds(0.5).video(160, 120, 20).window(6).start();
    }

    static List<Long> delivered(RecordingResult r) {
        return r.events().stream().filter(e -> e instanceof SegmentFetched).map(e -> ((SegmentFetched) e).sequence()).toList();
    }

    static List<Gap> gaps(RecordingResult r) {
        return r.events().stream().filter(e -> e instanceof Gap).map(e -> (Gap) e).toList();
    }

    static long count(RecordingResult r, String kind) {
        return r.events().stream().map(Event::kind).filter(kind::equals).count();
    }

    /**
     * Output decodes with zero errors and strictly increasing DTS; no segment twice; every loss
     * reported exactly once, and exactly {@code expectedLost}; the output holds exactly the
     * delivered segments' media.
     */
    static MediaReport verify(RecordingResult r, Path out, double segmentSeconds, Set<Long> expectedLost) {
        assertTrue(r.succeeded(), () -> "failed: " + r.failure());
        List<Long> seqs = delivered(r);
        assertFalse(seqs.isEmpty(), "no segment recorded");
        for (int i = 1; i < seqs.size(); i++) {
            assertTrue(seqs.get(i) > seqs.get(i - 1), "segments out of order or twice: " + seqs);
        }
        TreeSet<Long> lost = new TreeSet<>();
        for (Gap g : gaps(r)) {
            for (long s = g.firstSequence(); s <= g.lastSequence(); s++) {
                assertTrue(lost.add(s), "segment " + s + " reported lost twice");
                assertFalse(seqs.contains(s), "segment " + s + " reported lost but recorded");
            }
            assertEquals(g.segments() * segmentSeconds, g.lostSeconds(), 1e-3, g.toString());
        }
        long first = seqs.get(0);
        long last = seqs.get(seqs.size() - 1);
        for (long s = first; s <= last; s++) {
            assertTrue(seqs.contains(s) || lost.contains(s), "segment " + s + " neither recorded nor reported lost");
        }
        assertEquals(expectedLost, lost, "lost segments");
        MediaReport rep = MediaProbe.decodeAll(out);
        assertEquals(0, rep.totalDecodeErrors(), rep.toString());
        assertTrue(rep.allDtsStrictlyIncreasing(), rep.toString());
        double expected = seqs.size() * segmentSeconds;
        assertEquals(expected, rep.video().duration(), 0.11, () -> "video holds the delivered segments once: " + rep
                + "\nevents: " + r.events().stream().map(e -> e.kind() + e.details()).toList());
        assertEquals(Math.round(expected * 20), rep.video().frames(), 2, rep.toString());
        return rep;
    }
}
