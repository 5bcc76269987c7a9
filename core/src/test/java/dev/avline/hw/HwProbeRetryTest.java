package dev.avline.hw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A failed probe is not final: it is retried after a back-off, or at once on {@link Hardware#reprobe()}. */
class HwProbeRetryTest {
    private final long[] now = {1_000_000_000_000L};

    @AfterEach
    void realClock() {
        HwProbe.useClock(System::nanoTime);
        HwProbe.forget();
    }

    @Test
    void aFailedProbeIsRetriedAfterABackOffThatGrows() {
        assumeFalse(HwProbe.device(HwKind.CUDA, null).ok(), "this machine has a CUDA device");
        HwProbe.useClock(() -> now[0]);
        Hardware.reprobe();
        HwProbe.Result first = HwProbe.device(HwKind.CUDA, null);
        assertFalse(first.ok());
        assertEquals(1, first.attempt());
        assertTrue(first.reason().contains("create cuda device"), first.reason());
        assertSame(first, HwProbe.device(HwKind.CUDA, null), "within the back-off: the same answer, no new probe");
        advance(29);
        assertSame(first, HwProbe.device(HwKind.CUDA, null));
        advance(2); // 31 s: the first back-off (30 s) is over
        HwProbe.Result second = HwProbe.device(HwKind.CUDA, null);
        assertNotSame(first, second);
        assertEquals(2, second.attempt(), "probed again for real");
        advance(45); // the second back-off is 60 s
        assertSame(second, HwProbe.device(HwKind.CUDA, null));
        advance(20);
        assertEquals(3, HwProbe.device(HwKind.CUDA, null).attempt());
        Hardware.reprobe(); // on demand: at once
        assertEquals(1, HwProbe.device(HwKind.CUDA, null).attempt());
    }

    @Test
    void anEncoderProbeBehindAFailedDeviceCarriesTheDevicesReason() {
        HwProbe.Result d = HwProbe.device(HwKind.VAAPI, "/dev/dri/renderD128");
        assumeFalse(d.ok(), "this machine has VAAPI");
        HwProbe.Result e = HwProbe.encoder(HwKind.VAAPI, "/dev/dri/renderD128", "h264_vaapi");
        assertFalse(e.ok());
        assertEquals(d.reason(), e.reason());
    }

    @Test
    void theBackOffDoublesUpToTenMinutes() {
        assertEquals(30, TimeUnit.NANOSECONDS.toSeconds(HwProbe.backoffNanos(1)));
        assertEquals(60, TimeUnit.NANOSECONDS.toSeconds(HwProbe.backoffNanos(2)));
        assertEquals(480, TimeUnit.NANOSECONDS.toSeconds(HwProbe.backoffNanos(5)));
        assertEquals(600, TimeUnit.NANOSECONDS.toSeconds(HwProbe.backoffNanos(6)));
        assertEquals(600, TimeUnit.NANOSECONDS.toSeconds(HwProbe.backoffNanos(60)));
    }

    private void advance(long seconds) {
        now[0] += TimeUnit.SECONDS.toNanos(seconds);
    }
}
