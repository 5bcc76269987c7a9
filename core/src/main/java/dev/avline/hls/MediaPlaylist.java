package dev.avline.hls;

import java.util.List;

/**
 * A media playlist: the segments of one rendition.
 *
 * @param url the URL it was loaded from, after redirects (the base of its relative URIs)
 * @param targetDuration {@code EXT-X-TARGETDURATION} in seconds
 * @param mediaSequence {@code EXT-X-MEDIA-SEQUENCE}
 * @param type {@code EXT-X-PLAYLIST-TYPE} (VOD, EVENT) or null
 * @param endList {@code #EXT-X-ENDLIST}: no segment will be added
 * @param iFramesOnly {@code #EXT-X-I-FRAMES-ONLY}: an index of key frames in other segments, for trick play
 * @param startOffset {@code EXT-X-START:TIME-OFFSET} in seconds (negative: from the end), or null
 * @param skipped segments left out by a delta update ({@code EXT-X-SKIP:SKIPPED-SEGMENTS})
 * @param segments the segments listed, in order, with their sequence numbers
 * @param variables the variables it defined (for the playlists it names)
 */
record MediaPlaylist(String url, double targetDuration, long mediaSequence, String type, boolean endList,
                     boolean iFramesOnly, Double startOffset, long skipped, List<MediaSegment> segments,
                     java.util.Map<String, String> variables) implements ParsedPlaylist {

    /** The sequence number of the first segment listed (after any skipped by a delta update). */
    long firstSequence() {
        return mediaSequence + skipped;
    }

    /** The sequence number of the last segment listed, or {@code firstSequence() - 1} when none is. */
    long lastSequence() {
        return firstSequence() + segments.size() - 1;
    }

    /** A recording of this playlist starts from its beginning: it is VOD or EVENT (everything stays listed). */
    boolean keepsEverySegment() {
        return endList || "VOD".equals(type) || "EVENT".equals(type);
    }

    MediaSegment segment(long sequence) {
        long i = sequence - firstSequence();
        return i < 0 || i >= segments.size() ? null : segments.get((int) i);
    }

    double totalDuration() {
        double d = 0;
        for (MediaSegment s : segments) d += s.duration();
        return d;
    }
}
