package dev.avline.transcode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The adaptation's decisions on made-up measurements: which step, when, and the hysteresis. */
class AdapterTest {
    static final long TICK = 250_000_000L; // ns
    static final Adaptation CFG = Adaptation.defaults().window(Duration.ofSeconds(1)).upAfter(Duration.ofSeconds(2))
            .presets("medium", "veryfast", "ultrafast").bitrateSteps(1);

    /** Feeds ticks of a machine running at {@code speed} with its encoder busy {@code busy} of the time. */
    static final class Clock {
        final Adapter adapter;
        long now = 0;
        double media = 0;
        long busyNanos = 0;
        final List<Adapter.Step> steps = new ArrayList<>();

        Clock(Adapter a) {
            this.adapter = a;
        }

        /** Runs {@code seconds} of ticks; returns the steps taken meanwhile. */
        List<Adapter.Step> run(double seconds, double speed, double busy, double cpu) {
            List<Adapter.Step> taken = new ArrayList<>();
            for (long end = now + (long) (seconds * 1e9); now < end; ) {
                now += TICK;
                media += speed * TICK / 1e9;
                busyNanos += (long) (busy * TICK);
                Adapter.Step s = adapter.tick(new Adapter.Sample(now, media, new long[] {busyNanos / 2, busyNanos}, cpu));
                if (s != null) taken.add(s);
            }
            steps.addAll(taken);
            return taken;
        }
    }

    static Clock clock(boolean presetsAllowed, String[] lastResort) {
        return new Clock(new Adapter(CFG, CFG.presets(), presetsAllowed, lastResort, 1.0, 0));
    }

    @Test
    void behindStepsDownThroughEveryMeasureInOrderThenUpInReverse() {
        Clock c = clock(true, new String[] {"1280x720", "960x540"});
        List<Adapter.Step> down = c.run(8, 0.5, 1.0, 0.5);
        assertEquals(4, down.size(), down.toString());
        assertStep(down.get(0), true, Adapter.Measure.PRESET, "medium", "veryfast");
        assertStep(down.get(1), true, Adapter.Measure.PRESET, "veryfast", "ultrafast");
        assertStep(down.get(2), true, Adapter.Measure.BITRATE, "1.00", "0.75");
        assertStep(down.get(3), true, Adapter.Measure.LAST_RESORT, "1280x720", "960x540");
        assertTrue(down.get(0).reason().startsWith("speed 0.50 < 0.97"), down.get(0).reason());
        assertEquals("ultrafast", c.adapter.preset());
        assertEquals(0.75, c.adapter.rateFactor(), 1e-9);
        // nothing is left to take: no more steps while still behind
        assertTrue(c.run(3, 0.5, 1.0, 0.5).isEmpty());

        List<Adapter.Step> up = c.run(12, 1.0, 0.2, 0.3);
        assertEquals(4, up.size(), up.toString());
        assertStep(up.get(0), false, Adapter.Measure.LAST_RESORT, "960x540", "1280x720");
        assertStep(up.get(1), false, Adapter.Measure.BITRATE, "0.75", "1.00");
        assertStep(up.get(2), false, Adapter.Measure.PRESET, "ultrafast", "veryfast");
        assertStep(up.get(3), false, Adapter.Measure.PRESET, "veryfast", "medium");
        assertEquals("medium", c.adapter.preset());
    }

    @Test
    void aSlowInputIsNotFallingBehind() {
        // media arrives at a third of real time (a live source between segments): the encoders wait, no step down
        Clock c = clock(true, null);
        assertTrue(c.run(5, 0.3, 0.2, 0.3).isEmpty());
    }

    @Test
    void aHotCpuStepsDownEvenAtFullSpeed() {
        Clock c = clock(true, null);
        List<Adapter.Step> s = c.run(1.5, 1.0, 0.4, 0.95);
        assertEquals(1, s.size(), s.toString());
        assertTrue(s.get(0).reason().startsWith("CPU load 0.95 > 0.90"), s.get(0).reason());
    }

    @Test
    void waitsAWholeWindowBetweenStepsAndUpAfterBeforeSteppingUp() {
        Clock c = clock(true, null);
        List<Adapter.Step> first = c.run(1.25, 0.5, 1.0, 0.5); // the first sample comes one tick in
        assertEquals(1, first.size());
        assertTrue(c.run(0.75, 0.5, 1.0, 0.5).isEmpty(), "a step before the window saw the new settings");
        // room from now on: nothing before 2 s (upAfter), then one step
        assertTrue(c.run(1.75, 1.0, 0.2, 0.3).isEmpty());
        List<Adapter.Step> up = c.run(1.0, 1.0, 0.2, 0.3);
        assertEquals(1, up.size(), up.toString());
        assertFalse(up.get(0).down());
    }

    @Test
    void anUpStepUndoneAtOnceDoublesTheWaitBeforeTheNext() {
        Clock c = clock(true, null);
        assertEquals(1, c.run(1.25, 0.5, 1.0, 0.5).size());      // down: medium → veryfast
        List<Adapter.Step> up = c.run(3.5, 1.0, 0.2, 0.3);       // room for 2 s: up
        assertEquals(1, up.size());
        List<Adapter.Step> again = c.run(1.25, 0.5, 1.0, 0.5);   // behind at once: down again
        assertEquals(1, again.size());
        assertTrue(again.get(0).down());
        // the next step up now waits 4 s of room, not 2
        assertTrue(c.run(3.5, 1.0, 0.2, 0.3).isEmpty(), "stepped up again after 3.5 s");
        assertEquals(1, c.run(1.5, 1.0, 0.2, 0.3).size());
    }

    @Test
    void fragmentedMp4SkipsThePresetAndTheLastResort() {
        Clock c = clock(false, null);
        List<Adapter.Step> down = c.run(5, 0.5, 1.0, 0.5);
        assertEquals(1, down.size(), down.toString());
        assertStep(down.get(0), true, Adapter.Measure.BITRATE, "1.00", "0.75");
    }

    @Test
    void windowFigures() {
        Adapter.Window w = Adapter.measure(List.of(new Adapter.Sample(0, 10, new long[] {0, 0}, 0.2),
                new Adapter.Sample(1_000_000_000L, 10.2, new long[] {100, 100}, -1),
                new Adapter.Sample(2_000_000_000L, 11, new long[] {500_000_000L, 1_800_000_000L}, 0.4)));
        assertEquals(0.5, w.speed(), 1e-9);
        assertEquals(0.9, w.busy(), 1e-9);
        assertEquals(0.3, w.cpuLoad(), 1e-9);
    }

    private static void assertStep(Adapter.Step s, boolean down, Adapter.Measure m, String from, String to) {
        assertEquals(down, s.down(), s.toString());
        assertEquals(m, s.measure(), s.toString());
        assertEquals(from, s.from(), s.toString());
        assertEquals(to, s.to(), s.toString());
    }
}
