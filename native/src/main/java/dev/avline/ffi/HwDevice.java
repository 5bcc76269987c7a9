package dev.avline.ffi;

import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avutil.AVBufferRef;
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
        return create(type, device, java.util.Map.of());
    }

    /**
     * As {@link #create(String, String)}, with the device type's creation options: for QSV on Linux
     * {@code child_device} (the DRM render node) and {@code child_device_type} ("vaapi"); for VAAPI
     * {@code driver} ("iHD", "i965", "radeonsi") and {@code kernel_driver}. An option the device type
     * does not know is ignored by FFmpeg.
     */
    public static HwDevice create(String type, String device, java.util.Map<String, String> options) {
        Ffmpeg.ensureLoaded();
        int t = avutil.av_hwdevice_find_type_by_name(type);
        if (t == avutil.AV_HWDEVICE_TYPE_NONE) {
            throw new FfmpegException("create hardware device", AvError.EINVAL.code(), null,
                    "unknown hardware type '" + type + "'", null);
        }
        AVBufferRef ref = new AVBufferRef(null);
        LogBridge.clearLastLine(); // so an older line never explains this failure
        int ret;
        try (Dictionary dict = new Dictionary(options)) {
            ret = avutil.av_hwdevice_ctx_create(ref, t, device, dict.raw, 0);
        }
        if (ret < 0 || ref.isNull()) {
            throw new FfmpegException("create " + type + " device" + (device != null ? " " + device : "")
                    + (options.isEmpty() ? "" : " " + options),
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
     * Frames of this device for an encoder that takes GPU frames ({@code h264_vaapi},
     * {@code h264_nvenc} with CUDA frames). Nothing is allocated here (see {@link HwFrames}).
     *
     * @param softwareFormat the layout of the frames' data ("nv12" for 8-bit 4:2:0)
     */
    public HwFrames framesFor(String softwareFormat, int width, int height) {
        if (width <= 0 || height <= 0) throw new IllegalArgumentException("hardware frames: bad size " + width + "x" + height);
        return new HwFrames(this, softwareFormat, width, height);
    }

    /** A new, uninitialised frames context on this device; the caller owns the reference. */
    AVBufferRef allocFrames() {
        enter();
        try {
            AVBufferRef frames = avutil.av_hwframe_ctx_alloc(ref);
            if (frames == null || frames.isNull()) throw new OutOfMemoryError("av_hwframe_ctx_alloc");
            return frames;
        } finally {
            exit();
        }
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
