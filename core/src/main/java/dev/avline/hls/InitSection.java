package dev.avline.hls;

import java.util.Objects;

/**
 * A media initialization section ({@code EXT-X-MAP}): what a fragmented-MP4 demuxer reads before
 * the segments that follow it.
 *
 * @param uri absolute URI
 * @param range the sub-range of the resource, or null for the whole resource
 * @param key the key in effect where the tag stands (an init section can be encrypted under a key of its own), or null
 */
record InitSection(String uri, SegmentRange range, SegmentKey key) {
    /** The same bytes: a segment with another init section starts a new demuxer. */
    boolean sameAs(InitSection o) {
        return o != null && uri.equals(o.uri) && Objects.equals(range, o.range);
    }
}
