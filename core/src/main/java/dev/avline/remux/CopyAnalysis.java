package dev.avline.remux;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.avline.Container;
import dev.avline.Input;

/**
 * How much of FFmpeg's stream analysis ({@code avformat_find_stream_info}) a stream copy needs.
 * The analysis estimates frame rates by decoding about 20 frames and decodes a picture to learn the
 * pixel format: a copy uses neither. What the muxer needs is the codec, and for MPEG-TS the picture
 * size (the video parsers find it) and the audio sample rate (the AAC parser leaves it to the
 * decoder, because HE-AAC signals it implicitly). So a copy into MPEG-TS lets the analysis use audio
 * decoders only; MP4 needs the codec headers and pixel format, so it keeps the video decoders.
 * Options the caller set are never overridden.
 */
@dev.avline.Internal
public final class CopyAnalysis {
    /** The audio decoders an analysis may use: what MPEG-TS carries. */
    public static final String AUDIO_DECODERS =
            "aac,aac_fixed,aac_latm,mp1,mp1float,mp2,mp2float,mp3,mp3float,ac3,ac3_fixed,eac3,dca,truehd,opus,s302m";

    /** The line FFmpeg logs when the analysis is refused a video decoder: expected, not an error. */
    public static final String REFUSED_DECODER_LOG = "not on whitelist";
    /** The warning {@code avformat_find_stream_info} adds for the same refusal (twice per open). */
    public static final String REFUSED_DECODER_WARNING = "Failed to open codec in avformat_find_stream_info";

    /**
     * Sends the lines FFmpeg logs for the refused decoders to TRACE, on this thread, until closed:
     * without it every copy into TS (a segment remuxed per request) logs an error and two warnings.
     */
    public static AutoCloseable expectRefusedDecoders() {
        return dev.avline.ffi.LogBridge.expecting(REFUSED_DECODER_LOG, REFUSED_DECODER_WARNING);
    }

    private CopyAnalysis() {
    }

    /** {@code input} with the analysis limited to what a copy into {@code container} needs. */
    public static Input limit(Input input, Container container) {
        Map<String, String> extra = new LinkedHashMap<>();
        Map<String, String> given = input.options();
        if (!given.containsKey("fpsprobesize")) extra.put("fpsprobesize", "0");
        if (container == Container.MPEGTS && !given.containsKey("codec_whitelist")) extra.put("codec_whitelist", AUDIO_DECODERS);
        return extra.isEmpty() ? input : input.options(extra);
    }
}
