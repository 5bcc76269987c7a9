package dev.avline.hw;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.avline.Internal;
import dev.avline.ffi.Encoder;
import dev.avline.ffi.FfmpegException;
import dev.avline.ffi.HwDevice;
import dev.avline.ffi.Rational;
import dev.avline.ffi.UnknownOptions;

/**
 * Finds out for real what the hardware can do: creates the device (through {@link SharedDevices},
 * so a probe while jobs run uses their device) and opens a tiny encoder on it. A success is kept
 * for the life of the process (a failing NVENC open takes half a second); a failure is kept only
 * for a back-off (30 s, doubling to 10 min) and then probed again: a GPU busy or a driver being
 * installed at the first probe does not disable hardware until a restart. {@link Hardware#reprobe()}
 * forgets everything at once; a device lost during a job forgets its kind.
 */
@Internal
public final class HwProbe {
    private static final Logger LOG = LoggerFactory.getLogger(HwProbe.class);
    private static final int PROBE_SIZE = 256;
    static final long FIRST_BACKOFF_NANOS = 30_000_000_000L;
    static final long MAX_BACKOFF_NANOS = 600_000_000_000L;
    private static final Map<String, Entry> CACHE = new HashMap<>();
    private static LongSupplier clock = System::nanoTime;

    private HwProbe() {
    }

    /**
     * One probe's answer.
     *
     * @param ok whether it worked
     * @param reason why not (FFmpeg's message, with what avline found out), null when ok
     * @param millis how long the probe took
     * @param attempt how many times this was probed since the process started or the last reprobe
     * @param device the device that worked (a render node chosen among several), or the one asked for
     * @param options for an encoder probe: the option set that opened; else empty
     */
    public record Result(boolean ok, String reason, long millis, int attempt, DeviceSpec device, Map<String, String> options) {
        /** An answer made without probing (nothing to probe). */
        public Result(boolean ok, String reason, long millis) {
            this(ok, reason, millis, 0, null, Map.of());
        }
    }

    private record Entry(Result result, long retryAt) {
    }

    /** Can a device of this kind be created? {@code device} as the user wrote it, null to find one. */
    public static Result device(HwKind kind, String device) {
        return cached("device|" + kind.deviceType() + "|" + device, attempt -> probeDevice(kind, device, attempt));
    }

    /** Does {@code encoder} open on the device {@link #device} found, with GPU frames where it takes them? */
    public static Result encoder(HwKind kind, String device, String encoder) {
        return encoder(kind, device, encoder, kind.encoderChoices(Encoder.codecNameOf(encoder), null, Map.of(), Map.of()));
    }

    /**
     * As {@link #encoder(HwKind, String, String)}, trying the option sets: the last (fewest options)
     * first, since an encoder that does not open with it does not open at all; then the others in
     * order. The result names the first set that opened.
     */
    public static Result encoder(HwKind kind, String device, String encoder, List<Map<String, String>> choices) {
        Result d = device(kind, device);
        if (!d.ok()) return d;
        return cached("encoder|" + kind.deviceType() + "|" + device + "|" + encoder + "|" + choices, attempt -> {
            if (!Encoder.exists(encoder)) {
                return new Result(false, "this FFmpeg build has no encoder " + encoder, 0, attempt, d.device(), Map.of());
            }
            long t0 = System.nanoTime();
            List<String> refusals = new ArrayList<>();
            try (DeviceLease lease = SharedDevices.acquire(d.device())) {
                // The set with the fewest options first: when even that does not open, the encoder
                // does not work here at all (no NVENC on an H100: ~0.5 s per try), and one try says so.
                Map<String, String> least = choices.get(choices.size() - 1);
                try {
                    openTiny(kind, lease.device(), encoder, least);
                } catch (FfmpegException | IllegalArgumentException | IllegalStateException e) {
                    refusals.add(e.getMessage());
                    return failed(encoder, d, refusals, t0, attempt);
                }
                for (Map<String, String> options : choices.subList(0, choices.size() - 1)) {
                    try {
                        openTiny(kind, lease.device(), encoder, options);
                        return new Result(true, null, millisSince(t0), attempt, d.device(), options);
                    } catch (FfmpegException | IllegalArgumentException | IllegalStateException e) {
                        LOG.debug("{} on {} refused {}: {}", encoder, d.device().describe(), options, e.getMessage());
                    }
                }
                return new Result(true, null, millisSince(t0), attempt, d.device(), least);
            } catch (FfmpegException e) {
                refusals.add(e.getMessage());
            }
            return failed(encoder, d, refusals, t0, attempt);
        });
    }

    private static Result failed(String encoder, Result device, List<String> refusals, long t0, int attempt) {
        String why = String.join("; ", refusals);
        LOG.debug("probe of {} on {} failed: {}", encoder, device.device().describe(), why);
        return new Result(false, why, millisSince(t0), attempt, device.device(), Map.of());
    }

    /** Forgets every answer: the next job probes again (a driver was installed, a GPU freed). */
    public static synchronized void forget() {
        CACHE.clear();
    }

