package dev.avline.transcode;

import dev.avline.ffi.CodecResult;
import dev.avline.ffi.FilterGraph;
import dev.avline.ffi.Frame;
import dev.avline.ffi.Rational;
import dev.avline.ffi.Timestamps;

/**
 * Measures one audio track's loudness with {@code ebur128} (integrated loudness, range, true peak),
 * read from the metadata the filter attaches to its frames: the first pass of two-pass loudness
 * normalisation, alone ({@link LoudnessScan}) or inside a two-pass encode's first pass.
 */
final class LoudnessMeter implements AutoCloseable {
    private final Frame out = new Frame();
    private FilterGraph graph;
    private double integrated = Double.NaN;
    private double range = Double.NaN;
    private double peak = Double.NaN;

    /** Measures {@code frame} (decoded audio, timestamps in {@code timeBase}); the frame is left blank. */
    void push(Frame frame, Rational timeBase) {
        if (graph == null) {
            graph = FilterGraph.describe("ebur128=peak=true:metadata=1").audioInputLike("in", frame, timeBase)
                    .audioOutput("out").threads(1).build();
        }
        long pts = frame.bestEffortTimestamp();
        if (pts != Timestamps.NOPTS) frame.setPts(pts);
        graph.push(0, frame);
        pull();
    }

    private void pull() {
        while (graph.pull(0, out) == CodecResult.OK) {
            integrated = number(out.metadata("lavfi.r128.I"), integrated);
            range = number(out.metadata("lavfi.r128.LRA"), range);
            peak = number(out.metadata("lavfi.r128.true_peak"), peak);
            out.unref();
        }
    }

    private static double number(String s, double otherwise) {
        if (s == null) return otherwise;
        try {
            return Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    /** The measurement of everything pushed; null for silence or nothing. */
    LoudnessMeasurement finish() {
        if (graph == null) return null;
        graph.pushEnd(0, Timestamps.NOPTS);
        pull();
        if (Double.isNaN(integrated) || Double.isInfinite(integrated) || integrated < -70) return null; // silence
        double tp = Double.isNaN(peak) || peak <= 0 ? -99 : 20 * Math.log10(peak);
        return new LoudnessMeasurement(integrated, tp, Double.isNaN(range) ? 0 : range, integrated - 10);
    }

    @Override
    public void close() {
        if (graph != null) graph.close();
        out.close();
    }
}
