package dev.avline.hw;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.avline.Internal;

/**
 * A device as FFmpeg creates it: its kind, the device string {@code av_hwdevice_ctx_create} takes,
 * and its creation options. For QSV on Linux the user's DRM render node is not the device string
 * (that names the implementation: "hw", "auto") but its {@code child_device}.
 *
 * @param kind the device kind
 * @param device the device string for FFmpeg, or null for the kind's default
 * @param options creation options ({@code child_device} for QSV)
 */
@Internal
public record DeviceSpec(HwKind kind, String device, Map<String, String> options) {
    public DeviceSpec {
        options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    /**
     * The spec for what a user wrote: for CUDA a GPU index; for VAAPI a render node; for QSV a render
     * node (becomes {@code hw} with that {@code child_device}) or an implementation name ("hw",
     * "auto", "hw2").
     */
    public static DeviceSpec of(HwKind kind, String userDevice) {
        if (kind == HwKind.QSV) {
            if (userDevice != null && userDevice.startsWith("/")) {
                Map<String, String> o = new LinkedHashMap<>();
                o.put("child_device", userDevice);
                o.put("child_device_type", "vaapi");
                return new DeviceSpec(kind, "hw", o);
            }
            return new DeviceSpec(kind, userDevice == null ? "hw" : userDevice, Map.of());
        }
        return new DeviceSpec(kind, userDevice, Map.of());
    }

    /** The render node this device is on ({@code /dev/dri/renderD128}), or null when not known. */
    public String renderNode() {
        if (options.containsKey("child_device")) return options.get("child_device");
        return device != null && device.startsWith("/") ? device : null;
    }

    /** For messages: "vaapi /dev/dri/renderD128", "qsv hw (child_device=/dev/dri/renderD128)", "cuda". */
    public String describe() {
        StringBuilder b = new StringBuilder(kind.deviceType());
        if (device != null) b.append(' ').append(device);
        if (options.containsKey("child_device")) b.append(" (child_device=").append(options.get("child_device")).append(')');
        return b.toString();
    }
}
