package dev.avline.testkit;

import java.util.Locale;

/**
 * Renders the media playlist for a range of publication indexes: header, then per segment the
 * tags that change at it (key, init section, discontinuity) and its URI. Tags are written only
 * where they change because that is how real packagers write them, and clients must carry them
 * over from earlier segments.
 */
final class PlaylistRenderer {
    static final String END_LIST = "#EXT-X-ENDLIST\n";

    private final double segmentSeconds;
    private final boolean fmp4;
    private final SegmentUris uris;
    private final SegmentCipher cipher;
    private final SequenceNumbering numbering;
    private final MediaSchedule schedule;
    private final String playlistType;
    private final ByteRangeFile file;
    private final String fileName;

    /**
     * @param playlistType "VOD", "EVENT", or null for a live playlist
     * @param file in byte-range mode, where each segment lies in {@code fileName}; else null
     */
    PlaylistRenderer(double segmentSeconds, boolean fmp4, SegmentUris uris, SegmentCipher cipher,
                     SequenceNumbering numbering, MediaSchedule schedule, String playlistType, ByteRangeFile file,
                     String fileName) {
        this.playlistType = playlistType;
        this.file = file;
        this.fileName = fileName;
        this.segmentSeconds = segmentSeconds;
        this.fmp4 = fmp4;
        this.uris = uris;
        this.cipher = cipher;
        this.numbering = numbering;
        this.schedule = schedule;
    }

    /**
     * The playlist listing {@code oldest..newest}, without an end tag (caller holds the timeline
     * lock; in byte-range mode the file is laid out up to {@code newest}).
     */
    StringBuilder render(long oldest, long newest) {
        StringBuilder b = new StringBuilder(512);
        // 3 allows floating-point EXTINF, 4 byte ranges; EXT-X-MAP needs 6 or higher (7, as FFmpeg's HLS muxer writes for fMP4)
        b.append("#EXTM3U\n#EXT-X-VERSION:").append(fmp4 ? 7 : file != null ? 4 : 3).append('\n');
        b.append("#EXT-X-TARGETDURATION:").append((long) Math.ceil(segmentSeconds)).append('\n');
        if (playlistType != null) b.append("#EXT-X-PLAYLIST-TYPE:").append(playlistType).append('\n');
        b.append("#EXT-X-MEDIA-SEQUENCE:").append(numbering.sequenceOf(oldest)).append('\n');
        // discontinuities that slid out of the window, counted within the current numbering
        long restart = numbering.restartBefore(oldest);
        long gone = schedule.discontinuitiesBetween(restart, oldest);
        b.append("#EXT-X-DISCONTINUITY-SEQUENCE:").append(gone).append('\n');
        for (long i = oldest; i <= newest; i++) {
            if (cipher.enabled() && (i == oldest || cipher.keyNumber(i) != cipher.keyNumber(i - 1))) {
                b.append("#EXT-X-KEY:METHOD=AES-128,URI=\"key_").append(cipher.keyNumber(i)).append(".bin\"\n");
            }
            if (fmp4 && (i == oldest || schedule.initChangesAt(i))) {
                if (file != null) {
                    b.append("#EXT-X-MAP:URI=\"").append(fileName).append("\",BYTERANGE=\"").append(file.headerLength()).append("@0\"\n");
                } else {
                    b.append("#EXT-X-MAP:URI=\"init_").append(schedule.initAt(i)).append(".mp4\"\n");
                }
            }
            if (schedule.discontinuityAt(i)) b.append("#EXT-X-DISCONTINUITY\n");
            b.append("#EXTINF:").append(String.format(Locale.ROOT, "%.6f", segmentSeconds)).append(",\n");
            if (file != null) {
                long[] span = file.span(i);
                b.append("#EXT-X-BYTERANGE:").append(span[1]).append('@').append(span[0]).append('\n').append(fileName).append('\n');
            } else {
                b.append(uris.listed(numbering.sequenceOf(i))).append('\n');
            }
        }
        return b;
    }
}
