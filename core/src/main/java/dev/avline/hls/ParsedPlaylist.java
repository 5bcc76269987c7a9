package dev.avline.hls;

/** A playlist as parsed: a {@link MasterPlaylist} or a {@link MediaPlaylist}. */
sealed interface ParsedPlaylist permits MasterPlaylist, MediaPlaylist {
    String url();
}
