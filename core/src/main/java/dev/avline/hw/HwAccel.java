package dev.avline.hw;

import java.util.Locale;

/** Which hardware to use, as streaming servers' configs say it ({@code "hw_accel": "auto"}). */
public enum HwAccel {
    /** Probe CUDA, then VAAPI, then QSV; use the first that works, else software. */
    AUTO(null),
    /** VAAPI (Intel/AMD on Linux): a DRM render node such as {@code /dev/dri/renderD128}. */
    VAAPI("vaapi"),
    /** NVIDIA: NVDEC decoding, NVENC encoding; the device is a GPU index. */
    CUDA("cuda"),
    /** Intel Quick Sync (oneVPL/libmfx). */
    QSV("qsv"),
    /** Software only. */
    NONE(null);

    private final String deviceType;

    HwAccel(String deviceType) {
        this.deviceType = deviceType;
    }

    /** FFmpeg's device type name ("cuda", "vaapi", "qsv"); null for AUTO and NONE. */
    public String deviceType() {
        return deviceType;
    }

    /** Parses a config value: auto, vaapi, cuda (also nvenc/nvidia), qsv, none (also off/false/software). */
    public static HwAccel parse(String value) {
        if (value == null) throw new IllegalArgumentException("hw_accel: no value (expected auto, vaapi, cuda, qsv or none)");
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "auto": return AUTO;
            case "vaapi": return VAAPI;
            case "cuda": case "nvenc": case "nvidia": case "nvdec": return CUDA;
            case "qsv": return QSV;
            case "none": case "off": case "false": case "software": case "": return NONE;
            default:
                throw new IllegalArgumentException("hw_accel: unknown value '" + value
                        + "' (expected auto, vaapi, cuda, qsv or none)");
        }
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
