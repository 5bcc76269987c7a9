package dev.avline.transcode;

import java.util.ArrayList;
import java.util.List;

import dev.avline.ffi.Frame;
import dev.avline.ffi.Rational;
import dev.avline.hw.HwKind;

/**
 * Writes the filter graph descriptions. The end of each chain is pinned to what the encoder was
 * opened with (size and pixel format; rate, sample format and channel layout), so the graph can be
 * rebuilt for a different input without touching the encoder.
 */
final class FilterChains {
    private FilterChains() {
    }

    /**
     * What a stream's filter graph must produce.
     *
     * @param video true for video
     * @param width output width (video)
     * @param height output height (video)
     * @param pixelFormat the encoder's pixel format in system memory ("yuv420p"; "nv12" before an upload)
     * @param deinterlace deinterlacing (video)
     * @param gpuKind the device kind whose filters work on GPU frames arriving from the decoder
     *                (scaling and deinterlacing happen there, before any download); null for none
     * @param gpuEncoder true when the encoder takes GPU frames of {@code gpuKind} (nothing is downloaded)
     * @param frameRate the input's frame rate, for the buffer source (video; may be 0/0)
     * @param sampleRate output rate (audio)
     * @param sampleFormat the encoder's sample format ("fltp")
     * @param channelLayout the encoder's channel layout ("stereo")
     * @param loudnorm the loudnorm filter with its arguments, or null
     */
    record Target(boolean video, int width, int height, String pixelFormat, Deinterlace deinterlace, HwKind gpuKind,
                  boolean gpuEncoder, Rational frameRate, int sampleRate, String sampleFormat, String channelLayout,
                  String loudnorm) {
        static Target video(int width, int height, String pixelFormat, Deinterlace deinterlace, HwKind gpuKind,
                            boolean gpuEncoder, Rational frameRate) {
            return new Target(true, width, height, pixelFormat, deinterlace, gpuKind, gpuEncoder, frameRate, 0, null, null, null);
        }

        /**
         * The same target with no GPU filters (they failed): GPU frames are downloaded first, and
         * uploaded again at the end when the encoder takes GPU frames.
         */
        Target withoutGpuFilters() {
            return new Target(video, width, height, pixelFormat, deinterlace, null, gpuEncoder, frameRate, sampleRate, sampleFormat,
                    channelLayout, loudnorm);
        }

        /** The same target at another picture size. */
        Target withSize(int w, int h) {
            return new Target(video, w, h, pixelFormat, deinterlace, gpuKind, gpuEncoder, frameRate, sampleRate, sampleFormat,
                    channelLayout, loudnorm);
        }

        static Target audio(int sampleRate, String sampleFormat, String channelLayout, String loudnorm) {
            return new Target(false, 0, 0, null, Deinterlace.NONE, null, false, null, sampleRate, sampleFormat, channelLayout, loudnorm);
        }
    }

    /**
     * The video chain for frames like {@code f}. GPU frames are deinterlaced and scaled on their
     * device when it has the filters (a smaller picture to download, or none at all when the encoder
     * takes GPU frames); otherwise they are downloaded first. Software frames for a GPU encoder are
     * uploaded at the end.
     */
    static String video(Target t, Frame f) {
        List<String> chain = new ArrayList<>();
        String frameDevice = f.hardwareType();
        HwKind kind = t.gpuKind();
        if (frameDevice != null) {
            if (kind != null && kind.deviceType().equals(frameDevice) && kind.scaleFilter() != null) {
                if (t.deinterlace() != Deinterlace.NONE) {
                    String d = kind.deinterlaceFilter(t.deinterlace() == Deinterlace.BWDIF);
                    if (d != null) chain.add(d);
                }
                boolean resize = f.width() != t.width() || f.height() != t.height() || !"nv12".equals(f.softwareFormatName());
                if (resize) chain.add(kind.scaleFilter() + "=w=" + t.width() + ":h=" + t.height() + ":format=nv12");
                if (t.gpuEncoder()) return chain.isEmpty() ? "null" : String.join(",", chain);
                chain.add("hwdownload");
                chain.add("format=nv12");
                chain.add("scale=" + t.width() + ":" + t.height());
                chain.add("format=" + t.pixelFormat());
                return String.join(",", chain);
            }
            chain.add("hwdownload");
            chain.add("format=" + f.softwareFormatName());
        }
        if (t.deinterlace().filter() != null) chain.add(t.deinterlace().filter());
        chain.add("scale=" + t.width() + ":" + t.height());
        chain.add("format=" + t.pixelFormat());
        if (t.gpuEncoder()) chain.add("hwupload");
        return String.join(",", chain);
    }

    /**
     * The audio chain: [loudnorm,] aresample to the output rate, then the encoder's format and layout.
     * loudnorm stamps its output by counting samples from its first input and ignores the input's
     * timestamps: a gap in the input (lost packets in a live feed) would move the audio out of sync
     * for good. So an {@code aresample=async=1} before it turns such gaps into silence (and trims
     * overlaps) first; with a clean input it does nothing.
     */
    static String audio(Target t) {
        List<String> chain = new ArrayList<>();
        if (t.loudnorm() != null) {
            chain.add("aresample=async=1");
            chain.add(t.loudnorm());
        }
        chain.add("aresample=" + t.sampleRate());
        chain.add("aformat=sample_fmts=" + t.sampleFormat() + ":sample_rates=" + t.sampleRate()
                + ":channel_layouts=" + t.channelLayout());
        return String.join(",", chain);
    }
}
