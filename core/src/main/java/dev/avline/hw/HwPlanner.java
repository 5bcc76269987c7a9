package dev.avline.hw;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.avline.events.Fallback;
import dev.avline.ffi.Decoder;
import dev.avline.ffi.Encoder;
import dev.avline.ffi.StreamInfo;

/**
 * Decides, for one video stream, where each stage runs: hw decode + hw encode → hw decode +
 * software encode → software. Devices and encoders are probed for real ({@link HwProbe}, cached);
 * every step down is a {@link Fallback} with its reason.
 */
public final class HwPlanner {
    private static final Logger LOG = LoggerFactory.getLogger(HwPlanner.class);

    private HwPlanner() {
    }

    /**
     * @param hardware what the caller allows
     * @param video the input video stream
     * @param softwareEncoder the encoder the settings name (libx264 by default); a hardware encoder
     *                        named there explicitly is used as it is, on the chosen device
     * @param softwareOptions options of that encoder, carried over to the hardware encoder where they
     *                        are generic ({@code b}, {@code maxrate}, {@code bufsize}, {@code g})
     * @param crf the software CRF, mapped to the hardware encoder's quality option; null for none
     */
    public static HwPlan plan(Hardware hardware, StreamInfo video, String softwareEncoder,
                              Map<String, String> softwareOptions, Double crf) {
        List<Fallback> fallbacks = new ArrayList<>();
        if (hardware.isNone()) return HwPlan.software(softwareEncoder, fallbacks);
        HwKind[] candidates = hardware.accel() == HwAccel.AUTO ? HwKind.AUTO_ORDER
                : new HwKind[] {HwKind.of(hardware.accel().deviceType())};
        HwKind kind = null;
        StringBuilder why = new StringBuilder();
        for (HwKind k : candidates) {
            HwProbe.Result r = HwProbe.device(k, hardware.device());
            if (r.ok()) {
                kind = k;
                break;
            }
            if (why.length() > 0) why.append("; ");
            why.append(k.deviceType()).append(": ").append(r.reason());
        }
        if (kind == null) {
            fallbacks.add(new Fallback(Instant.now(), "device", hardware.toString(), "software",
                    "no usable device (" + why + ")"));
            LOG.info("hardware {}: no usable device, using software ({})", hardware, why);
            return HwPlan.software(softwareEncoder, fallbacks);
        }
        String kindName = kind.deviceType();
        String decodeProblem = Decoder.hardwareUnsupportedReason(video, kindName);
        boolean decode = decodeProblem == null;
        if (!decode) fallbacks.add(new Fallback(Instant.now(), "decode", kindName, "software", decodeProblem));

        String codec = Encoder.codecNameOf(softwareEncoder);
        boolean explicitHw = Encoder.isHardware(softwareEncoder);
        String hwEncoder = explicitHw ? softwareEncoder : kind.encoderFor(codec);
        boolean encode;
        if (explicitHw) {
            encode = true; // the caller named it: a failure to open is an error, not a fallback
        } else {
            HwProbe.Result r = HwProbe.encoder(kind, hardware.device(), hwEncoder);
            encode = r.ok();
            if (!encode) {
                fallbacks.add(new Fallback(Instant.now(), "encode", hwEncoder + " on " + kindName, softwareEncoder, r.reason()));
            }
        }
        if (!decode && !encode) return HwPlan.software(softwareEncoder, fallbacks);
        Map<String, String> options = new LinkedHashMap<>();
        if (encode) {
            if (!explicitHw) {
                options.putAll(kind.defaultOptions(codec));
                for (String generic : new String[] {"b", "maxrate", "bufsize", "g", "bf", "threads"}) {
                    if (softwareOptions.containsKey(generic)) options.put(generic, softwareOptions.get(generic));
                }
                if (crf != null && !softwareOptions.containsKey("b")) options.putAll(kind.qualityOptions(crf));
            } else {
                options.putAll(softwareOptions);
            }
            options.putAll(hardware.encoderOptions());
        }
        boolean gpuFrames = decode && encode && kind.takesGpuFrames();
        return new HwPlan(kind, hardware.device(), decode, encode ? hwEncoder : softwareEncoder, encode, gpuFrames,
                java.util.Collections.unmodifiableMap(options), List.copyOf(fallbacks));
    }
}
