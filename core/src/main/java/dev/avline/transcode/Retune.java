package dev.avline.transcode;

/**
 * An instruction from the {@link Adapter} to one encode stage: from the first segment boundary at
 * or after {@code fromSeconds} of media time, encode with this preset and this share of the
 * configured bitrate. The same instruction goes to every rendition, so each applies it at the same
 * frame.
 *
 * @param version increases with every instruction; a stage applies each once
 * @param preset libx264 preset; a change re-opens the encoder (new SPS/PPS at that IDR)
 * @param rateFactor share of the configured bitrate, cap and buffer (1.0 = as configured)
 */
record Retune(int version, double fromSeconds, String preset, double rateFactor) {
    /** True when going from {@code before} to this needs a new encoder (not just new rates). */
    boolean reopens(Retune before) {
        return before == null ? preset != null : !java.util.Objects.equals(preset, before.preset);
    }
}
