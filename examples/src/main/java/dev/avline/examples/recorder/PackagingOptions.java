package dev.avline.examples.recorder;

import java.nio.file.Path;

import dev.avline.transcode.Ladder;

/**
 * How the recorder packages and encodes, beyond one output file: HLS into a directory
 * ({@code --hls-out}), an ABR ladder ({@code --ladder}), adaptation ({@code --adaptive}) and
 * two-pass encoding ({@code --two-pass}).
 *
 * @param hlsDirectory where HLS is written, or null for a single OUTPUT file
 * @param hlsType "live", "event" or "vod"; null: live for a live input, VOD otherwise
 * @param hlsWindow segments in a live playlist
 * @param segmentSeconds target segment duration
 * @param ladder the renditions, or null for a single output
 * @param adaptive adapt to the machine while transcoding
 * @param twoPass x264 two-pass (a local file only)
 * @param videoBitrate the single output's video bitrate (bit/s), or null for x264's CRF
 */
public record PackagingOptions(Path hlsDirectory, String hlsType, int hlsWindow, double segmentSeconds, Ladder ladder,
                               boolean adaptive, boolean twoPass, Long videoBitrate) {
    static final int DEFAULT_WINDOW = 6;
    static final double DEFAULT_SEGMENT_SECONDS = 4;

    static final PackagingOptions NONE = new PackagingOptions(null, null, DEFAULT_WINDOW, DEFAULT_SEGMENT_SECONDS, null,
            false, false, null);
}
