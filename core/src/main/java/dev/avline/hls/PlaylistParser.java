package dev.avline.hls;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads HLS playlists as RFC 8216 (and its second edition) defines them, and as the major players
 * tolerate them: a byte-order mark, blanks before {@code #EXTM3U}, CRLF or CR line ends, blank
 * lines, tags in any case, {@code #EXTINF} with or without a comma or title, URIs with spaces, a URI
 * without {@code #EXTINF} (it lasts the target duration). Low-latency parts
 * ({@code EXT-X-PART}, {@code EXT-X-PRELOAD-HINT}, …) are left out: avline records full segments.
 * What cannot be recorded as written (an undefined variable, a negative target duration, a
 * byte range without an offset to follow) is a {@link PlaylistException} naming the tag.
 */
final class PlaylistParser {
    private static final String EXTM3U = "#EXTM3U";
    private static final HexFormat HEX = HexFormat.of();

    private PlaylistParser() {
    }

    /** True when the first {@code length} bytes of {@code body} start like a playlist (after a BOM and blanks). */
    static boolean looksLikePlaylist(byte[] body, int length) {
        int i = 0;
        if (length >= 3 && (body[0] & 0xff) == 0xEF && (body[1] & 0xff) == 0xBB && (body[2] & 0xff) == 0xBF) i = 3;
        while (i < length && Character.isWhitespace(body[i])) i++;
        if (length - i < EXTM3U.length()) return false;
        for (int k = 0; k < EXTM3U.length(); k++) {
            if (body[i + k] != EXTM3U.charAt(k)) return false; // per segment too: no String made
        }
        return true;
    }

    static ParsedPlaylist parse(byte[] body, int length, String url, Map<String, String> importable) {
        if (!looksLikePlaylist(body, length)) {
            throw new PlaylistException("not an HLS playlist: the body does not start with #EXTM3U");
        }
        String text = new String(body, 0, length, StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) text = text.substring(1);
        List<String> lines = new ArrayList<>();
        int from = 0;
        int n = text.length();
        while (from < n) {
            int end = from;
            while (end < n && text.charAt(end) != '\n' && text.charAt(end) != '\r') end++;
            String s = text.substring(from, end).strip();
            if (!s.isEmpty()) lines.add(s);
            from = end + 1; // CRLF leaves an empty line between, skipped
        }
        boolean master = false;
        for (String l : lines) {
            String tag = tagOf(l);
            if (tag.equals("#EXT-X-STREAM-INF") || tag.equals("#EXT-X-I-FRAME-STREAM-INF")) master = true;
        }
        Variables variables = new Variables(importable == null ? Map.of() : importable, url);
        return master ? master(lines, url, variables) : media(lines, url, variables);
    }

    // ------------------------------------------------------------------ master

    private static MasterPlaylist master(List<String> lines, String url, Variables vars) {
        Resolver r = new Resolver(url);
        List<VariantStream> variants = new ArrayList<>();
        List<VariantStream> iFrames = new ArrayList<>();
        List<Rendition> renditions = new ArrayList<>();
        AttributeList pending = null;
        for (String line : lines) {
            if (line.startsWith("#")) {
                String tag = tagOf(line);
                String value = valueOf(line);
                switch (tag) {
                    case "#EXT-X-DEFINE": vars.define(AttributeList.parse(value, vars)); break;
                    case "#EXT-X-STREAM-INF": pending = AttributeList.parse(value, vars); break;
                    case "#EXT-X-I-FRAME-STREAM-INF": {
                        AttributeList a = AttributeList.parse(value, vars);
                        if (a.get("URI") != null) iFrames.add(variant(r.resolve(a.get("URI")), a));
                        break;
                    }
                    case "#EXT-X-MEDIA": {
                        AttributeList a = AttributeList.parse(value, vars);
                        String uri = a.get("URI");
                        renditions.add(new Rendition(a.enumerated("TYPE"), a.get("GROUP-ID"), a.get("NAME"), a.get("LANGUAGE"),
                                a.yes("DEFAULT"), a.yes("AUTOSELECT"), uri == null || uri.isEmpty() ? null : r.resolve(uri)));
                        break;
                    }
                    default: break;
                }
            } else if (pending != null) {
                variants.add(variant(r.resolve(vars.substitute(line)), pending));
                pending = null;
            }
        }
        if (variants.isEmpty()) {
            throw new PlaylistException(iFrames.isEmpty() ? "a master playlist with no EXT-X-STREAM-INF variant"
                    : "a master playlist with only I-frame playlists (EXT-X-I-FRAME-STREAM-INF): nothing to record");
        }
        return new MasterPlaylist(url, List.copyOf(variants), List.copyOf(iFrames), List.copyOf(renditions), vars.all());
    }

    private static VariantStream variant(String uri, AttributeList a) {
        return new VariantStream(uri, Math.max(0, a.longValue("BANDWIDTH", 0)), Math.max(0, a.longValue("AVERAGE-BANDWIDTH", 0)),
                a.get("CODECS"), a.get("RESOLUTION"), emptyToNull(a.get("AUDIO")), emptyToNull(a.get("SUBTITLES")));
    }

    // ------------------------------------------------------------------ media

    private static MediaPlaylist media(List<String> lines, String url, Variables vars) {
        Resolver r = new Resolver(url);
        double target = -1;
        long mediaSequence = 0;
        long discontinuitySequence = 0;
        String type = null;
        boolean endList = false;
        boolean iFramesOnly = false;
        Double start = null;
        long skipped = 0;
        List<MediaSegment> segments = new ArrayList<>();
        Map<String, SegmentKey> keys = new LinkedHashMap<>(); // by KEYFORMAT: several can be in effect at once
        InitSection map = null;
        double duration = -1;
        boolean discontinuity = false;
        boolean gap = false;
        String rangeText = null;
        Instant dateTime = null;
        String previousUri = null;
        long previousRangeEnd = -1;
        MediaSegment previous = null;
        boolean first = true;
        for (String line : lines) {
            if (first) {
                first = false;
                if (tagOf(line).equals(EXTM3U)) continue;
            }
            if (!line.startsWith("#")) {
                String uri = r.resolve(vars.substitute(line));
                double d = duration >= 0 ? duration : Math.max(0, target);
                SegmentRange range = null;
                if (rangeText != null) {
                    long implied = uri.equals(previousUri) ? previousRangeEnd : -1;
                    range = SegmentRange.parse(rangeText, implied, "#EXT-X-BYTERANGE");
                }
                long sequence = mediaSequence + skipped + segments.size();
                if (discontinuity) discontinuitySequence++;
                Instant pdt = dateTime;
                if (pdt == null && previous != null && previous.programDateTime() != null && !discontinuity) {
                    pdt = previous.programDateTime().plusNanos((long) (previous.duration() * 1e9));
                }
                MediaSegment s = new MediaSegment(sequence, uri, d, range, discontinuity, discontinuitySequence,
                        effectiveKey(keys), map, pdt, gap);
                segments.add(s);
                previous = s;
                previousUri = uri;
                previousRangeEnd = range == null ? -1 : range.end();
                duration = -1;
                discontinuity = false;
                gap = false;
                rangeText = null;
                dateTime = null;
                continue;
            }
            String tag = tagOf(line);
            String value = valueOf(line);
            switch (tag) {
                case "#EXT-X-TARGETDURATION": {
                    double t = number(value, tag);
                    if (t < 0) throw new PlaylistException("#EXT-X-TARGETDURATION:" + value + " is negative");
                    target = Math.ceil(t);
                    break;
                }
                case "#EXT-X-MEDIA-SEQUENCE": mediaSequence = Math.max(0, (long) number(value, tag)); break;
                case "#EXT-X-DISCONTINUITY-SEQUENCE": discontinuitySequence = Math.max(0, (long) number(value, tag)); break;
                case "#EXT-X-PLAYLIST-TYPE": type = value.strip().toUpperCase(Locale.ROOT); break;
                case "#EXT-X-ENDLIST": endList = true; break;
                case "#EXT-X-I-FRAMES-ONLY": iFramesOnly = true; break;
                case "#EXT-X-START": {
                    AttributeList a = AttributeList.parse(value, vars);
                    if (a.has("TIME-OFFSET")) start = a.doubleValue("TIME-OFFSET", 0);
                    break;
                }
                case "#EXT-X-SKIP": {
                    long n = AttributeList.parse(value, vars).longValue("SKIPPED-SEGMENTS", -1);
                    if (n < 0) throw new PlaylistException("#EXT-X-SKIP without a valid SKIPPED-SEGMENTS");
                    if (!segments.isEmpty()) throw new PlaylistException("#EXT-X-SKIP after the first segment");
                    skipped = n;
                    break;
                }
                case "#EXT-X-DEFINE": vars.define(AttributeList.parse(value, vars)); break;
                case "#EXTINF": duration = extinfDuration(value); break;
                case "#EXT-X-BYTERANGE": rangeText = value; break;
                case "#EXT-X-DISCONTINUITY": discontinuity = true; break;
                case "#EXT-X-GAP": gap = true; break;
                case "#EXT-X-PROGRAM-DATE-TIME": dateTime = dateTime(value); break;
                case "#EXT-X-KEY": key(AttributeList.parse(value, vars), r, keys); break;
                case "#EXT-X-MAP": {
                    AttributeList a = AttributeList.parse(value, vars);
                    String uri = a.get("URI");
                    if (uri == null || uri.isEmpty()) throw new PlaylistException("#EXT-X-MAP without a URI");
                    String abs = r.resolve(uri);
                    SegmentRange mapRange = a.has("BYTERANGE") ? SegmentRange.parse(a.get("BYTERANGE"), 0, "#EXT-X-MAP:BYTERANGE") : null;
                    map = new InitSection(abs, mapRange, effectiveKey(keys));
                    break;
                }
                default: break; // EXT-X-VERSION, LL-HLS parts and hints, comments, unknown tags
            }
        }
        if (iFramesOnly) {
            throw new PlaylistException("an I-frame playlist (#EXT-X-I-FRAMES-ONLY): it indexes the key frames of other "
                    + "segments for trick play and has no continuous media; record a variant's media playlist instead");
        }
        if (target < 0) {
            target = 0;
            for (MediaSegment s : segments) target = Math.max(target, Math.ceil(s.duration()));
        }
        return new MediaPlaylist(url, target, mediaSequence, type, endList, false, start, skipped, List.copyOf(segments), vars.all());
    }

    /**
     * Applies an {@code EXT-X-KEY}: METHOD=NONE clears every key; another key replaces the one of
     * the same KEYFORMAT (a playlist can list one key per DRM system for the same segments).
     */
    private static void key(AttributeList a, Resolver base, Map<String, SegmentKey> keys) {
        String method = SegmentKey.normalizeMethod(a.get("METHOD"));
        if (method.equals("NONE")) {
            keys.clear();
            return;
        }
        String format = a.get("KEYFORMAT", SegmentKey.IDENTITY);
        String uri = a.get("URI");
        byte[] iv = null;
        String ivText = a.get("IV");
        if (ivText != null && !ivText.isEmpty()) iv = iv(ivText);
        keys.put(format.toLowerCase(Locale.ROOT), new SegmentKey(method, uri == null || uri.isEmpty() ? null : base.resolve(uri), iv, format));
    }

    /** The key avline would use: a plain AES-128 key if one is in effect, else any other (to say why not), else null. */
    private static SegmentKey effectiveKey(Map<String, SegmentKey> keys) {
        if (keys.isEmpty()) return null;
        for (SegmentKey k : keys.values()) {
            if (k.isClearKeyAes128()) return k;
        }
        return keys.values().iterator().next();
    }

    private static byte[] iv(String text) {
        String t = text.strip();
        if (t.startsWith("0x") || t.startsWith("0X")) t = t.substring(2);
        if (t.length() > 32 || t.isEmpty()) throw new PlaylistException("EXT-X-KEY:IV=" + text + " is not a 128-bit hexadecimal number");
        try {
            byte[] v = HEX.parseHex("0".repeat(32 - t.length()) + t);
            return v;
        } catch (IllegalArgumentException e) {
            throw new PlaylistException("EXT-X-KEY:IV=" + text + " is not a 128-bit hexadecimal number");
        }
    }

    private static Instant dateTime(String value) {
        String v = value.strip();
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException e) {
            try {
                // "+0000" offsets (no colon) are common in packager output
                return OffsetDateTime.parse(v.replaceFirst("([+-]\\d\\d)(\\d\\d)$", "$1:$2")).toInstant();
            } catch (DateTimeParseException e2) {
                try {
                    return java.time.LocalDateTime.parse(v).toInstant(java.time.ZoneOffset.UTC);
                } catch (DateTimeParseException e3) {
                    return null; // a date that cannot be read only loses the wall-clock mapping
                }
            }
        }
    }

    /**
     * The duration of {@code #EXTINF:<duration>,[<title>]}: the leading number, whatever follows
     * it (IPTV playlists put {@code tvg-id="…"} attributes between the duration and the comma);
     * -1 when there is none (the segment then lasts the target duration).
     */
    private static double extinfDuration(String value) {
        int i = 0;
        int n = value.length();
        while (i < n && Character.isWhitespace(value.charAt(i))) i++;
        int start = i;
        if (i < n && (value.charAt(i) == '+' || value.charAt(i) == '-')) i++;
        boolean digits = false;
        while (i < n && (Character.isDigit(value.charAt(i)) || value.charAt(i) == '.')) {
            digits |= value.charAt(i) != '.';
            i++;
        }
        if (!digits) return -1;
        try {
            return Math.max(0, Double.parseDouble(value.substring(start, i)));
        } catch (NumberFormatException e) {
            return -1; // "1.2.3": no duration
        }
    }

    private static double number(String value, String tag) {
        try {
            return Double.parseDouble(value.strip());
        } catch (NumberFormatException e) {
            throw new PlaylistException(tag + ":" + value + " is not a number");
        }
    }

    static String tagOf(String line) {
        int colon = line.indexOf(':');
        String tag = (colon < 0 ? line : line.substring(0, colon)).strip();
        for (int i = 0; i < tag.length(); i++) {
            if (Character.isLowerCase(tag.charAt(i))) return tag.toUpperCase(Locale.ROOT); // rare: a copy only then
        }
        return tag;
    }

    private static String valueOf(String line) {
        int colon = line.indexOf(':');
        return colon < 0 ? "" : line.substring(colon + 1);
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    /**
     * {@code uri} made absolute against {@code base}: relative, root-relative and scheme-relative
     * URIs resolve as a browser resolves them; characters a URI may not hold (spaces, …) are
     * percent-encoded first, as players do.
     */
    static String resolve(String base, String uri) {
        return new Resolver(base).resolve(uri);
    }

    /** Resolves the URIs of one playlist against its URL, parsed once for all of them. */
    private static final class Resolver {
        private final String base;
        private URI parsed;

        Resolver(String base) {
            this.base = base;
        }

        String resolve(String uri) {
            String u = encodeIllegal(uri.strip());
            if (u.startsWith("http://") || u.startsWith("https://")) return u; // absolute already
            try {
                URI target = new URI(u);
                if (target.isAbsolute()) return target.toString();
                if (parsed == null) parsed = new URI(encodeIllegal(base));
                return parsed.resolve(target).toString();
            } catch (URISyntaxException | IllegalArgumentException e) {
                throw new PlaylistException("the URI '" + uri + "' cannot be resolved against the playlist's URL");
            }
        }
    }

    private static String encodeIllegal(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            int width = Character.charCount(c);
            boolean ok = c < 0x80 && c > 0x20 && "\"<>\\^`{|}".indexOf(c) < 0;
            if (ok && c == '%' && !(i + 2 < s.length() && isHex(s.charAt(i + 1)) && isHex(s.charAt(i + 2)))) ok = false;
            if (ok) {
                if (b != null) b.append((char) c);
            } else {
                if (b == null) b = new StringBuilder(s.length() + 16).append(s, 0, i);
                for (byte x : new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8)) {
                    b.append('%').append(Character.toUpperCase(Character.forDigit((x >> 4) & 0xF, 16)))
                            .append(Character.toUpperCase(Character.forDigit(x & 0xF, 16)));
                }
            }
            i += width;
        }
        return b == null ? s : b.toString();
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }
}
