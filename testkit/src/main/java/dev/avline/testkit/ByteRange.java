package dev.avline.testkit;

/** A single {@code Range: bytes=} request, inclusive at both ends. */
record ByteRange(long from, long to) {
    /**
     * "bytes=a-" or "bytes=a-b"; null for none or anything else, which is then served whole
     * (multi-range and suffix ranges are legal to ignore, and FFmpeg never sends them).
     */
    static ByteRange parse(String header, long length) {
        if (header == null || !header.startsWith("bytes=")) return null;
        String spec = header.substring(6).trim();
        int dash = spec.indexOf('-');
        if (dash <= 0 || spec.contains(",")) return null;
        try {
            long from = Long.parseLong(spec.substring(0, dash).trim());
            String end = spec.substring(dash + 1).trim();
            long to = end.isEmpty() ? length - 1 : Long.parseLong(end);
            if (from == 0 && to >= length - 1) return null; // the whole body: a plain 200
            return new ByteRange(from, to);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
