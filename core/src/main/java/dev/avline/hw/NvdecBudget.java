package dev.avline.hw;

import dev.avline.Internal;

/**
 * How many decode surfaces NVDEC gets, and so how many decoder threads fit. FFmpeg 7 sizes the
 * NVDEC frames pool as: the codec's DPB (H.264: reference frames + reorder frames; HEVC: the
 * largest DPB + 1; AV1: 8 references, doubled for film grain; VP9: 8) + 2 (FFmpeg's margin for
 * filters), + 3 work surfaces (libavcodec/decode.c), + {@code extra_hw_frames}, + one per thread
 * with frame threading. NVDEC takes at most 32 decode surfaces: past that the hwaccel fails to
 * initialise and FFmpeg decodes in software without an error (the CLI warns "Try lowering the
 * amount of threads"). {@code threads=auto} gives 17 threads on a 16-core machine, so the count is
 * computed here, never left to auto.
 *
 * <p>NVDEC copies each picture out of its decode surface into the pool's frame before handing it
 * on, so the frames our queues hold do not starve the decoder: no {@code extra_hw_frames} on CUDA
 * (VAAPI and QSV decode straight into pool surfaces and do need them).
 */
@Internal
public final class NvdecBudget {
    /** The most decode surfaces NVDEC accepts. */
    public static final int MAX_SURFACES = 32;
    /** FFmpeg's own additions: 2 in nvdec.c, 3 in decode.c. */
    static final int FFMPEG_MARGIN = 5;
    /** Frame threads past this add latency and memory for no speed: the GPU decodes, threads only parse. */
    static final int USEFUL_THREADS = 8;

    private NvdecBudget() {
    }

    /**
     * The decode surfaces a stream of {@code codec} may need at most, for the budget: its largest
     * legal DPB as FFmpeg counts it (streams rarely use all of it, so this is the safe side).
     */
    static int dpb(String codec) {
        switch (codec) {
            case "h264": return 16;          // max_dec_frame_buffering: references and reorder share it in practice
            case "hevc": return 17;          // sps max_dec_pic_buffering (<= 16) + 1
            case "av1": return 16;           // 8 reference slots, x2 with film grain
            case "vp9": case "vp8": return 8;
            case "mpeg2video": case "mpeg1video": case "mpeg4": case "vc1": case "wmv3": return 2;
            case "mjpeg": return 1;
            default: return 16;
        }
    }

    /** Surfaces FFmpeg will ask NVDEC for with {@code threads} frame threads. */
    public static int surfaces(String codec, int threads) {
        return dpb(codec) + FFMPEG_MARGIN + Math.max(0, threads);
    }

    /**
     * Decoder threads for NVDEC decoding of {@code codec}: the settings' cap (or the machine's cores)
     * bounded by what keeps the surfaces within {@link #MAX_SURFACES}, and at least 1.
     *
     * @param requested the settings' thread cap, 0 for none
     * @param cores the machine's cores
     */
    public static int threads(String codec, int requested, int cores) {
        int room = MAX_SURFACES - dpb(codec) - FFMPEG_MARGIN;
        int want = requested > 0 ? requested : Math.min(USEFUL_THREADS, cores);
        return Math.max(1, Math.min(want, room));
    }
}