    /** Forgets the answers about one kind (its device was lost during a job). */
    static synchronized void forget(HwKind kind) {
        CACHE.keySet().removeIf(k -> k.contains("|" + kind.deviceType() + "|"));
    }

    /** Tests: a clock to move the back-off along. */
    static synchronized void useClock(LongSupplier nanos) {
        clock = nanos;
    }

    /** The wait before probing again after {@code attempt} failures in a row. */
    static long backoffNanos(int attempt) {
        long b = FIRST_BACKOFF_NANOS;
        for (int i = 1; i < attempt && b < MAX_BACKOFF_NANOS; i++) b *= 2;
        return Math.min(b, MAX_BACKOFF_NANOS);
    }

    private interface Probe {
        Result run(int attempt);
    }

    /**
     * The cached answer, or a new probe when there is none or a failure's back-off is over. Probes
     * run one at a time (they are rare and short), so two jobs starting together probe once.
     */
    private static synchronized Result cached(String key, Probe probe) {
        long now = clock.getAsLong();
        Entry e = CACHE.get(key);
        if (e != null && (e.result().ok() || now - e.retryAt() < 0)) return e.result();
        int attempt = e == null ? 1 : e.result().attempt() + 1;
        Result r = probe.run(attempt);
        CACHE.put(key, new Entry(r, r.ok() ? Long.MAX_VALUE : clock.getAsLong() + backoffNanos(attempt)));
        if (!r.ok() && attempt > 1) LOG.info("hardware probe {} failed again (attempt {}): {}", key, attempt, r.reason());
        return r;
    }

    private static Result probeDevice(HwKind kind, String device, int attempt) {
        long t0 = System.nanoTime();
        List<DeviceSpec> candidates = new ArrayList<>();
        String missing = null;
        if (device != null || kind == HwKind.CUDA) {
            candidates.add(DeviceSpec.of(kind, device));
        } else {
            List<RenderNodes.Node> all = RenderNodes.list();
            List<RenderNodes.Node> nodes = kind == HwKind.QSV ? RenderNodes.forQsv(all) : RenderNodes.forVaapi(all);
            for (RenderNodes.Node n : nodes) candidates.add(DeviceSpec.of(kind, n.path()));
            if (all.isEmpty()) missing = "this machine has no /dev/dri render node";
            else if (nodes.isEmpty()) missing = "no Intel render node among " + all;
        }
        List<String> failures = new ArrayList<>();
        for (DeviceSpec spec : candidates) {
            try (DeviceLease lease = SharedDevices.acquire(spec)) {
                return new Result(true, null, millisSince(t0), attempt, spec, Map.of());
            } catch (FfmpegException | IllegalArgumentException | IllegalStateException e) {
                failures.add(e.getMessage() + access(spec.renderNode()));
            }
        }
        if (candidates.isEmpty()) {
            // nothing to try: FFmpeg's own default still gets its chance (an X11 display for VAAPI)
            DeviceSpec spec = DeviceSpec.of(kind, null);
            try (DeviceLease lease = SharedDevices.acquire(spec)) {
                return new Result(true, null, millisSince(t0), attempt, spec, Map.of());
            } catch (FfmpegException | IllegalArgumentException | IllegalStateException e) {
                failures.add(e.getMessage());
            }
            candidates.add(spec);
        }
        StringBuilder why = new StringBuilder(String.join("; ", failures));
        if (missing != null) why.append(" (").append(missing).append(')');
        if (kind == HwKind.VAAPI || kind == HwKind.QSV) why.append("; ").append(VaapiDrivers.prepare());
        if (kind == HwKind.QSV) why.append("; ").append(QsvRuntime.explain());
        LOG.debug("hardware probe {} failed in {} ms: {}", kind, millisSince(t0), why);
        return new Result(false, why.toString(), millisSince(t0), attempt, candidates.get(0), Map.of());
    }

    /**
     * FFmpeg says "No VA display found" both when the driver is missing and when the node cannot be
     * opened: tell the second apart.
     */
    private static String access(String node) {
        if (node == null) return "";
        java.nio.file.Path p = java.nio.file.Path.of(node);
        if (!java.nio.file.Files.exists(p)) return " (" + node + " does not exist)";
        if (!java.nio.file.Files.isReadable(p) || !java.nio.file.Files.isWritable(p)) {
            return " (this user may not open " + node + ": add it to the node's group, usually 'render')";
        }
        return "";
    }

    private static void openTiny(HwKind kind, HwDevice dev, String encoder, Map<String, String> options) {
        Encoder.Builder b = Encoder.named(encoder).device(dev).unknownOptions(UnknownOptions.IGNORE).options(options);
        if (kind.takesGpuFrames()) {
            b.video(PROBE_SIZE, PROBE_SIZE, dev.framePixelFormat(), new Rational(1, 25), new Rational(25, 1))
                    .hardwareFrames(dev.framesFor("nv12", PROBE_SIZE, PROBE_SIZE));
        } else {
            b.video(PROBE_SIZE, PROBE_SIZE, "nv12", new Rational(1, 25), new Rational(25, 1));
        }
        b.open().close();
    }

    private static long millisSince(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
