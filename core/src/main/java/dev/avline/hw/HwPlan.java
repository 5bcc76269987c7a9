package dev.avline.hw;

import java.util.List;
import java.util.Map;

import dev.avline.Internal;
import dev.avline.events.Fallback;

/**
 * What a video transcode will run on, decided stage by stage, with the fallbacks that led there.
 *
 * @param kind the device kind in use, or null for software only
 * @param device the device (a render node chosen among several), null for software
 * @param decode true to decode on the device
 * @param encoder the video encoder's name (a hardware one when {@code hwEncode})
 * @param hwEncode true when {@code encoder} runs on the device
 * @param gpuFrames true when decoded frames go to the encoder without leaving the GPU
 * @param encoderChoices option sets for the hardware encoder, to try in order (the probe's choice
 *                       first); empty for software
 * @param fallbacks every fallback taken, in order, to report as events
 * @param lease the shared device, held for the job (close it when the job ends); null for software
 */
@Internal
public record HwPlan(HwKind kind, DeviceSpec device, boolean decode, String encoder, boolean hwEncode, boolean gpuFrames,
                     List<Map<String, String>> encoderChoices, List<Fallback> fallbacks, DeviceLease lease) {

    public static HwPlan software(String encoder, List<Fallback> fallbacks) {
        return new HwPlan(null, null, false, encoder, false, false, List.of(), List.copyOf(fallbacks), null);
    }

    /** True when a device is used by this plan. */
    public boolean usesDevice() {
        return kind != null && (decode || hwEncode);
    }

    /** The first option set for the hardware encoder (empty for software). */
    public Map<String, String> encoderOptions() {
        return encoderChoices.isEmpty() ? Map.of() : encoderChoices.get(0);
    }

    /** The same plan with the encoder replaced by the software one (the hardware encoder failed to open). */
    public HwPlan withSoftwareEncoder(String softwareEncoder) {
        return new HwPlan(decode ? kind : null, device, decode, softwareEncoder, false, false, List.of(), fallbacks, lease);
    }

    /** The same plan decoding in software (FFmpeg did not decode on the device). */
    public HwPlan withSoftwareDecode() {
        return new HwPlan(hwEncode ? kind : null, device, false, encoder, hwEncode, false, encoderChoices, fallbacks, lease);
    }

    /** For progress and logs: "none", "cuda decode + libx264", "vaapi decode + h264_vaapi (GPU frames)". */
    public String describe() {
        if (kind == null || !(decode || hwEncode)) return "none";
        StringBuilder b = new StringBuilder(kind.deviceType());
        b.append(decode ? " decode + " : " (software decode) + ").append(encoder);
        if (gpuFrames) b.append(" (GPU frames)");
        return b.toString();
    }
}
