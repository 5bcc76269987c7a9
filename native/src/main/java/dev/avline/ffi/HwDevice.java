package dev.avline.ffi;

import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avutil.AVBufferRef;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVHWFramesContext;
import org.bytedeco.ffmpeg.global.avutil;

/**
 * A hardware device context ({@code av_hwdevice_ctx_create}): "cuda", "vaapi", "qsv", …
 * The handle owns one buffer reference; every user (decoder, encoder, filter) gets its own
 * {@code av_buffer_ref}, so closing this handle never pulls the device from under a codec.
 */
public final class HwDevice extends NativeResource {
    private final AVBufferRef ref;
    private final String type;
    private final String device;

    private HwDevice(AVBufferRef ref, String type, String device) {
        this.ref = ref;
        this.type = type;
        this.device = device;
    }

    /**
     * Creates a device.
     *
     * @param type FFmpeg's device type name ("cuda", "vaapi", "qsv", "vulkan", "drm")
     * @param device the device string (a DRM node for VAAPI, an index for CUDA), or null for the default
     * @throws FfmpegException when the type is unknown or the device cannot be created (no driver, no node)
     */
    public static HwDevice create(String type, String device) {
        Ffmpeg.ensureLoaded();
        int t = avutil.av_hwdevice_find_type_by_name(type);
        if (t == avutil.AV_HWDEVICE_TYPE_NONE) {
            throw new FfmpegException("create hardware device", AvError.EINVAL.code(), null,
                    "unknown hardware type '" + type + "'", null);
        }
        AVBufferRef ref = new AVBufferRef(null);
        LogBridge.clearLastLine(); // so an older line never explains this failure
        int ret = avutil.av_hwdevice_ctx_create(ref, t, device, (AVDictionary) null, 0);
        if (ret < 0 || ref.isNull()) {
            throw new FfmpegException("create " + type + " device" + (device != null ? " " + device : ""),
                    ret < 0 ? ret : AvError.EXTERNAL.code(), null);
        }
        return new HwDevice(ref, type, device);
    }

    public String type() {
        return type;
    }

    /** The device string it was created with, or null for the default device. */
    public String device() {
        return device;
    }

    /**
     * The pixel format of frames that live on this kind of device ("cuda", "vaapi", "qsv",
     * "vulkan", "drm_prime"): what a hardware encoder is opened with to take GPU frames.
     */
    public String framePixelFormat() {
        switch (type) {
            case "drm": return "drm_prime";
            case "videotoolbox": return "videotoolbox_vld";
            default: return type;
        }
    }

    /**
     * A new frames context on this device for an encoder that takes GPU frames ({@code h264_vaapi},
     * {@code h264_nvenc} with CUDA frames): the encoder owns it. Frames produced elsewhere on the same
     * device (the decoder's pool, a {@code scale_cuda}) can be sent to that encoder as they are.
     *
     * @param softwareFormat the layout of the frames' data ("nv12" for 8-bit 4:2:0)
     */
    public Encoder.HwFramesSource framesFor(String softwareFormat, int width, int height) {
        int sw = Encoder.pixelFormat(softwareFormat, "hardware frames");
        int hw = Encoder.pixelFormat(framePixelFormat(), "hardware frames");
        return codec -> {
            enter();
            try {
                AVBufferRef frames = avutil.av_hwframe_ctx_alloc(ref);
                if (frames == null || frames.isNull()) throw new OutOfMemoryError("av_hwframe_ctx_alloc");
                AVHWFramesContext fc = new AVHWFramesContext(frames.data());
                fc.format(hw);
                fc.sw_format(sw);
                fc.width(width);
                fc.height(height);
                fc.initial_pool_size(20); // VAAPI needs a fixed pool; encoders keep a few surfaces in flight
                int ret = avutil.av_hwframe_ctx_init(frames);
                if (ret < 0) {
                    avutil.av_buffer_unref(frames);
                    throw new FfmpegException("create " + type + " frames " + softwareFormat + " " + width + "x" + height, ret, null);
                }
                codec.hw_frames_ctx(frames); // the codec context now owns this reference
            } finally {
                exit();
            }
        };
    }

    /** Gives a codec its own reference to this device (before {@code avcodec_open2}). */
    void attachTo(AVCodecContext codec) {
        enter();
        try {
            AVBufferRef r = avutil.av_buffer_ref(ref);
            if (r == null || r.isNull()) throw new OutOfMemoryError("av_buffer_ref");
            codec.hw_device_ctx(r);
        } finally {
            exit();
        }
    }

    /** A new reference for another boundary class (a filter); the caller owns it. */
    AVBufferRef newReference() {
        enter();
        try {
            AVBufferRef r = avutil.av_buffer_ref(ref);
            if (r == null || r.isNull()) throw new OutOfMemoryError("av_buffer_ref");
            return r;
        } finally {
            exit();
        }
    }

    @Override
    protected void free() {
        avutil.av_buffer_unref(ref);
    }

    @Override
    protected String describe() {
        return type + " device";
    }
}
