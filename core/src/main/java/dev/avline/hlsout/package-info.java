/**
 * HLS output: writing media playlists and their segments to a directory ({@link dev.avline.hlsout.HlsOutput},
 * used through {@code Output.hls(…)}), and the master playlist of a ladder. Reading live HLS is the
 * other package, {@code dev.avline.hls}.
 *
 * <p>API: {@link dev.avline.hlsout.HlsOutput}. The other public types are
 * {@link dev.avline.Internal} (the ladder's master playlist, the ledger of written segments, a
 * playlist reader for tests), public only because {@code dev.avline.transcode} shares them.
 *
 * <h2>Why FFmpeg's own {@code hls} muxer writes the segments and media playlists</h2>
 * avline drives one {@code hls} muxer per rendition instead of cutting segments and writing
 * playlists itself. The muxer already does, in C and tested by the field, everything a segment
 * needs: cutting on the first keyframe after each boundary once all earlier packets are interleaved
 * (no audio frame lands in the wrong segment), one MPEG-TS muxer across segments (continuity
 * counters continue, PAT/PMT at every segment start), fMP4 init sections and fragments with
 * {@code tfdt} on one timeline, temporary names renamed when complete, sliding-window deletion and
 * program date-times. Doing it in Java would be a second muxer to keep correct for the same output;
 * the cost is paid in C either way (muxing is under 1 % of a transcode's CPU), and one muxer per
 * rendition keeps each rendition's muxing on its own thread. What the muxer cannot do is write the
 * master playlist of several muxers, nor measure a rendition's bandwidth while running (its master
 * uses configured rates until the end), so avline writes the master itself from the sizes and
 * durations of the segments as they are finished (the muxer's files are watched through its
 * {@code io_open}/{@code io_close2}).
 */
package dev.avline.hlsout;
