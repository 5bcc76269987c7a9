package dev.avline.hw;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What avline knows about each kind of device: its encoders' names, whether they take GPU frames,
 * and the filters that keep frames on the GPU.
 */
public enum HwKind {
    CUDA("cuda", "nvenc", true, "scale_cuda", "bwdif_cuda", "yadif_cuda"),
    VAAPI("vaapi", "vaapi", true, "scale_vaapi", "deinterlace_vaapi", "deinterlace_vaapi"),
    /** QSV encoders take system-memory NV12 here: QSV surfaces must come from the encoder's own pool. */
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
     * The field's defaults for this kind's H.264 encoder: its fastest preset and the most compatible
     * profile ({@code h264_vaapi} rejects "baseline": its name is "constrained_baseline").
     */
    public Map<String, String> defaultOptions(String codec) {
        Map<String, String> m = new LinkedHashMap<>();
        boolean h264 = "h264".equals(codec);
        switch (this) {
            case CUDA:
                m.put("preset", "p1");
                if (h264) m.put("profile", "baseline");
                break;
            case VAAPI:
                if (h264) m.put("profile", "constrained_baseline");
                break;
            case QSV:
                m.put("preset", "veryfast");
                if (h264) m.put("profile", "baseline");
                break;
            default:
                break;
        }
        return m;
    }

    /** The hardware encoder's option for constant quality, taking the software CRF value. */
    public Map<String, String> qualityOptions(double crf) {
        String q = String.valueOf(Math.round(crf));
        switch (this) {
            case CUDA: return Map.of("rc", "vbr", "cq", q);
            case VAAPI: return Map.of("rc_mode", "CQP", "qp", q);
            case QSV: return Map.of("global_quality", q);
            default: return Map.of();
        }
    }
}
