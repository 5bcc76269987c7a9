package dev.avline.ffi;

import java.nio.charset.StandardCharsets;

import org.bytedeco.ffmpeg.avcodec.AVCodecDescriptor;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionaryEntry;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;

/**
 * What a probe shows of a stream beyond {@link StreamInfo}: its codec's description and profile,
 * pixel or sample format, channel layout, language and title, read once from the open container.
 * A snapshot: it holds nothing native.
 *
 * @param codecLongName the codec's description ("H.264 / AVC / MPEG-4 AVC / MPEG-4 part 10"), or ""
 * @param profile the codec profile ("High", "LC", "Constrained Baseline"), or null when unknown
 * @param level the codec level as FFmpeg holds it (H.264: 31 for 3.1), or -99 when unknown
 * @param pixelFormat video: the pixel format ("yuv420p"), or null
 * @param sampleFormat audio: the sample format ("fltp"), or null
 * @param channelLayout audio: the layout ("stereo", "5.1(side)"), or null
 * @param language the {@code language} tag (ISO 639, "eng"), or null
 * @param title the {@code title} tag, or null
 * @param isDefault the stream is marked as the default of its type
 */
public record StreamDetails(String codecLongName, String profile, int level, String pixelFormat, String sampleFormat,
                            String channelLayout, String language, String title, boolean isDefault) {

    /** Reads them from {@code stream}'s container, which must still be open. */
    public static StreamDetails of(StreamInfo stream) {
        AVStream st = stream.borrow();
        try {
            AVCodecParameters p = st.codecpar();
            int codecId = p.codec_id();
            AVCodecDescriptor d = avcodec.avcodec_descriptor_get(codecId);
            String longName = d == null || d.isNull() ? "" : FfmpegBuild.text(d.long_name());
            String profile = p.profile() == avcodec.AV_PROFILE_UNKNOWN ? null : nullIfEmpty(avcodec.avcodec_profile_name(codecId, p.profile()));
            String pixel = null;
            String sample = null;
            String layout = null;
            if (stream.type() == MediaType.VIDEO && p.format() >= 0) pixel = nullIfEmpty(avutil.av_get_pix_fmt_name(p.format()));
            if (stream.type() == MediaType.AUDIO) {
                if (p.format() >= 0) sample = nullIfEmpty(avutil.av_get_sample_fmt_name(p.format()));
                if (p.ch_layout().nb_channels() > 0) layout = layout(p);
            }
            return new StreamDetails(longName, profile, p.level(), pixel, sample, layout, tag(st, "language"), tag(st, "title"),
                    (st.disposition() & avformat.AV_DISPOSITION_DEFAULT) != 0);
        } finally {
            stream.release();
        }
    }

    private static String layout(AVCodecParameters p) {
        byte[] buf = new byte[128];
        int n = avutil.av_channel_layout_describe(p.ch_layout(), buf, buf.length);
        if (n <= 0) return null;
        int len = 0;
        while (len < buf.length && buf[len] != 0) len++;
        return len == 0 ? null : new String(buf, 0, len, StandardCharsets.UTF_8);
    }

    private static String tag(AVStream st, String key) {
        AVDictionaryEntry e = avutil.av_dict_get(st.metadata(), key, null, 0);
        if (e == null || e.isNull()) return null;
        String v = e.value().getString(StandardCharsets.UTF_8).strip();
        return v.isEmpty() || "und".equals(v) && key.equals("language") ? null : v;
    }

    private static String nullIfEmpty(org.bytedeco.javacpp.BytePointer p) {
        String s = FfmpegBuild.text(p);
        return s.isEmpty() ? null : s;
    }
}
