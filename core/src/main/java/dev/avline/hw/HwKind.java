package dev.avline.hw;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.avline.Internal;

/**
 * What avline knows about each kind of device: its encoders' names, whether they take GPU frames,
 * and the filters that keep frames on the GPU.
 */
@Internal
public enum HwKind {
    CUDA("cuda", "nvenc", true, "scale_cuda", "bwdif_cuda", "yadif_cuda"),
    VAAPI("vaapi", "vaapi", true, "scale_vaapi", "deinterlace_vaapi", "deinterlace_vaapi"),
    /**
     * QSV encoders take system-memory NV12 here (QSV surfaces must come from the encoder's own
     * fixed pool); {@code h264_qsv}/{@code hevc_qsv} decode on the GPU and their frames are
     * downloaded once.
     */
    QSV("qsv", "qsv", false, null, null, null);

    private final String deviceType;
    private final String encoderSuffix;
    private final boolean gpuFrames;
    private final String scaleFilter;
    private final String bwdifFilter;
    private final String yadifFilter;

    HwKind(String deviceType, String encoderSuffix, boolean gpuFrames, String scaleFilter, String bwdifFilter,
           String yadifFilter) {
        this.deviceType = deviceType;
        this.encoderSuffix = encoderSuffix;
        this.gpuFrames = gpuFrames;
        this.scaleFilter = scaleFilter;
        this.bwdifFilter = bwdifFilter;
        this.yadifFilter = yadifFilter;
    }

    /** The kinds {@link HwAccel#AUTO} tries, in order. */
    static final HwKind[] AUTO_ORDER = {CUDA, VAAPI, QSV};

    public static HwKind of(String deviceType) {
        for (HwKind k : values()) {
            if (k.deviceType.equals(deviceType)) return k;
        }
        throw new IllegalArgumentException("no hardware kind '" + deviceType + "'");
    }

    public String deviceType() {
        return deviceType;
    }

    /** This kind's encoder for a codec ("h264" → "h264_nvenc"). */
    public String encoderFor(String codec) {
        return codec + "_" + encoderSuffix;
    }

    /** True when the encoder takes frames in GPU memory (then decoded frames never leave the GPU). */
    public boolean takesGpuFrames() {
        return gpuFrames;
    }

    /** A scaler that works on GPU frames, or null. */
    public String scaleFilter() {
        return scaleFilter;
    }

    /** A GPU deinterlacer ("bwdif" or "yadif" flavour), or null. */
    public String deinterlaceFilter(boolean bwdif) {
        return bwdif ? bwdifFilter : yadifFilter;
    }

    /**
     * The first choice of options for this kind's encoder of {@code codec}, without rate control
     * (what a probe opens with).
     */
    public Map<String, String> defaultOptions(String codec) {
        return encoderChoices(codec, null, Map.of(), Map.of()).get(0);
    }

    /**
     * The option sets to try, in order, for this kind's encoder of {@code codec}: the first is what
     * the field uses; each next one asks less of the hardware, and the last has only the caller's
     * options. Intel's low-power encoders (the only H.264 encoder of 12th-generation and newer
     * iGPUs: FFmpeg picks the VAEntrypointEncSliceLP entrypoint itself when it is the only one)
     * reject constant QP and, on some generations, constrained baseline; NVENC drivers older than
     * SDK 10 reject the p1..p7 presets. An encoder that refuses a set fails to open, in
     * milliseconds, and the next set is tried.
     *
     * @param crf the software CRF, mapped to this kind's constant-quality option; null for none
     * @param generic the caller's generic options carried over ({@code b}, {@code maxrate}, {@code g}, …);
     *                with a bitrate, no quality option is added
     * @param user the caller's own options for the hardware encoder: added to every set, winning
     */
    public List<Map<String, String>> encoderChoices(String codec, Double crf, Map<String, String> generic,
                                                    Map<String, String> user) {
        boolean h264 = "h264".equals(codec);
        String q = crf == null || generic.containsKey("b") ? null : String.valueOf(Math.round(crf));
        List<Map<String, String>> sets = new ArrayList<>();
        switch (this) {
            case CUDA:
                sets.add(opts("preset", "p1", "profile", h264 ? "main" : null, "rc", q != null ? "vbr" : null, "cq", q));
                sets.add(opts("preset", "fast", "rc", q != null ? "vbr" : null, "cq", q));
                break;
            case VAAPI:
                // rc_mode auto with a quality: VAAPI picks ICQ, QVBR or CQP, whichever the entrypoint has
                sets.add(opts("profile", h264 ? "main" : null, "global_quality", q));
                sets.add(opts("profile", h264 ? "main" : null, "rc_mode", q != null ? "CQP" : null, "qp", q));
                if (h264) sets.add(opts("profile", "constrained_baseline"));
                break;
            case QSV:
                sets.add(opts("preset", "veryfast", "profile", h264 ? "main" : null, "global_quality", q));
                sets.add(opts("preset", "veryfast", "global_quality", q));
                break;
            default:
                break;
        }
        sets.add(new LinkedHashMap<>());
        List<Map<String, String>> out = new ArrayList<>();
        for (Map<String, String> set : sets) {
            Map<String, String> m = new LinkedHashMap<>(set);
            m.putAll(generic);
            m.putAll(user);
            Map<String, String> frozen = Collections.unmodifiableMap(m);
            if (!out.contains(frozen)) out.add(frozen);
        }
        return List.copyOf(out);
    }

    private static Map<String, String> opts(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            if (kv[i + 1] != null) m.put(kv[i], kv[i + 1]);
        }
        return m;
    }
}
