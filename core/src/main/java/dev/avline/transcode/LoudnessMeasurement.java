package dev.avline.transcode;

import dev.avline.Internal;

/**
 * What the first pass of two-pass loudness normalisation measured on one audio stream.
 *
 * @param integrated integrated loudness, LUFS
 * @param truePeak true peak, dBTP
 * @param range loudness range, LU
 * @param threshold the relative gating threshold, LUFS (integrated − 10 LU)
 */
@Internal
public record LoudnessMeasurement(double integrated, double truePeak, double range, double threshold) {
}
