package dev.avline.hw;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.avline.Internal;
import dev.avline.events.Fallback;
import dev.avline.ffi.Decoder;
import dev.avline.ffi.Encoder;
import dev.avline.ffi.StreamInfo;

/**
 * Decides, for one video stream, where each stage runs: hw decode + hw encode → hw decode +
 * software encode → software. Devices and encoders are probed for real ({@link HwProbe}, cached);
 * every step down is a {@link Fallback} with its reason. A plan that uses a device holds a lease on
 * the shared one ({@link SharedDevices}): the job closes it when it ends.
 */
@Internal
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
        DeviceSpec spec = null;
        StringBuilder why = new StringBuilder();
        for (HwKind k : candidates) {
            HwProbe.Result r = HwProbe.device(k, hardware.device());
            if (r.ok()) {
                kind = k;
                spec = r.device();
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
        List<Map<String, String>> choices;
        if (explicitHw) {
            Map<String, String> m = new LinkedHashMap<>(softwareOptions);
            m.putAll(hardware.encoderOptions());
            choices = List.of(Collections.unmodifiableMap(m));
        } else {
            Map<String, String> generic = new LinkedHashMap<>();
            for (String g : GENERIC) {
                if (softwareOptions.containsKey(g)) generic.put(g, softwareOptions.get(g));
            }
            choices = kind.encoderChoices(codec, crf, generic, hardware.encoderOptions());
        }
        DeviceLease lease;
        try {
            lease = SharedDevices.acquire(spec);
        } catch (RuntimeException e) {
            fallbacks.add(new Fallback(Instant.now(), "device", spec.describe(), "software", e.getMessage()));
            return HwPlan.software(softwareEncoder, fallbacks);
        }
        boolean encode;
        if (explicitHw) {
            encode = true; // the caller named it: a failure to open is an error, not a fallback
        } else {
            HwProbe.Result r = HwProbe.encoder(kind, hardware.device(), hwEncoder, choices);
            encode = r.ok();
            if (encode) {
                List<Map<String, String>> ordered = new ArrayList<>();
                ordered.add(r.options()); // what opened in the probe first
                for (Map<String, String> c : choices) if (!c.equals(r.options())) ordered.add(c);
                choices = List.copyOf(ordered);
            } else {
                String reason = r.reason();
                if (kind == HwKind.QSV) reason += "; " + QsvRuntime.explain();
                fallbacks.add(new Fallback(Instant.now(), "encode", hwEncoder + " on " + kindName, softwareEncoder, reason));
            }
        }
        if (!decode && !encode) {
            lease.close();
            return HwPlan.software(softwareEncoder, fallbacks);
        }
        boolean gpuFrames = decode && encode && kind.takesGpuFrames();
        return new HwPlan(kind, spec, decode, encode ? hwEncoder : softwareEncoder, encode, gpuFrames,
                encode ? choices : List.of(), List.copyOf(fallbacks), lease);
    }

    /** The software encoder's options that mean the same to a hardware encoder. */
    private static final String[] GENERIC = {"b", "maxrate", "bufsize", "g", "bf", "threads"};
}
