package dev.avline.hls;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An HLS playlist as avline reads it before the demuxer does: its segments with their media
 * sequence numbers, durations and the key and init section each one needs, every URI it names,
 * and a rewrite for the demuxer that makes every URI absolute (relative URIs resolve against the
 * final URL after redirects), starts where the recording continues, can carry a segment that has
 * already left the origin's window (its body is in memory), and can end early with
 * {@code #EXT-X-ENDLIST} so that a demuxer finishes cleanly before a boundary it cannot cross.
 */
final class Playlist {
    private static final Pattern URI_ATTR = Pattern.compile("URI=\"([^\"]*)\"");
    private static final Pattern METHOD_ATTR = Pattern.compile("METHOD=([A-Za-z0-9-]+)");
    private static final Pattern IV_ATTR = Pattern.compile("IV=(0[xX][0-9A-Fa-f]+)");
    /** Tags about the whole playlist: kept in the header, in their order. */
    private static final Set<String> HEADER_TAGS = Set.of("#EXTM3U", "#EXT-X-VERSION", "#EXT-X-TARGETDURATION",
            "#EXT-X-MEDIA-SEQUENCE", "#EXT-X-DISCONTINUITY-SEQUENCE", "#EXT-X-PLAYLIST-TYPE",
            "#EXT-X-INDEPENDENT-SEGMENTS", "#EXT-X-START", "#EXT-X-ALLOW-CACHE");
    /** Tags of a master playlist: kept as they are (URIs made absolute). */
    private static final Set<String> MASTER_TAGS = Set.of("#EXT-X-STREAM-INF", "#EXT-X-MEDIA", "#EXT-X-I-FRAME-STREAM-INF",
            "#EXT-X-SESSION-DATA", "#EXT-X-SESSION-KEY");

    /**
     * The key a segment is encrypted with.
     *
     * @param method METHOD (AES-128, SAMPLE-AES, …)
     * @param uri the key's absolute URI
     * @param iv the explicit IV in hex ({@code 0x…}), or null when the media sequence number is the IV
     * @param line the tag as written for the demuxer (URI made absolute)
     */
    record Key(String method, String uri, String iv, String line) {
        boolean aes128() {
            return "AES-128".equalsIgnoreCase(method);
        }
    }

    /**
     * One media segment.
     *
     * @param key the key it needs, or null when it is not encrypted
     * @param mapUri its init section ({@code EXT-X-MAP}), absolute, or null
     * @param mapLine the {@code EXT-X-MAP} tag for the demuxer, or null
     * @param tags its own tags ({@code #EXTINF}, byte range, date, …) in order, URIs made absolute
     */
    record Segment(long sequence, String uri, double duration, boolean discontinuity, Key key, String mapUri,
                   String mapLine, List<String> tags) {
        /** The same segment served from memory already decrypted: no key for the demuxer. */
        Segment decrypted() {
            return new Segment(sequence, uri, duration, discontinuity, null, mapUri, mapLine, tags);
        }

        /** A stand-in for a segment that is no longer listed: numbering stays true, the hook refuses it. */
        static Segment placeholder(long sequence, String uri, double duration, String mapUri, String mapLine) {
            return new Segment(sequence, uri, duration, false, null, mapUri, mapLine,
                    List.of(String.format(Locale.ROOT, "#EXTINF:%.6f,", duration)));
        }
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
    private final List<String> header;

    private Playlist(String baseUrl, List<String> lines, List<String> header, boolean master, boolean endList,
                     long mediaSequence, double targetDuration, List<Segment> segments, List<String> keys,
                     List<String> maps, List<String> variants, List<String> streams, List<Long> bandwidths) {
        this.baseUrl = baseUrl;
        this.lines = lines;
        this.header = header;
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
        List<String> header = new ArrayList<>();
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
        List<String> pendingTags = new ArrayList<>();
        Key key = null;
        String mapUri = null;
        String mapLine = null;
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
                    case "#EXT-X-KEY": key = key(line, baseUrl, keys); break;
                    case "#EXT-X-MAP": {
                        List<String> found = new ArrayList<>(1);
                        attrUri(line, baseUrl, found);
                        maps.addAll(found);
                        mapUri = found.isEmpty() ? null : found.get(0);
                        mapLine = absolutise(line, baseUrl);
                        break;
                    }
                    case "#EXT-X-MEDIA": master = true; attrUri(line, baseUrl, variants); break;
                    case "#EXT-X-I-FRAME-STREAM-INF": master = true; break;
                    default: break;
                }
                if (HEADER_TAGS.contains(tag)) {
                    if (!tag.equals("#EXT-X-MEDIA-SEQUENCE")) header.add(absolutise(line, baseUrl));
                } else if (!tag.equals("#EXT-X-KEY") && !tag.equals("#EXT-X-MAP") && !tag.equals("#EXT-X-DISCONTINUITY")
                        && !tag.equals("#EXT-X-ENDLIST") && !MASTER_TAGS.contains(tag)) {
                    pendingTags.add(absolutise(line, baseUrl)); // comments and unknown tags go with the next segment
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
                if (pendingDuration < 0) pendingTags.add(0, "#EXTINF:0,");
                segments.add(new Segment(seq + segments.size(), uri, Math.max(0, pendingDuration), pendingDiscontinuity,
                        key, mapUri, mapLine, List.copyOf(pendingTags)));
                pendingDuration = -1;
                pendingDiscontinuity = false;
            }
            pendingTags.clear();
        }
        return new Playlist(baseUrl, lines, List.copyOf(header), master, end, seq, target, List.copyOf(segments),
                List.copyOf(keys), List.copyOf(maps), List.copyOf(variants), List.copyOf(streams), List.copyOf(bandwidths));
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

    /** The listed segment with this sequence number, or null. */
    Segment segment(long sequence) {
        long i = sequence - mediaSequence;
        return i < 0 || i >= segments.size() ? null : segments.get((int) i);
    }

    /**
     * The playlist with absolute URIs and without the segments before {@code floor} (the last
     * segment always stays, so a live playlist is never empty).
     */
    byte[] rewrite(long floor) {
        return rewrite(floor, List.of(), Long.MAX_VALUE);
    }

    /**
     * The playlist for a demuxer: the segments from {@code from} on (the last one always stays),
     * after {@code carried} (segments that come before the listed ones and are no longer listed:
     * numbered consecutively up to the first listed segment kept), and before {@code cutBefore},
     * where the playlist ends with {@code #EXT-X-ENDLIST} (the demuxer then flushes and ends
     * cleanly). Keys and init sections are restated wherever a segment needs a different one than
     * the segment before it. A master playlist only gets absolute URIs.
     */
    byte[] rewrite(long from, List<Segment> carried, long cutBefore) {
        if (master) return absolutised();
        long keepFrom = segments.isEmpty() ? mediaSequence : Math.min(Math.max(from, mediaSequence), lastSequence());
        List<Segment> out = new ArrayList<>(carried);
        boolean cut = false;
        for (Segment s : segments) {
            if (s.sequence < keepFrom) continue;
            if (s.sequence >= cutBefore) {
                cut = true;
                break;
            }
            out.add(s);
        }
        long first = out.isEmpty() ? keepFrom : out.get(0).sequence;
        StringBuilder b = new StringBuilder(256 + out.size() * 120);
        for (String h : header) b.append(h).append('\n');
        if (header.isEmpty() || !header.get(0).equals("#EXTM3U")) b.insert(0, "#EXTM3U\n");
        b.append("#EXT-X-MEDIA-SEQUENCE:").append(first).append('\n');
        Key key = null;
        String map = null;
        for (int i = 0; i < out.size(); i++) {
            Segment s = out.get(i);
            if (!Objects.equals(s.key, key)) {
                b.append(s.key != null ? s.key.line : "#EXT-X-KEY:METHOD=NONE").append('\n');
                key = s.key;
            }
            if (s.mapLine != null && !s.mapLine.equals(map)) {
                b.append(s.mapLine).append('\n');
                map = s.mapLine;
            }
            if (s.discontinuity && i > 0) b.append("#EXT-X-DISCONTINUITY\n");
            for (String t : s.tags) b.append(t).append('\n');
            b.append(s.uri).append('\n');
        }
        if (endList || cut) b.append("#EXT-X-ENDLIST\n");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Every line as it was, URIs made absolute. */
    private byte[] absolutised() {
        StringBuilder out = new StringBuilder(lines.size() * 40);
        for (String line : lines) {
            if (line.isEmpty()) continue;
            out.append(line.startsWith("#") ? absolutise(line, baseUrl) : resolve(baseUrl, line)).append('\n');
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String absolutise(String line, String base) {
        if (!line.contains("URI=\"")) return line;
        Matcher m = URI_ATTR.matcher(line);
        StringBuilder b = new StringBuilder();
        while (m.find()) m.appendReplacement(b, Matcher.quoteReplacement("URI=\"" + resolve(base, m.group(1)) + "\""));
        m.appendTail(b);
        return b.toString();
    }

    private static Key key(String line, String base, List<String> keys) {
        Matcher method = METHOD_ATTR.matcher(line);
        String m = method.find() ? method.group(1) : "NONE";
        if (m.equalsIgnoreCase("NONE")) return null;
        List<String> found = new ArrayList<>(1);
        attrUri(line, base, found);
        keys.addAll(found);
        Matcher iv = IV_ATTR.matcher(line);
        return new Key(m, found.isEmpty() ? null : found.get(0), iv.find() ? iv.group(1) : null, absolutise(line, base));
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
