package dev.avline.hls;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An HLS playlist as avline reads it before the demuxer does: its segments with their media
 * sequence numbers and durations, every URI it names, and a rewrite that makes every URI absolute
 * (so relative URIs resolve against the final URL after redirects) and drops segments already
 * recorded (so a re-opened demuxer starts where the recording stopped).
 */
final class Playlist {
    private static final Pattern URI_ATTR = Pattern.compile("URI=\"([^\"]*)\"");
    /** Tags that are not about the next segment only; they survive when segments are dropped. */
    private static final Set<String> GLOBAL_TAGS = Set.of("#EXTM3U", "#EXT-X-VERSION", "#EXT-X-TARGETDURATION",
            "#EXT-X-MEDIA-SEQUENCE", "#EXT-X-DISCONTINUITY-SEQUENCE", "#EXT-X-ENDLIST", "#EXT-X-PLAYLIST-TYPE",
            "#EXT-X-INDEPENDENT-SEGMENTS", "#EXT-X-START", "#EXT-X-KEY", "#EXT-X-MAP", "#EXT-X-ALLOW-CACHE",
            "#EXT-X-STREAM-INF", "#EXT-X-MEDIA", "#EXT-X-I-FRAME-STREAM-INF", "#EXT-X-SESSION-DATA",
            "#EXT-X-SESSION-KEY");

    /** One media segment. */
    record Segment(long sequence, String uri, double duration, boolean discontinuity) {
    }

    final String baseUrl;
    final boolean master;
    final boolean endList;
    final long mediaSequence;
    final double targetDuration;
    final List<Segment> segments;
    final List<String> keyUris;
    final List<String> mapUris;
    final List<String> variantUris;
    /** BANDWIDTH of each {@code #EXT-X-STREAM-INF} variant, in the order of {@link #streamUris}. */
    final List<Long> streamBandwidths;
    final List<String> streamUris;
    private final List<String> lines;

    private Playlist(String baseUrl, List<String> lines, boolean master, boolean endList, long mediaSequence,
                     double targetDuration, List<Segment> segments, List<String> keys, List<String> maps,
                     List<String> variants, List<String> streams, List<Long> bandwidths) {
        this.baseUrl = baseUrl;
        this.lines = lines;
        this.master = master;
        this.endList = endList;
        this.mediaSequence = mediaSequence;
        this.targetDuration = targetDuration;
        this.segments = segments;
        this.keyUris = keys;
        this.mapUris = maps;
        this.variantUris = variants;
        this.streamUris = streams;
        this.streamBandwidths = bandwidths;
    }

    /** True when {@code body} starts like a playlist (after an optional BOM and blank space). */
    static boolean looksLikePlaylist(byte[] body) {
        int i = 0;
        if (body.length >= 3 && (body[0] & 0xff) == 0xEF && (body[1] & 0xff) == 0xBB && (body[2] & 0xff) == 0xBF) i = 3;
        while (i < body.length && Character.isWhitespace(body[i])) i++;
        return body.length - i >= 7 && new String(body, i, 7, StandardCharsets.US_ASCII).equals("#EXTM3U");
    }

    static Playlist parse(byte[] body, String baseUrl) {
        String text = new String(body, StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) text = text.substring(1);
        List<String> lines = new ArrayList<>(text.lines().map(String::strip).toList());
        boolean master = false;
        boolean end = false;
        long seq = 0;
        double target = 0;
        List<Segment> segments = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        List<String> maps = new ArrayList<>();
        List<String> variants = new ArrayList<>();
        List<String> streams = new ArrayList<>();
        List<Long> bandwidths = new ArrayList<>();
        long pendingBandwidth = 0;
        double pendingDuration = -1;
        boolean pendingDiscontinuity = false;
        boolean pendingVariant = false;
        for (String line : lines) {
            if (line.isEmpty()) continue;
            if (line.startsWith("#")) {
                String tag = tag(line);
                String value = line.indexOf(':') > 0 ? line.substring(line.indexOf(':') + 1) : "";
                switch (tag) {
                    case "#EXT-X-MEDIA-SEQUENCE": seq = parseLong(value); break;
                    case "#EXT-X-TARGETDURATION": target = parseDouble(value); break;
                    case "#EXT-X-ENDLIST": end = true; break;
                    case "#EXTINF": pendingDuration = parseDouble(value.split(",", 2)[0]); break;
                    case "#EXT-X-DISCONTINUITY": pendingDiscontinuity = true; break;
                    case "#EXT-X-STREAM-INF": master = true; pendingVariant = true; pendingBandwidth = bandwidth(value); break;
                    case "#EXT-X-KEY": attrUri(line, baseUrl, keys); break;
                    case "#EXT-X-MAP": attrUri(line, baseUrl, maps); break;
                    case "#EXT-X-MEDIA": master = true; attrUri(line, baseUrl, variants); break;
                    case "#EXT-X-I-FRAME-STREAM-INF": master = true; break;
                    default: break;
                }
                continue;
            }
            String uri = resolve(baseUrl, line);
            if (pendingVariant) {
                variants.add(uri);
                streams.add(uri);
                bandwidths.add(pendingBandwidth);
                pendingVariant = false;
            } else {
                segments.add(new Segment(seq + segments.size(), uri, Math.max(0, pendingDuration), pendingDiscontinuity));
                pendingDuration = -1;
                pendingDiscontinuity = false;
            }
        }
        return new Playlist(baseUrl, lines, master, end, seq, target, List.copyOf(segments), List.copyOf(keys),
                List.copyOf(maps), List.copyOf(variants), List.copyOf(streams), List.copyOf(bandwidths));
    }

