package dev.avline.hls;

/**
 * The part of a resource that holds a segment or an init section ({@code EXT-X-BYTERANGE}, the
 * {@code BYTERANGE} attribute of {@code EXT-X-MAP}): {@code length} bytes from {@code offset}, the
 * offset resolved by the parser where the playlist left it implicit (right after the previous
 * sub-range of the same resource).
 */
record SegmentRange(long length, long offset) {
    long end() {
        return offset + length;
    }

    /** {@code n[@o]}; {@code impliedOffset} when there is no {@code @o}. */
    static SegmentRange parse(String text, long impliedOffset, String tag) {
        String t = text.strip();
        if (t.startsWith("\"") && t.endsWith("\"") && t.length() >= 2) t = t.substring(1, t.length() - 1);
        int at = t.indexOf('@');
        try {
            long length = Long.parseLong((at < 0 ? t : t.substring(0, at)).strip());
            if (at < 0 && impliedOffset < 0) {
                throw new PlaylistException(tag + ":" + text + " has no offset and follows no sub-range of the same resource");
            }
            long offset = at < 0 ? impliedOffset : Long.parseLong(t.substring(at + 1).strip());
            if (length <= 0 || offset < 0) throw new NumberFormatException();
            return new SegmentRange(length, offset);
        } catch (NumberFormatException e) {
            throw new PlaylistException(tag + ":" + text + " is not a byte range (length[@offset])");
        }
    }

    @Override
    public String toString() {
        return length + "@" + offset;
    }
}
