package dev.avline.ffi;

import java.util.List;

/**
 * A program of a container: for an HLS master playlist, one variant (its streams and the
 * BANDWIDTH it announced, from the demuxer's {@code variant_bitrate} metadata, 0 if none).
 */
public record Program(int id, long bandwidth, List<Integer> streamIndexes) {
}
