package dev.avline.hw;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.avline.ffi.Encoder;
import dev.avline.ffi.FfmpegException;
import dev.avline.ffi.HwDevice;
import dev.avline.ffi.Rational;
import dev.avline.ffi.UnknownOptions;

/**
 * Finds out for real what the hardware can do, once per process: creates the device and opens a
 * tiny encoder on it. Answers are cached (a failing NVENC open takes half a second; a missing
 * driver fails in milliseconds); {@link #forget()} clears them (a driver was installed, a test).
 */
public final class HwProbe {
    private static final Logger LOG = LoggerFactory.getLogger(HwProbe.class);
    private static final Map<String, Result> CACHE = new ConcurrentHashMap<>();
    private static final int PROBE_SIZE = 256;

    private HwProbe() {
    }

    /**
     * One probe's answer.
     *
     * @param ok whether it worked
     * @param reason why not (FFmpeg's message), null when ok
     * @param millis how long the probe took
     */
    public record Result(boolean ok, String reason, long millis) {
    }

    /** Can a device of this kind be created? */
    public static Result device(HwKind kind, String device) {
        return CACHE.computeIfAbsent("device|" + kind.deviceType() + "|" + device, k -> {
            Result r = probe(() -> HwDevice.create(kind.deviceType(), device).close());
            if (!r.ok() && kind != HwKind.CUDA && device == null && !java.nio.file.Files.isDirectory(java.nio.file.Path.of("/dev/dri"))) {
                return new Result(false, r.reason() + " (this machine has no /dev/dri render node)", r.millis());
            }
            return r;
        });
    }

    /** Does {@code encoder} open on such a device, with the frames it would be given? */
    public static Result encoder(HwKind kind, String device, String encoder) {
        Result d = device(kind, device); // outside computeIfAbsent: no nested update of the map
        if (!d.ok()) return d;
        return CACHE.computeIfAbsent("encoder|" + kind.deviceType() + "|" + device + "|" + encoder, k -> {
            if (!Encoder.exists(encoder)) return new Result(false, "this FFmpeg build has no encoder " + encoder, 0);
            return probe(() -> {
                try (HwDevice dev = HwDevice.create(kind.deviceType(), device)) {
                    Encoder.Builder b = Encoder.named(encoder).device(dev).unknownOptions(UnknownOptions.IGNORE)
                            .options(kind.defaultOptions(Encoder.codecNameOf(encoder)));
                    if (kind.takesGpuFrames()) {
                        b.video(PROBE_SIZE, PROBE_SIZE, dev.framePixelFormat(), new Rational(1, 25), new Rational(25, 1))
                                .hardwareFramesOf(dev.framesFor("nv12", PROBE_SIZE, PROBE_SIZE));
                    } else {
                        b.video(PROBE_SIZE, PROBE_SIZE, "nv12", new Rational(1, 25), new Rational(25, 1));
                    }
                    b.open().close();
                }
            });
        });
    }

    /** Forgets every cached answer. */
    public static void forget() {
        CACHE.clear();
    }

    private static Result probe(Runnable attempt) {
        long t0 = System.nanoTime();
        try {
            attempt.run();
            long ms = (System.nanoTime() - t0) / 1_000_000;
            return new Result(true, null, ms);
        } catch (FfmpegException | IllegalArgumentException | IllegalStateException e) {
            long ms = (System.nanoTime() - t0) / 1_000_000;
            LOG.debug("hardware probe failed in {} ms: {}", ms, e.getMessage());
            return new Result(false, e.getMessage(), ms);
        }
    }
}
