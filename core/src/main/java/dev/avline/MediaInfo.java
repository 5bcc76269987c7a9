package dev.avline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link Avline#probe(Input)} found: the container, its streams and, for an HLS master
 * playlist, its variants and renditions. Immutable; {@link #toMap()} gives it as plain maps and
 * lists (snake_case keys) for any JSON library.
 *
 * @param source the input, with credentials redacted
 * @param format the demuxer's name ("mpegts", "mov,mp4,m4a,3gp,3g2,mj2", "matroska,webm"; "hls" for a playlist)
 * @param formatLongName the demuxer's description
 * @param durationSeconds the duration, or null when it is unknown (a live stream, a live playlist)
 * @param bitRate the total bit rate in bit/s (for HLS: the chosen variant's BANDWIDTH), 0 when unknown
 * @param streams the streams, in order (for HLS: those of the chosen variant and its alternate audio)
 * @param variants an HLS master playlist's variants ({@code EXT-X-STREAM-INF}), in playlist order; empty otherwise
 * @param renditions an HLS master playlist's renditions ({@code EXT-X-MEDIA}); empty otherwise
 * @param notes what the probe could not tell, and why ("live playlist: no duration", "segments are DRM-protected")
 */
public record MediaInfo(String source, String format, String formatLongName, Double durationSeconds, long bitRate,
                        List<Stream> streams, List<HlsVariant> variants, List<HlsRendition> renditions, List<String> notes) {

    /**
     * Copies the lists, so the result stays immutable.
     *
     * @param source the input, with credentials redacted
     * @param format the demuxer's name ("mpegts", "mov,mp4,m4a,3gp,3g2,mj2", "matroska,webm"; "hls" for a playlist)
     * @param formatLongName the demuxer's description
     * @param durationSeconds the duration, or null when it is unknown (a live stream, a live playlist)
     * @param bitRate the total bit rate in bit/s (for HLS: the chosen variant's BANDWIDTH), 0 when unknown
     * @param streams the streams, in order (for HLS: those of the chosen variant and its alternate audio)
     * @param variants an HLS master playlist's variants ({@code EXT-X-STREAM-INF}), in playlist order; empty otherwise
     * @param renditions an HLS master playlist's renditions ({@code EXT-X-MEDIA}); empty otherwise
     * @param notes what the probe could not tell, and why ("live playlist: no duration", "segments are DRM-protected")
     */
    public MediaInfo {
        streams = List.copyOf(streams);
        variants = List.copyOf(variants);
        renditions = List.copyOf(renditions);
        notes = List.copyOf(notes);
    }

    /**
     * One stream. Fields that do not apply to its type, or that the probe did not find, are 0 or null.
     *
     * @param index its index in the input (for HLS: in the order listed)
     * @param type "video", "audio", "subtitle", "data", "attachment" or "unknown"
     * @param codec FFmpeg's codec name ("h264", "aac")
     * @param codecLongName the codec's description
     * @param profile the codec profile ("High", "LC"), or null
     * @param width video width in pixels
     * @param height video height in pixels
     * @param frameRate video frames per second (the average, else the base rate), 0 when unknown
     * @param pixelFormat video pixel format ("yuv420p"), or null
     * @param sampleRate audio sample rate in Hz
     * @param channels audio channels
     * @param channelLayout audio channel layout ("stereo", "5.1(side)"), or null
     * @param sampleFormat audio sample format ("fltp"), or null
     * @param language the language tag ("eng"), or null
     * @param bitRate the stream's bit rate in bit/s, 0 when the container does not say
     * @param rendition HLS: which rendition it came from ("main", or the alternate audio's NAME); null otherwise
     */
    public record Stream(int index, String type, String codec, String codecLongName, String profile, int width, int height,
                         double frameRate, String pixelFormat, int sampleRate, int channels, String channelLayout,
                         String sampleFormat, String language, long bitRate, String rendition) {
    }

    /**
     * An HLS variant ({@code EXT-X-STREAM-INF}).
     *
     * @param uri its media playlist, absolute
     * @param bandwidth BANDWIDTH in bit/s
     * @param averageBandwidth AVERAGE-BANDWIDTH in bit/s, 0 when absent
     * @param codecs CODECS ("avc1.64001f,mp4a.40.2"), or null
     * @param resolution RESOLUTION ("1280x720"), or null
     * @param audioGroup the AUDIO group of its alternate audio, or null
     * @param subtitlesGroup the SUBTITLES group, or null
     * @param chosen the variant a recording with the input's {@link dev.avline.Variant} choice would record (and whose streams were probed)
     */
    public record HlsVariant(String uri, long bandwidth, long averageBandwidth, String codecs, String resolution,
                          String audioGroup, String subtitlesGroup, boolean chosen) {
    }

    /**
     * An HLS rendition ({@code EXT-X-MEDIA}).
     *
     * @param type AUDIO, VIDEO, SUBTITLES or CLOSED-CAPTIONS
     * @param groupId GROUP-ID
     * @param name NAME
     * @param language LANGUAGE, or null
     * @param isDefault DEFAULT=YES
     * @param autoselect AUTOSELECT=YES
     * @param uri its media playlist, or null when its media is in the variants' own segments
     */
    public record HlsRendition(String type, String groupId, String name, String language, boolean isDefault,
                            boolean autoselect, String uri) {
    }

    /**
     * The streams of one type ("video", "audio", …), in order.
     *
     * @param type "video", "audio", "subtitle", "data"
     * @return those streams
     */
    public List<Stream> streams(String type) {
        return streams.stream().filter(s -> s.type().equals(type)).toList();
    }

    /**
     * Everything as maps, lists, strings, numbers and booleans, keys in snake_case; nulls left out.
     *
     * @return the maps, for any JSON library
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", source);
        m.put("format", format);
        m.put("format_long_name", formatLongName);
        put(m, "duration_seconds", durationSeconds);
        m.put("bit_rate", bitRate);
        List<Object> ss = new ArrayList<>();
        for (Stream s : streams) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("index", s.index());
            o.put("type", s.type());
            o.put("codec", s.codec());
            put(o, "codec_long_name", s.codecLongName());
            put(o, "profile", s.profile());
            if (s.type().equals("video")) {
                o.put("width", s.width());
                o.put("height", s.height());
                o.put("frame_rate", s.frameRate());
                put(o, "pixel_format", s.pixelFormat());
            }
            if (s.type().equals("audio")) {
                o.put("sample_rate", s.sampleRate());
                o.put("channels", s.channels());
                put(o, "channel_layout", s.channelLayout());
                put(o, "sample_format", s.sampleFormat());
            }
            put(o, "language", s.language());
            o.put("bit_rate", s.bitRate());
            put(o, "rendition", s.rendition());
            ss.add(o);
        }
        m.put("streams", ss);
        if (!variants.isEmpty()) {
            List<Object> vs = new ArrayList<>();
            for (HlsVariant v : variants) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("uri", v.uri());
                o.put("bandwidth", v.bandwidth());
                if (v.averageBandwidth() > 0) o.put("average_bandwidth", v.averageBandwidth());
                put(o, "codecs", v.codecs());
                put(o, "resolution", v.resolution());
                put(o, "audio_group", v.audioGroup());
                put(o, "subtitles_group", v.subtitlesGroup());
                o.put("chosen", v.chosen());
                vs.add(o);
            }
            m.put("variants", vs);
        }
        if (!renditions.isEmpty()) {
            List<Object> rs = new ArrayList<>();
            for (HlsRendition r : renditions) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("type", r.type());
                put(o, "group_id", r.groupId());
                put(o, "name", r.name());
                put(o, "language", r.language());
                o.put("default", r.isDefault());
                o.put("autoselect", r.autoselect());
                put(o, "uri", r.uri());
                rs.add(o);
            }
            m.put("renditions", rs);
        }
        if (!notes.isEmpty()) m.put("notes", notes);
        return m;
    }

    private static void put(Map<String, Object> m, String key, Object value) {
        if (value != null) m.put(key, value);
    }
}
