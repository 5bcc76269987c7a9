package dev.avline.hw;

import java.util.List;
import java.util.Map;

import dev.avline.events.Fallback;

/**
 * What a video transcode will run on, decided stage by stage, with the fallbacks that led there.
 *
 * @param kind the device kind in use, or null for software only
 * @param device the device string (null: the kind's default device)
 * @param decode true to decode on the device
 * @param encoder the video encoder's name (a hardware one when {@code hwEncode})
 * @param hwEncode true when {@code encoder} runs on the device
 * @param gpuFrames true when decoded frames go to the encoder without leaving the GPU
 * @param encoderOptions options for a hardware encoder (defaults plus the caller's); empty for software
 * @param fallbacks every fallback taken, in order, to report as events
 */
public record HwPlan(HwKind kind, String device, boolean decode, String encoder, boolean hwEncode, boolean gpuFrames,
                     Map<String, String> encoderOptions, List<Fallback> fallbacks) {

    public static HwPlan software(String encoder, List<Fallback> fallbacks) {
        return new HwPlan(null, null, false, encoder, false, false, Map.of(), List.copyOf(fallbacks));
    }

    /** True when a device must be created for this plan. */
    public boolean usesDevice() {
        return kind != null && (decode || hwEncode);
    }

    /** The same plan with the encoder replaced by the software one (the hardware encoder failed to open). */
    public HwPlan withSoftwareEncoder(String softwareEncoder) {
        return new HwPlan(decode ? kind : null, device, decode, softwareEncoder, false, false, Map.of(), fallbacks);
    }

    /** The same plan decoding in software (FFmpeg did not decode on the device). */
    public HwPlan withSoftwareDecode() {
        return new HwPlan(hwEncode ? kind : null, device, false, encoder, hwEncode, false, encoderOptions, fallbacks);
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
