package dev.avline.hls;

import java.time.Instant;

/**
 * One media segment of a media playlist, as the playlist describes it.
 *
 * @param sequence its media sequence number
 * @param uri absolute URI
 * @param duration {@code #EXTINF} duration in seconds
 * @param range the sub-range of the resource ({@code EXT-X-BYTERANGE}), or null
 * @param discontinuity an {@code #EXT-X-DISCONTINUITY} stands before it
 * @param discontinuitySequence its discontinuity sequence number ({@code EXT-X-DISCONTINUITY-SEQUENCE}
 *        plus the discontinuities before it): two segments with different numbers never share a demuxer
 * @param key the key it is encrypted with, or null when it is clear
 * @param map its init section, or null
 * @param programDateTime its wall-clock start ({@code EXT-X-PROGRAM-DATE-TIME}, carried forward), or null
 * @param gap marked {@code EXT-X-GAP}: the origin says it has no media; never fetched
 */
record MediaSegment(long sequence, String uri, double duration, SegmentRange range, boolean discontinuity,
                    long discontinuitySequence, SegmentKey key, InitSection map, Instant programDateTime, boolean gap) {

    /** True when this segment and {@code next} can be read by one demuxer, one after the other. */
    boolean continuesInto(MediaSegment next) {
        if (next.discontinuitySequence != discontinuitySequence) return false;
        if (map == null) return next.map == null;
        return map.sameAs(next.map);
    }
}
