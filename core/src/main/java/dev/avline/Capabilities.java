package dev.avline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.avline.ffi.Ffmpeg;
import dev.avline.ffi.FfmpegBuild;
import dev.avline.hw.HwKind;
import dev.avline.hw.HwProbe;

/**
 * What this process can do with the FFmpeg it loaded ({@link Avline#capabilities()}): versions and
 * license, every encoder, decoder, muxer, demuxer and filter of the build (FFmpeg's own registries),
 * and which hardware works now, with the reason where it does not. Immutable; {@link #toMap()}
 * gives it as plain maps and lists for any JSON library.
 *
 * @param ffmpegVersion FFmpeg's version ("7.1.1")
 * @param libraries the libraries' versions ("libavutil 59.39.100, libavcodec 61.19.101, …")
 * @param license the build's license ("GPL version 3 or later", or LGPL for the LGPL natives)
 * @param configuration the build's {@code ./configure} line
 * @param encoders every encoder, by name
 * @param decoders every decoder, by name
 * @param muxers every muxer, by name
 * @param demuxers every demuxer, by name
 * @param filters every filter, by name
 * @param hardwareTypes the device types compiled in ("cuda", "vaapi", "qsv", …): built, not necessarily usable
 * @param hardware for each kind avline can transcode on, whether it works on this machine now
 */
