package dev.avline.testkit;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The segment URI pattern ({@code %d} for the media sequence number) both ways: the URI the
 * playlist lists, the path it resolves to, and the sequence number a request path names.
 */
final class SegmentUris {
    private final String pattern;
    private final String fullPath;
    private final Pattern request;
    private final boolean matchesQuery;

    /** {@code dir}: the playlist's directory (ends with /), against which relative patterns resolve. */
    SegmentUris(String pattern, String dir) {
        this.pattern = pattern;
        this.fullPath = pattern.startsWith("/") ? pattern : dir + pattern;
        // a query in the pattern is part of the identity (tokens); otherwise any query is ignored
        this.matchesQuery = fullPath.contains("?");
        String[] parts = fullPath.split("%d", -1);
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) re.append("(\\d+)");
            re.append(Pattern.quote(parts[i]));
        }
        this.request = Pattern.compile(re.toString());
    }

    /** The URI as the playlist lists it (possibly relative). */
    String listed(long sequence) {
        return pattern.replace("%d", Long.toString(sequence));
    }

    /** The absolute path (and query) of a segment. */
    String path(long sequence) {
        return fullPath.replace("%d", Long.toString(sequence));
    }

    /** The sequence number a request names, or -1 when it is not a segment request. */
    long sequenceOf(String target, String pathOnly) {
        Matcher m = request.matcher(matchesQuery ? target : pathOnly);
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
    }
}