    /** Every URI the playlist names (segments, keys, init sections, variants). */
    List<String> allUris() {
        List<String> all = new ArrayList<>(variantUris);
        all.addAll(keyUris);
        all.addAll(mapUris);
        for (Segment s : segments) all.add(s.uri);
        return all;
    }

    long lastSequence() {
        return mediaSequence + segments.size() - 1;
    }

    /**
     * The playlist with absolute URIs and without the segments before {@code floor} (the last
     * segment always stays, so a live playlist is never empty).
     */
    byte[] rewrite(long floor) {
        long keepFrom = segments.isEmpty() ? mediaSequence : Math.min(Math.max(floor, mediaSequence), lastSequence());
        StringBuilder out = new StringBuilder(lines.size() * 40);
        List<String> pending = new ArrayList<>();
        long next = mediaSequence;
        boolean pendingVariant = false;
        for (String line : lines) {
            if (line.isEmpty()) continue;
            if (line.startsWith("#")) {
                String tag = tag(line);
                if (tag.equals("#EXT-X-MEDIA-SEQUENCE")) {
                    out.append("#EXT-X-MEDIA-SEQUENCE:").append(keepFrom).append('\n');
                } else if (GLOBAL_TAGS.contains(tag) || !line.startsWith("#EXT")) {
                    if (tag.equals("#EXT-X-STREAM-INF")) pendingVariant = true;
                    out.append(absolutiseAttributes(line)).append('\n');
                } else {
                    pending.add(absolutiseAttributes(line));
                }
                continue;
            }
            String uri = resolve(baseUrl, line);
            if (pendingVariant) {
                out.append(uri).append('\n');
                pendingVariant = false;
                continue;
            }
            if (next >= keepFrom) {
                for (String p : pending) out.append(p).append('\n');
                out.append(uri).append('\n');
            }
            pending.clear();
            next++;
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private String absolutiseAttributes(String line) {
        if (!line.contains("URI=\"")) return line;
        Matcher m = URI_ATTR.matcher(line);
        StringBuilder b = new StringBuilder();
        while (m.find()) m.appendReplacement(b, Matcher.quoteReplacement("URI=\"" + resolve(baseUrl, m.group(1)) + "\""));
        m.appendTail(b);
        return b.toString();
    }

    private static void attrUri(String line, String base, List<String> into) {
        Matcher m = URI_ATTR.matcher(line);
        if (m.find()) into.add(resolve(base, m.group(1)));
    }

    private static String tag(String line) {
        int c = line.indexOf(':');
        return (c < 0 ? line : line.substring(0, c)).toUpperCase(Locale.ROOT);
    }

    /** Resolves a reference against the playlist's URL; absolute URIs of any scheme stay as they are. */
    static String resolve(String base, String ref) {
        if (UrlPolicy.scheme(ref) != null) return ref;
        try {
            return URI.create(base).resolve(ref).toString();
        } catch (RuntimeException e) {
            return ref; // not resolvable: the URL policy refuses it when it is opened
        }
    }

    private static final Pattern BANDWIDTH = Pattern.compile("(?:^|,)BANDWIDTH=(\\d+)");

    private static long bandwidth(String attributes) {
        Matcher m = BANDWIDTH.matcher(attributes);
        return m.find() ? parseLong(m.group(1)) : 0;
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static double parseDouble(String s) {
        try {
            return Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
