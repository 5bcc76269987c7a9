package dev.avline.ffi;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avfilter.AVFilter;
import org.bytedeco.ffmpeg.avformat.AVInputFormat;
import org.bytedeco.ffmpeg.avformat.AVOutputFormat;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avfilter;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * What the loaded FFmpeg build has, read from its own registries ({@code av_codec_iterate},
 * {@code av_muxer_iterate}, {@code av_demuxer_iterate}, {@code av_filter_iterate},
 * {@code av_hwdevice_iterate_types}): the same lists as {@code ffmpeg -encoders}, {@code -muxers},
 * {@code -filters}. Each call walks the registry again (milliseconds); nothing is cached.
 */
public final class FfmpegBuild {
    private FfmpegBuild() {
    }

    /**
     * One encoder or decoder.
     *
     * @param name its name ("libx264", "h264_nvenc", "aac")
     * @param longName FFmpeg's description
     * @param type what it makes or reads
     * @param codec the codec ("h264")
     * @param encoder true for an encoder, false for a decoder
     * @param hardware true when it runs on a device (AV_CODEC_CAP_HARDWARE)
     */
    public record Codec(String name, String longName, MediaType type, String codec, boolean encoder, boolean hardware) {
    }

    /**
     * A muxer or demuxer.
     *
     * @param name its name ("mpegts", "mov,mp4,m4a,3gp,3g2,mj2")
     * @param longName FFmpeg's description
     * @param extensions the file extensions it is known by, comma-separated, or "" when none
     */
    public record Format(String name, String longName, String extensions) {
    }

    /**
     * A filter.
     *
     * @param name its name ("scale", "loudnorm")
     * @param description FFmpeg's description
     */
    public record Filter(String name, String description) {
    }

    /** Every encoder and decoder, encoders first, each group by name. */
    public static List<Codec> codecs() {
        Ffmpeg.ensureLoaded();
        List<Codec> list = new ArrayList<>();
        try (PointerPointer<Pointer> opaque = new PointerPointer<>(1)) {
            opaque.put(0, (Pointer) null);
            for (AVCodec c = avcodec.av_codec_iterate(opaque); c != null && !c.isNull(); c = avcodec.av_codec_iterate(opaque)) {
                list.add(new Codec(text(c.name()), text(c.long_name()), MediaType.of(c.type()), StreamInfo.codecName(c.id()),
                        avcodec.av_codec_is_encoder(c) != 0, (c.capabilities() & avcodec.AV_CODEC_CAP_HARDWARE) != 0));
            }
        }
        list.sort(Comparator.comparing((Codec c) -> !c.encoder()).thenComparing(Codec::name));
        return list;
    }

    /** Every muxer, by name. */
    public static List<Format> muxers() {
        Ffmpeg.ensureLoaded();
        List<Format> list = new ArrayList<>();
        try (PointerPointer<Pointer> opaque = new PointerPointer<>(1)) {
            opaque.put(0, (Pointer) null);
            for (AVOutputFormat f = avformat.av_muxer_iterate(opaque); f != null && !f.isNull(); f = avformat.av_muxer_iterate(opaque)) {
                list.add(new Format(text(f.name()), text(f.long_name()), text(f.extensions())));
            }
        }
        list.sort(Comparator.comparing(Format::name));
        return list;
    }

    /** Every demuxer, by name. */
    public static List<Format> demuxers() {
        Ffmpeg.ensureLoaded();
        List<Format> list = new ArrayList<>();
        try (PointerPointer<Pointer> opaque = new PointerPointer<>(1)) {
            opaque.put(0, (Pointer) null);
            for (AVInputFormat f = avformat.av_demuxer_iterate(opaque); f != null && !f.isNull(); f = avformat.av_demuxer_iterate(opaque)) {
                list.add(new Format(text(f.name()), text(f.long_name()), text(f.extensions())));
            }
        }
        list.sort(Comparator.comparing(Format::name));
        return list;
    }

    /** Every filter, by name. */
    public static List<Filter> filters() {
        Ffmpeg.ensureLoaded();
        List<Filter> list = new ArrayList<>();
        try (PointerPointer<Pointer> opaque = new PointerPointer<>(1)) {
            opaque.put(0, (Pointer) null);
            for (AVFilter f = avfilter.av_filter_iterate(opaque); f != null && !f.isNull(); f = avfilter.av_filter_iterate(opaque)) {
                list.add(new Filter(text(f.name()), text(f.description())));
            }
        }
        list.sort(Comparator.comparing(Filter::name));
        return list;
    }

    /** The hardware device types compiled in ("cuda", "vaapi", "qsv", "drm", "vulkan", …): built, not necessarily usable. */
    public static List<String> hardwareDeviceTypes() {
        Ffmpeg.ensureLoaded();
        List<String> list = new ArrayList<>();
        for (int t = avutil.av_hwdevice_iterate_types(avutil.AV_HWDEVICE_TYPE_NONE); t != avutil.AV_HWDEVICE_TYPE_NONE;
             t = avutil.av_hwdevice_iterate_types(t)) {
            list.add(text(avutil.av_hwdevice_get_type_name(t)));
        }
        return list;
    }

    /** FFmpeg's own version string ("7.1.1", or a git describe for other builds). */
    public static String version() {
        Ffmpeg.ensureLoaded();
        return text(avutil.av_version_info());
    }

    /** The license of the build, in libavcodec's words ("GPL version 3 or later", "LGPL version 3 or later"). */
    public static String license() {
        Ffmpeg.ensureLoaded();
        return text(avcodec.avcodec_license());
    }

    /** The build's {@code ./configure} line. */
    public static String configuration() {
        Ffmpeg.ensureLoaded();
        return text(avcodec.avcodec_configuration());
    }

    /** A static C string as Java text; "" for NULL. Never freed: these strings belong to FFmpeg. */
    static String text(BytePointer p) {
        return p == null || p.isNull() ? "" : p.getString();
    }
}
