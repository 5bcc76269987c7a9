package dev.avline.testkit;

import java.util.List;

/**
 * What {@link MediaProbe} found by reading and decoding a whole file: per stream, packet and frame
 * counts, decode errors, DTS order, and the time span covered.
 */
public record MediaReport(String format, List<StreamReport> streams) {

    /** One stream's findings. Times are in seconds. */
    public record StreamReport(int index, String type, String codec, int width, int height, int sampleRate,
                               int channels, long packets, long frames, long decodeErrors, long corruptPackets,
                               long nonMonotonicDts, double firstPts, double lastPtsEnd, double firstDts,
                               double lastDts) {
        /** Presentation span: from the first frame's start to the last frame's end. */
        public double duration() {
            return lastPtsEnd - firstPts;
        }

        public boolean dtsStrictlyIncreasing() {
            return nonMonotonicDts == 0;
        }
    }

    public List<StreamReport> ofType(String type) {
        return streams.stream().filter(s -> s.type().equals(type)).toList();
    }

    public StreamReport video() {
        return ofType("video").stream().findFirst().orElseThrow(() -> new AssertionError("no video stream in " + this));
    }

    public StreamReport audio() {
        return ofType("audio").stream().findFirst().orElseThrow(() -> new AssertionError("no audio stream in " + this));
    }

    public long totalDecodeErrors() {
        return streams.stream().mapToLong(s -> s.decodeErrors() + s.corruptPackets()).sum();
    }

    public boolean allDtsStrictlyIncreasing() {
        return streams.stream().allMatch(StreamReport::dtsStrictlyIncreasing);
    }
}
