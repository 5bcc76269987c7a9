package dev.avline.corpus;

import java.util.List;

/**
 * What a correct client must do with a case: record it completely (these streams, this much
 * media), or fail within a time with a message that names the problem (the tag, the method, the
 * HTTP status: words a user would search for).
 *
 * @param complete true: records completely; false: fails clearly
 * @param video video streams expected in the output
 * @param audio audio streams expected in the output
 * @param seconds media duration expected per stream
 * @param tolerance how far a stream's duration may be from {@code seconds}
 * @param withinSeconds a failure must come within this (wall clock); a complete case's time limit
 * @param names the words a clear failure message contains (any one of them, case-insensitive)
 * @param hole how much longer than {@code seconds} a stream's time span may be: a gap the playlist
 *     announces may stay a hole in the timeline or be closed up (the media itself must be
 *     {@code seconds} either way)
 * @param maxAudio the most audio streams a correct recording has (several renditions of an audio
 *     group may all be recorded)
 */
record Expectation(boolean complete, int video, int audio, double seconds, double tolerance, double withinSeconds,
                   List<String> names, double hole, int maxAudio) {
    /** Less than half a 1 s segment, more than a few frames: a lost or doubled segment shows. */
    static final double TOLERANCE = 0.25;
    /** A VOD case records in well under a second on loopback; this is the limit before it is a hang. */
    static final double VOD_LIMIT = 20;

    /** Records video and audio completely: {@code seconds} of each. */
    static Expectation records(double seconds) {
        return new Expectation(true, 1, 1, seconds, TOLERANCE, VOD_LIMIT, List.of(), 0, 1);
    }

    /** Records these streams completely. */
    static Expectation records(int video, int audio, double seconds) {
        return new Expectation(true, video, audio, seconds, TOLERANCE, VOD_LIMIT, List.of(), 0, audio);
    }

    /** Fails within {@code seconds} with a message naming one of {@code names}. */
    static Expectation fails(double seconds, String... names) {
        return new Expectation(false, 0, 0, 0, 0, seconds, List.of(names), 0, 0);
    }

    /** The words a refusal would name, for a case expected to record: a clear refusal beats a wrong recording. */
    Expectation orRefusalNaming(String... words) {
        return new Expectation(complete, video, audio, seconds, tolerance, withinSeconds, List.of(words), hole, maxAudio);
    }

    /** A gap of {@code seconds} the playlist announces may stay in the timeline. */
    Expectation withHole(double seconds) {
        return new Expectation(complete, video, audio, this.seconds, tolerance, withinSeconds, names, seconds, maxAudio);
    }

    /** Up to {@code n} audio streams: every rendition of an audio group may be recorded. */
    Expectation upToAudio(int n) {
        return new Expectation(complete, video, audio, seconds, tolerance, withinSeconds, names, hole, n);
    }

    /** The time limit of a complete case (a live one records for a while). */
    Expectation within(double limit) {
        return new Expectation(complete, video, audio, seconds, tolerance, limit, names, hole, maxAudio);
    }

    String describe() {
        if (!complete) return "fails within " + fmt(withinSeconds) + " s naming " + String.join(" / ", names);
        String audios = maxAudio > audio ? audio + "-" + maxAudio : String.valueOf(audio);
        String streams = (video > 0 ? video + " video" : "") + (video > 0 && audio > 0 ? " + " : "") + (audio > 0 ? audios + " audio" : "");
        return "records " + streams + ", " + fmt(seconds) + " s ± " + fmt(tolerance);
    }

    static String fmt(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.format(java.util.Locale.ROOT, "%.2f", d);
    }
}
