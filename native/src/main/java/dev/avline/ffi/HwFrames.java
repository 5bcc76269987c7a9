package dev.avline.ffi;

import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avutil.AVBufferRef;
import org.bytedeco.ffmpeg.avutil.AVHWFramesContext;
import org.bytedeco.ffmpeg.global.avutil;

/**
 * A description of GPU frames (device, pixel layout, size) that an encoder taking GPU frames is
 * opened with ({@code hw_frames_ctx}). It holds no native memory until an encoder opens with it:
 * the frames context is made then and the encoder owns it.
 *
 * <p>The context it makes has no surfaces of its own where the device allows a growing pool
 * (CUDA, VAAPI: {@code initial_pool_size} 0): {@code h264_nvenc} and {@code h264_vaapi} read the
 * layout from it and take the frames they are sent wherever they were allocated on the same device
 * (the decoder's surfaces, a {@code scale_cuda} output). So decoded frames go to the encoder as they
 * are and nothing is allocated for nothing. QSV needs a fixed pool.
 */
public final class HwFrames {
    private final HwDevice device;
    private final String softwareFormat;
    private final int width;
    private final int height;

    HwFrames(HwDevice device, String softwareFormat, int width, int height) {
        this.device = device;
        this.softwareFormat = softwareFormat;
        this.width = width;
        this.height = height;
    }

    public String softwareFormat() {
        return softwareFormat;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Surfaces allocated up front: 0 (a pool that grows on demand) except where the device needs a fixed pool. */
    static int initialPoolSize(String deviceType) {
        return "qsv".equals(deviceType) ? 16 : 0;
    }

    /** Makes the frames context and gives the codec its only reference (before {@code avcodec_open2}). */
    void attachTo(AVCodecContext codec) {
        int sw = Encoder.pixelFormat(softwareFormat, "hardware frames");
        int hw = Encoder.pixelFormat(device.framePixelFormat(), "hardware frames");
        AVBufferRef frames = device.allocFrames();
        AVHWFramesContext fc = new AVHWFramesContext(frames.data());
        fc.format(hw);
        fc.sw_format(sw);
        fc.width(width);
        fc.height(height);
        fc.initial_pool_size(initialPoolSize(device.type()));
        int ret = avutil.av_hwframe_ctx_init(frames);
        if (ret < 0) {
            avutil.av_buffer_unref(frames);
            throw new FfmpegException("create " + device.type() + " frames " + softwareFormat + " " + width + "x" + height, ret, null);
        }
        codec.hw_frames_ctx(frames); // the codec context now owns this reference
    }

    @Override
    public String toString() {
        return device.type() + " frames " + softwareFormat + " " + width + "x" + height;
    }
}
