package dev.avline.transcode;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How to make the output's video. Immutable; every {@code with…}-style method returns a copy.
 *
 * <pre>{@code
 * VideoSettings.h264()                                  // libx264, preset=ultrafast, profile=baseline
 *     .crf(23).gop(60).scale(1280, 720).deinterlace(Deinterlace.BWDIF);
 * VideoSettings.encoder("libx265").option("x265-params", "log-level=error").bitrate(2_000_000);
 * }</pre>
 *
 * Frame rate is passed through: no frame is duplicated or dropped to reach a constant rate, and
 * each frame keeps its timestamp, rescaled into the encoder's time base.
 */
public final class VideoSettings {
    private final StreamMode mode;
    private final String encoder;
    private final String preset;
    private final String profile;
    private final Double crf;
    private final long bitrate;
    private final long maxrate;
    private final long bufsize;
    private final int gop;
    private final int width;
    private final int height;
    private final String pixelFormat;
    private final Deinterlace deinterlace;
    private final Map<String, String> options;

    private VideoSettings(StreamMode mode, String encoder, String preset, String profile, Double crf, long bitrate,
                          long maxrate, long bufsize, int gop, int width, int height, String pixelFormat,
                          Deinterlace deinterlace, Map<String, String> options) {
        this.mode = mode;
        this.encoder = encoder;
        this.preset = preset;
        this.profile = profile;
        this.crf = crf;
        this.bitrate = bitrate;
        this.maxrate = maxrate;
        this.bufsize = bufsize;
        this.gop = gop;
        this.width = width;
        this.height = height;
        this.pixelFormat = pixelFormat;
        this.deinterlace = deinterlace;
        this.options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    /** The field's software H.264: libx264, {@code preset=ultrafast}, {@code profile=baseline}, yuv420p. */
    public static VideoSettings h264() {
        return new VideoSettings(StreamMode.TRANSCODE, "libx264", "ultrafast", "baseline", null, 0, 0, 0, 0, 0, 0,
                "yuv420p", Deinterlace.NONE, Map.of());
    }

    /** Any video encoder of the FFmpeg build by name, with its own defaults (no preset or profile set). */
    public static VideoSettings encoder(String name) {
        return new VideoSettings(StreamMode.TRANSCODE, Objects.requireNonNull(name, "video.encoder"), null, null, null,
                0, 0, 0, 0, 0, 0, "yuv420p", Deinterlace.NONE, Map.of());
    }

    /** Copies the video packets unchanged. */
    public static VideoSettings copy() {
        return h264().mode(StreamMode.COPY);
    }

    /** No video in the output. */
    public static VideoSettings drop() {
        return h264().mode(StreamMode.DROP);
    }

    private VideoSettings with(StreamMode mode, String encoder, String preset, String profile, Double crf, long bitrate,
                               long maxrate, long bufsize, int gop, int width, int height, String pixelFormat,
                               Deinterlace deinterlace, Map<String, String> options) {
        return new VideoSettings(mode, encoder, preset, profile, crf, bitrate, maxrate, bufsize, gop, width, height,
                pixelFormat, deinterlace, options);
    }

    public VideoSettings mode(StreamMode m) {
        return with(Objects.requireNonNull(m, "video.mode"), encoder, preset, profile, crf, bitrate, maxrate, bufsize, gop,
                width, height, pixelFormat, deinterlace, options);
    }

    /** Copy the input's video when it is already what this encoder makes and no filter is asked for. */
    public VideoSettings copyIfMatching() {
        return mode(StreamMode.COPY_IF_MATCHING);
    }

    /** The encoder's speed preset (libx264: ultrafast … placebo); null for the encoder's default. */
    public VideoSettings preset(String p) {
        return with(mode, encoder, p, profile, crf, bitrate, maxrate, bufsize, gop, width, height, pixelFormat, deinterlace, options);
    }

    /** The codec profile (libx264: baseline, main, high); null for the encoder's default. */
    public VideoSettings profile(String p) {
        return with(mode, encoder, preset, p, crf, bitrate, maxrate, bufsize, gop, width, height, pixelFormat, deinterlace, options);
    }

    /** Constant quality (libx264: 0–51, lower is better). */
    public VideoSettings crf(double value) {
        return with(mode, encoder, preset, profile, value, bitrate, maxrate, bufsize, gop, width, height, pixelFormat, deinterlace, options);
    }

    /** Target bitrate in bit/s (0: none). */
    public VideoSettings bitrate(long bitsPerSecond) {
        return with(mode, encoder, preset, profile, crf, bitsPerSecond, maxrate, bufsize, gop, width, height, pixelFormat, deinterlace, options);
    }

    /** Peak bitrate in bit/s (0: none); the buffer defaults to twice this. */
    public VideoSettings maxrate(long bitsPerSecond) {
        return with(mode, encoder, preset, profile, crf, bitrate, bitsPerSecond, bufsize, gop, width, height, pixelFormat, deinterlace, options);
    }

    /** Rate-control buffer in bits (0: twice the maxrate when a maxrate is set). */
    public VideoSettings bufsize(long bits) {
        return with(mode, encoder, preset, profile, crf, bitrate, maxrate, bits, gop, width, height, pixelFormat, deinterlace, options);
    }

    /** Keyframe interval in frames (0: the encoder's default). */
    public VideoSettings gop(int frames) {
        return with(mode, encoder, preset, profile, crf, bitrate, maxrate, bufsize, frames, width, height, pixelFormat, deinterlace, options);
    }

    /**
     * Output size. 0 keeps the input's; -1 on one side keeps the aspect ratio (-2: and an even size,
     * which 4:2:0 encoders need).
     */
    public VideoSettings scale(int width, int height) {
        return with(mode, encoder, preset, profile, crf, bitrate, maxrate, bufsize, gop, width, height, pixelFormat, deinterlace, options);
    }

    /** Pixel format the encoder gets ("yuv420p" by default). */
    public VideoSettings pixelFormat(String name) {
        return with(mode, encoder, preset, profile, crf, bitrate, maxrate, bufsize, gop, width, height,
                Objects.requireNonNull(name, "video.pixel_format"), deinterlace, options);
    }

    public VideoSettings deinterlace(Deinterlace d) {
        return with(mode, encoder, preset, profile, crf, bitrate, maxrate, bufsize, gop, width, height, pixelFormat,
                Objects.requireNonNull(d, "video.deinterlace"), options);
    }

    /** One encoder option by FFmpeg's name (private like {@code tune}, {@code x264-params}, or generic). */
    public VideoSettings option(String name, String value) {
        Map<String, String> m = new LinkedHashMap<>(options);
        if (value == null) m.remove(name);
        else m.put(name, value);
        return with(mode, encoder, preset, profile, crf, bitrate, maxrate, bufsize, gop, width, height, pixelFormat, deinterlace, m);
    }

    public StreamMode mode() {
        return mode;
    }

    public String encoder() {
        return encoder;
    }

    public String preset() {
        return preset;
    }

    public String profile() {
        return profile;
    }

    /** The CRF, or null when none is set. */
    public Double crf() {
        return crf;
    }

    public long bitrate() {
        return bitrate;
    }

    public long maxrate() {
        return maxrate;
    }

    public long bufsize() {
        return bufsize;
    }

    public int gop() {
        return gop;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public String pixelFormat() {
        return pixelFormat;
    }

    public Deinterlace deinterlace() {
        return deinterlace;
    }

    /** The options given with {@link #option(String, String)}. */
    public Map<String, String> options() {
        return options;
    }

    /** True when the output needs more than an encoder: scaling or deinterlacing. */
    public boolean needsFilters() {
        return width != 0 || height != 0 || deinterlace != Deinterlace.NONE;
    }

    /** Everything as the encoder's option map: preset, profile, crf, b, maxrate, bufsize, g, then the explicit options. */
    public Map<String, String> encoderOptions() {
        Map<String, String> m = new LinkedHashMap<>();
        if (preset != null) m.put("preset", preset);
        if (profile != null) m.put("profile", profile);
        if (crf != null) m.put("crf", crf == Math.rint(crf) ? String.valueOf(crf.longValue()) : String.valueOf(crf));
        if (bitrate > 0) m.put("b", String.valueOf(bitrate));
        if (maxrate > 0) {
            m.put("maxrate", String.valueOf(maxrate));
            m.put("bufsize", String.valueOf(bufsize > 0 ? bufsize : 2 * maxrate));
        } else if (bufsize > 0) {
            m.put("bufsize", String.valueOf(bufsize));
        }
        if (gop > 0) m.put("g", String.valueOf(gop));
        m.putAll(options);
        return m;
    }

    @Override
    public String toString() {
        if (mode == StreamMode.COPY || mode == StreamMode.DROP) return "video " + mode.name().toLowerCase();
        return "video " + encoder + " " + encoderOptions() + (needsFilters() ? " " + width + "x" + height + " " + deinterlace : "");
    }
}
