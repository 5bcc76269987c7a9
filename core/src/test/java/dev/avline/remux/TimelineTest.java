package dev.avline.remux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dev.avline.ffi.Rational;
import dev.avline.ffi.Timestamps;

class TimelineTest {
    private static final Rational TB = Rational.MPEGTS; // 90 kHz, both streams
    private static final long FRAME = 3600;             // 40 ms video
    private static final long AAC = 1920;               // 21.3 ms audio

    private final long[] out = new long[2];

    private long dts(Timeline t, int stream, long inDts, long duration) {
        t.adjust(stream, inDts, inDts, duration, out);
        return out[1];
    }

    @Test
    void startsAtZeroAndKeepsTheInputSpacing() {
        Timeline t = new Timeline(new Rational[] {TB, TB}, 10_000_000, false);
        assertEquals(0, dts(t, 0, 900_000, FRAME));
        assertEquals(FRAME, dts(t, 0, 900_000 + FRAME, FRAME));
        assertEquals(AAC, dts(t, 1, 900_000 + AAC, AAC));
        assertEquals(0, t.startSeconds());
    }

    @Test
    void copytsKeepsTheInputClock() {
        Timeline t = new Timeline(new Rational[] {TB}, 10_000_000, true);
        assertEquals(900_000, dts(t, 0, 900_000, FRAME));
        assertEquals(10.0, t.startSeconds(), 1e-9);
    }

    @Test
    void streamsThatJumpAtDifferentPacketsStayInSync() {
        Timeline t = new Timeline(new Rational[] {TB, TB}, 10_000_000, false);
        long v = 0;
        long a = 0;
        for (int i = 0; i < 50; i++) {
            v = dts(t, 0, i * FRAME, FRAME);
            a = dts(t, 1, i * 2 * AAC, AAC);
        }
        // the new clock restarts at 0: video jumps first...
        assertEquals(Timeline.Adjustment.REBASED, t.adjust(0, 0, 0, FRAME, out));
        long v2 = out[1];
        assertEquals(v + FRAME, v2, "video continues right after its last frame");
        // ...while the old clock's last audio still arrives: it must continue where it was
        long aOld = dts(t, 1, 49 * 2 * AAC + AAC, AAC);
        assertEquals(a + AAC, aOld);
        // then audio jumps too, and follows video's new clock: the two keep their relative timing,
        // except that audio never overlaps its own previous packets (here the old audio ran 0.13 s
        // past the old video: the new audio starts right after it)
        long a2 = dts(t, 1, 0, AAC);
        assertEquals(aOld + AAC, a2);
        long a3 = dts(t, 1, AAC, AAC);
        assertEquals(a2 + AAC, a3, "contiguous, not squeezed");
        assertTrue(a2 - v2 <= 90_000 / 2, "desync bounded by the overlap");
    }

    @Test
    void reportsTheJump() {
        Timeline t = new Timeline(new Rational[] {TB}, 10_000_000, false);
        for (int i = 0; i < 25; i++) dts(t, 0, 90_000 + i * FRAME, FRAME);
        assertEquals(Timeline.Adjustment.NONE, t.adjust(0, 90_000 + 25 * FRAME, 90_000 + 25 * FRAME, FRAME, out));
        assertEquals(Timeline.Adjustment.REBASED, t.adjust(0, 90_000 * 100, 90_000 * 100, FRAME, out));
        assertEquals(1.04, t.lastJumpOutputSeconds(), 1e-6);
        assertEquals(100 - 1 - 1.04, t.lastJumpSeconds(), 1e-3);
    }

    @Test
    void smallBackwardStepsAreNudgedNotRebased() {
        Timeline t = new Timeline(new Rational[] {TB}, 10_000_000, false);
        dts(t, 0, 0, FRAME);
        long second = dts(t, 0, FRAME, FRAME);
        assertEquals(Timeline.Adjustment.NUDGED, t.adjust(0, FRAME - 10, FRAME - 10, FRAME, out));
        assertEquals(second + 1, out[1]);
    }

    @Test
    void forcedRebaseContinuesAfterTheLatestEndForEveryStream() {
        Timeline t = new Timeline(new Rational[] {TB, TB}, 10_000_000, false);
        dts(t, 0, 0, FRAME);
        dts(t, 1, 0, AAC);
        long vEnd = dts(t, 0, FRAME, FRAME) + FRAME;
        t.expectDiscontinuity();
        // the re-opened input happens to have a plausible clock: it is rebased anyway
        assertEquals(Timeline.Adjustment.REBASED, t.adjust(0, 2 * FRAME + 500, 2 * FRAME + 500, FRAME, out));
        assertEquals(vEnd, out[1]);
        // audio moves to the same new clock (after its own last packet, which ended earlier)
        assertEquals(vEnd, dts(t, 1, 2 * FRAME + 500, AAC));
    }

    @Test
    void missingTimestampsContinueTheStream() {
        Timeline t = new Timeline(new Rational[] {TB}, 10_000_000, false);
        dts(t, 0, 0, FRAME);
        t.adjust(0, Timestamps.NOPTS, Timestamps.NOPTS, FRAME, out);
        assertEquals(FRAME, out[1]);
        assertTrue(out[0] >= out[1]);
    }
}
