package dev.avline.hw;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The hardware a transcode may use: which kind, which device, and options for the hardware encoder
 * (for example {@code qp} for {@code h264_vaapi}). Immutable.
 *
 * <pre>{@code
 * Hardware.auto()                                  // probe, fall back to software
 * Hardware.of(HwAccel.VAAPI).device("/dev/dri/renderD129")
 * }</pre>
 */
public final class Hardware {
    private static final Hardware NONE = new Hardware(HwAccel.NONE, null, Map.of());
    private static final Hardware AUTO = new Hardware(HwAccel.AUTO, null, Map.of());

    private final HwAccel accel;
    private final String device;
    private final Map<String, String> encoderOptions;

    private Hardware(HwAccel accel, String device, Map<String, String> encoderOptions) {
        this.accel = accel;
        this.device = device;
        this.encoderOptions = Collections.unmodifiableMap(new LinkedHashMap<>(encoderOptions));
    }

    public static Hardware none() {
        return NONE;
    }

    public static Hardware auto() {
        return AUTO;
    }

    public static Hardware of(HwAccel accel) {
        return new Hardware(Objects.requireNonNull(accel, "hw_accel"), null, Map.of());
    }

    /** From a config value ("auto", "vaapi", "cuda", "qsv", "none"). */
    public static Hardware parse(String hwAccel) {
        return of(HwAccel.parse(hwAccel));
    }

    /** The device: a DRM node for VAAPI/QSV, a GPU index for CUDA. Only with an explicit kind. */
    public Hardware device(String device) {
        if (accel == HwAccel.AUTO || accel == HwAccel.NONE) {
            throw new IllegalArgumentException("hw_device: a device needs an explicit hw_accel (vaapi, cuda or qsv), not " + accel);
        }
        if (device != null && device.isBlank()) throw new IllegalArgumentException("hw_device: empty device name");
        return new Hardware(accel, device, encoderOptions);
    }

    /** Private options for the hardware encoder, replacing avline's defaults of the same name. */
    public Hardware encoderOptions(Map<String, String> options) {
        for (Map.Entry<String, String> e : options.entrySet()) {
            if (e.getKey() == null || e.getKey().isBlank() || e.getValue() == null) {
                throw new IllegalArgumentException("hw_encoder_options: option '" + e.getKey() + "' needs a name and a value");
            }
        }
        return new Hardware(accel, device, options);
    }

    /**
     * Forgets every hardware probe result of this process, failures and successes: the next job
     * probes again at once instead of waiting for a failure's back-off (a driver was just installed,
     * a GPU was freed, a container got its {@code /dev/dri}).
     */
    public static void reprobe() {
        HwProbe.forget();
        VaapiDrivers.reset();
    }

    public HwAccel accel() {
        return accel;
    }

    /** The device string, or null for the default device of the kind. */
    public String device() {
        return device;
    }

    public Map<String, String> encoderOptions() {
        return encoderOptions;
    }

    public boolean isNone() {
        return accel == HwAccel.NONE;
    }

    @Override
    public String toString() {
        return accel + (device != null ? ":" + device : "");
    }
}
