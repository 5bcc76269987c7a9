package dev.avline.hls;

/**
 * One variant of a master playlist ({@code EXT-X-STREAM-INF} and the URI after it).
 *
 * @param uri its media playlist, absolute
 * @param bandwidth BANDWIDTH in bit/s (0 when missing)
 * @param averageBandwidth AVERAGE-BANDWIDTH, or 0
 * @param codecs CODECS, or null
 * @param resolution RESOLUTION ({@code 1280x720}), or null
 * @param audio the AUDIO group of its alternate audio renditions, or null
 * @param subtitles the SUBTITLES group, or null
 */
record VariantStream(String uri, long bandwidth, long averageBandwidth, String codecs, String resolution,
                     String audio, String subtitles) {
}
