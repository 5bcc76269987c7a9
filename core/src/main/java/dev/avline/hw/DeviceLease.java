package dev.avline.hw;

import dev.avline.Internal;
import dev.avline.ffi.HwDevice;

/**
 * A job's use of a shared device ({@link SharedDevices}): close it when the job ends (its decoder,
 * encoder and filters hold their own references to the device, so the order does not matter).
 */
@Internal
public final class DeviceLease implements AutoCloseable {
    private final RefCountedPool.Use<HwDevice> use;
    private final DeviceSpec spec;

    DeviceLease(RefCountedPool.Use<HwDevice> use, DeviceSpec spec) {
        this.use = use;
        this.spec = spec;
    }

    public HwDevice device() {
        return use.value();
    }

    public DeviceSpec spec() {
        return spec;
    }

    /**
     * The device failed during the job (lost, reset): jobs starting later get a new one, and the
     * probe results for it are forgotten so the next job probes again.
     */
    public void markLost() {
        use.markLost();
        HwProbe.forget(spec.kind());
    }

    @Override
    public void close() {
        use.close();
    }
}
