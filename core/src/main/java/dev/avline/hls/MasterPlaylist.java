package dev.avline.hls;

import java.util.List;
import java.util.Map;

/**
 * A master (multivariant) playlist: the variants of one presentation and their renditions.
 *
 * @param url the URL it was loaded from, after redirects
 * @param variants {@code EXT-X-STREAM-INF} variants, in order
 * @param iFrameVariants {@code EXT-X-I-FRAME-STREAM-INF} playlists (trick play: never recorded)
 * @param renditions {@code EXT-X-MEDIA} renditions (alternate audio, subtitles, video angles)
 * @param variables what its {@code EXT-X-DEFINE}s define (media playlists may IMPORT them)
 */
record MasterPlaylist(String url, List<VariantStream> variants, List<VariantStream> iFrameVariants,
                      List<Rendition> renditions, Map<String, String> variables) implements ParsedPlaylist {
}