public record Capabilities(String ffmpegVersion, String libraries, String license, String configuration,
                           List<Codec> encoders, List<Codec> decoders, List<Format> muxers, List<Format> demuxers,
                           List<Filter> filters, List<String> hardwareTypes, List<HardwareSupport> hardware) {

    /**
     * Copies the lists, so the capabilities stay immutable.
     *
     * @param ffmpegVersion FFmpeg's version ("7.1.1")
     * @param libraries the libraries' versions ("libavutil 59.39.100, libavcodec 61.19.101, …")
     * @param license the build's license ("GPL version 3 or later", or LGPL for the LGPL natives)
     * @param configuration the build's {@code ./configure} line
     * @param encoders every encoder, by name
     * @param decoders every decoder, by name
     * @param muxers every muxer, by name
     * @param demuxers every demuxer, by name
     * @param filters every filter, by name
     * @param hardwareTypes the device types compiled in ("cuda", "vaapi", "qsv", …): built, not necessarily usable
     * @param hardware for each kind avline can transcode on, whether it works on this machine now
     */
    public Capabilities {
        encoders = List.copyOf(encoders);
        decoders = List.copyOf(decoders);
        muxers = List.copyOf(muxers);
        demuxers = List.copyOf(demuxers);
        filters = List.copyOf(filters);
        hardwareTypes = List.copyOf(hardwareTypes);
        hardware = List.copyOf(hardware);
    }

    /**
     * An encoder or decoder.
     *
     * @param name its name ("libx264", "h264_nvenc")
     * @param longName FFmpeg's description
     * @param type "video", "audio", "subtitle", …
     * @param codec the codec it makes or reads ("h264")
     * @param hardware true when it runs on a device
     */
    public record Codec(String name, String longName, String type, String codec, boolean hardware) {
    }

    /**
     * A muxer or demuxer.
     *
     * @param name its name
     * @param longName FFmpeg's description
     * @param extensions file extensions, comma-separated ("" when none)
     */
    public record Format(String name, String longName, String extensions) {
    }

    /**
     * A filter.
     *
     * @param name its name
     * @param description FFmpeg's description
     */
    public record Filter(String name, String description) {
    }

    /**
     * One kind of hardware, probed for real: a device created, and its H.264 encoder opened on it
     * (a success is kept for the process; a failure is asked again after a back-off of 30 s, doubling
     * up to 10 min; {@link dev.avline.hw.Hardware#reprobe()} asks again now).
     *
     * @param kind "cuda", "vaapi" or "qsv"
     * @param usable a device of this kind can be created on this machine now
     * @param reason why not (FFmpeg's words), or null
     * @param h264Encoder the kind's H.264 encoder ("h264_nvenc")
     * @param h264EncoderUsable that encoder opens on the device
     * @param h264EncoderReason why not, or null
     */
    public record HardwareSupport(String kind, boolean usable, String reason, String h264Encoder, boolean h264EncoderUsable,
                                  String h264EncoderReason) {
    }

    /** Reads everything; the hardware probes take milliseconds without a GPU, up to about a second with one. */
    static Capabilities read() {
        List<Codec> encoders = new ArrayList<>();
        List<Codec> decoders = new ArrayList<>();
        for (FfmpegBuild.Codec c : FfmpegBuild.codecs()) {
            Codec k = new Codec(c.name(), c.longName(), c.type().name().toLowerCase(Locale.ROOT), c.codec(), c.hardware());
            (c.encoder() ? encoders : decoders).add(k);
        }
        return new Capabilities(FfmpegBuild.version(), Ffmpeg.versions(), FfmpegBuild.license(), FfmpegBuild.configuration(),
                encoders, decoders, formats(FfmpegBuild.muxers()), formats(FfmpegBuild.demuxers()), filterList(),
                FfmpegBuild.hardwareDeviceTypes(), hardwareNow());
    }

    private static List<Format> formats(List<FfmpegBuild.Format> list) {
        List<Format> out = new ArrayList<>();
        for (FfmpegBuild.Format f : list) out.add(new Format(f.name(), f.longName(), f.extensions()));
        return out;
    }

    private static List<Filter> filterList() {
        List<Filter> out = new ArrayList<>();
        for (FfmpegBuild.Filter f : FfmpegBuild.filters()) out.add(new Filter(f.name(), f.description()));
        return out;
    }

    /**
     * Each kind probed as a transcode would probe it (the same cached answers). Where a driver is
     * missing FFmpeg logs it at error level ("Cannot load libcuda.so.1"): that is the answer, and
     * FFmpeg's line is kept in the reason.
     */
    private static List<HardwareSupport> hardwareNow() {
        List<HardwareSupport> out = new ArrayList<>();
        for (HwKind kind : HwKind.values()) {
            HwProbe.Result device = HwProbe.device(kind, null);
            String encoder = kind.encoderFor("h264");
            HwProbe.Result enc = device.ok() ? HwProbe.encoder(kind, null, encoder)
                    : new HwProbe.Result(false, "no " + kind.deviceType() + " device", 0);
            out.add(new HardwareSupport(kind.deviceType(), device.ok(), device.reason(), encoder, enc.ok(), enc.reason()));
        }
        return out;
    }

    /**
     * True when this build has an encoder of that name.
     *
     * @param name FFmpeg's name ("libx264")
     * @return whether it is there
     */
    public boolean hasEncoder(String name) {
        return encoders.stream().anyMatch(c -> c.name().equals(name));
    }

    /**
     * True when this build has a decoder of that name.
     *
     * @param name FFmpeg's name ("h264")
     * @return whether it is there
     */
    public boolean hasDecoder(String name) {
        return decoders.stream().anyMatch(c -> c.name().equals(name));
    }

    /**
     * True when this build has a muxer of that name.
     *
     * @param name FFmpeg's name ("mpegts")
     * @return whether it is there
     */
    public boolean hasMuxer(String name) {
        return muxers.stream().anyMatch(f -> f.name().equals(name));
    }

    /**
     * True when this build has a filter of that name.
     *
     * @param name FFmpeg's name ("loudnorm")
     * @return whether it is there
     */
    public boolean hasFilter(String name) {
        return filters.stream().anyMatch(f -> f.name().equals(name));
    }

    /**
     * Everything as maps, lists, strings and booleans (snake_case keys): encoders, decoders, muxers,
     * demuxers and filters as lists of names; the hardware in full.
     *
     * @return the maps, for any JSON library
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ffmpeg_version", ffmpegVersion);
        m.put("libraries", libraries);
        m.put("license", license);
        m.put("encoders", encoders.stream().map(Codec::name).toList());
        m.put("decoders", decoders.stream().map(Codec::name).toList());
        m.put("muxers", muxers.stream().map(Format::name).toList());
        m.put("demuxers", demuxers.stream().map(Format::name).toList());
        m.put("filters", filters.stream().map(Filter::name).toList());
        m.put("hardware_types", hardwareTypes);
        List<Object> hw = new ArrayList<>();
        for (HardwareSupport h : hardware) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("kind", h.kind());
            o.put("usable", h.usable());
            if (h.reason() != null) o.put("reason", h.reason());
            o.put("h264_encoder", h.h264Encoder());
            o.put("h264_encoder_usable", h.h264EncoderUsable());
            if (h.h264EncoderReason() != null) o.put("h264_encoder_reason", h.h264EncoderReason());
            hw.add(o);
        }
        m.put("hardware", hw);
        return m;
    }
}
