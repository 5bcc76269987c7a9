package dev.avline.remux;

import java.util.Set;

import dev.avline.Container;
import dev.avline.ffi.MediaType;
import dev.avline.ffi.OutputContainer;
import dev.avline.ffi.StreamInfo;

/**
 * Which codecs each output container can really carry. The MPEG-TS muxer accepts anything (an
 * unknown codec becomes an undecodable private-data stream), so avline keeps its own list of what
 * players can read from TS; for MP4 it asks the muxer ({@code avformat_query_codec}).
 */
@dev.avline.Internal
public final class ContainerCodecs {
    private static final Set<String> MPEGTS = Set.of(
            "mpeg1video", "mpeg2video", "mpeg4", "h264", "hevc", "vvc", "av1", "cavs", "dirac", "vc1",
            "mp1", "mp2", "mp3", "aac", "aac_latm", "ac3", "eac3", "dts", "truehd", "s302m", "opus",
            "dvb_subtitle", "dvb_teletext", "hdmv_pgs_subtitle", "smpte_klv", "timed_id3", "scte_35", "jpeg2000",
            "arib_caption");

    private ContainerCodecs() {
    }

    /** Null when {@code stream} can be copied into {@code container}, else the reason it cannot. */
    public static String whyNot(Container container, StreamInfo stream) {
        String codec = stream.codecName();
        String what = stream.type().name().toLowerCase() + " codec " + codec;
        if (container == Container.MPEGTS) {
            return MPEGTS.contains(codec) ? null : "MPEG-TS cannot carry " + what;
        }
        int q = OutputContainer.queryCodec(container.muxer(), stream.codecId());
        if (q == 1) return null;
        if (q < 0 && (stream.type() == MediaType.VIDEO || stream.type() == MediaType.AUDIO)) return null;
        return describe(container) + " cannot carry " + what;
    }

    /** As {@link #whyNot(Container, StreamInfo)}; the muxer is not needed (kept for existing callers). */
    public static String whyNot(Container container, StreamInfo stream, OutputContainer muxer) {
        return whyNot(container, stream);
    }

    private static String describe(Container c) {
        switch (c) {
            case FRAGMENTED_MP4: return "fragmented MP4";
            case MP4_FASTSTART: return "MP4";
            case MATROSKA: return "Matroska";
            default: return c.shortName();
        }
    }

    /** {@return what to tell a user whose stream {@code container} cannot carry} */
    public static String advice(Container container, StreamInfo stream) {
        for (Container other : Container.values()) {
            if (other != container && whyNot(other, stream) == null) {
                return "transcode it, or choose " + other.shortName() + " output";
            }
        }
        return "transcode it";
    }
}
