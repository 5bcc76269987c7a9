package dev.avline.hw;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.avline.Internal;
import dev.avline.ffi.HwDevice;

/**
 * One device per GPU per process, shared by every job that uses it. A CUDA context costs about
 * 0.4 s and real memory on the GPU; a VAAPI display opens the driver again. Devices are created on
 * first use and released when the last job using them ends (nothing stays open for finished jobs);
 * a device marked lost is replaced for the jobs that start after.
 */
@Internal
public final class SharedDevices {
    private static final Logger LOG = LoggerFactory.getLogger(SharedDevices.class);
    private static final RefCountedPool<DeviceSpec, HwDevice> POOL = new RefCountedPool<>(SharedDevices::create);

    private SharedDevices() {
    }

    private static HwDevice create(DeviceSpec spec) {
        long t0 = System.nanoTime();
        HwDevice d = HwDevice.create(spec.kind().deviceType(), spec.device(), spec.options());
        LOG.debug("created {} in {} ms", spec.describe(), (System.nanoTime() - t0) / 1_000_000);
        return d;
    }

    /**
     * Uses the device for {@code spec}, creating it when no job uses one.
     *
     * @throws dev.avline.ffi.FfmpegException when the device cannot be created (FFmpeg's reason)
     */
    public static DeviceLease acquire(DeviceSpec spec) {
        if (spec.kind() == HwKind.VAAPI || spec.kind() == HwKind.QSV) VaapiDrivers.prepare();
        return new DeviceLease(POOL.acquire(spec), spec);
    }

    /** Devices open now (each shared by all the jobs using it). */
    public static int open() {
        return POOL.size();
    }

    /** Jobs (and probes) using the device for {@code spec} now. */
    public static int users(DeviceSpec spec) {
        return POOL.users(spec);
    }
}
