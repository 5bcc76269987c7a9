package dev.avline.testkit;

import java.util.List;

/**
 * What {@link MediaProbe} found by reading and decoding a whole file: per stream, packet and frame
 * counts, decode errors, DTS order, and the time span covered.
 *
 * @param format the demuxer's name
 * @param streams each audio and video stream, in index order
 */
public record MediaReport(String format, List<StreamReport> streams) {

    /**
     * One stream's findings. Times are in seconds.
     *
     * @param index the stream's index
     * @param type "video", "audio", …
     * @param codec the codec's name
     * @param width the picture width (0 for audio)
     * @param height the picture height (0 for audio)
     * @param sampleRate the sample rate (0 for video)
     * @param channels the channel count (0 for video)
     * @param packets packets read
     * @param frames frames decoded
     * @param decodeErrors packets the decoder refused and frames it flagged corrupt
     * @param corruptPackets packets flagged corrupt by the demuxer
     * @param nonMonotonicDts packets whose DTS was not above the one before
     * @param firstPts the first frame's presentation time
     * @param lastPtsEnd the end of the last frame's presentation
     * @param firstDts the first packet's decode time
     * @param lastDts the last packet's decode time
     */
    public record StreamReport(int index, String type, String codec, int width, int height, int sampleRate,
                               int channels, long packets, long frames, long decodeErrors, long corruptPackets,
                               long nonMonotonicDts, double firstPts, double lastPtsEnd, double firstDts,
                               double lastDts) {
        /**
         * Presentation span: from the first frame's start to the last frame's end.
         *
         * @return the span, in seconds
         */
        public double duration() {
            return lastPtsEnd - firstPts;
        }

        /** {@return true when every packet's DTS was above the one before it} */
        public boolean dtsStrictlyIncreasing() {
            return nonMonotonicDts == 0;
        }
    }

    /**
     * {@return the streams of one type ("video", "audio", …), in order}
     *
     * @param type "video", "audio", …
     */
    public List<StreamReport> ofType(String type) {
        return streams.stream().filter(s -> s.type().equals(type)).toList();
    }

    /** {@return the first video stream; an {@code AssertionError} when there is none} */
    public StreamReport video() {
        return ofType("video").stream().findFirst().orElseThrow(() -> new AssertionError("no video stream in " + this));
    }

    /** {@return the first audio stream; an {@code AssertionError} when there is none} */
    public StreamReport audio() {
        return ofType("audio").stream().findFirst().orElseThrow(() -> new AssertionError("no audio stream in " + this));
    }

    /**
     * Decode errors and corrupt packets of every stream.
     *
     * @return how many
     */
    public long totalDecodeErrors() {
        return streams.stream().mapToLong(s -> s.decodeErrors() + s.corruptPackets()).sum();
    }

    /** {@return true when every stream's DTS strictly increased} */
    public boolean allDtsStrictlyIncreasing() {
        return streams.stream().allMatch(StreamReport::dtsStrictlyIncreasing);
    }
}
