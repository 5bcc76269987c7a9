package dev.avline.config;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import dev.avline.Container;
import dev.avline.Variant;
import dev.avline.hw.HwAccel;

/**
 * Checks and types a parsed config, key by key. Values are what JSON libraries make of JSON:
 * maps, lists, strings, numbers (any {@link Number}) and booleans. Nothing here loads FFmpeg: a
 * config error never waits for the native libraries.
 */
final class ConfigReader {
    private static final List<String> TOP_KEYS = List.of("ffmpeg", "avline");

    private final String source;

    ConfigReader(String source) {
        this.source = source;
    }

    AvlineConfig read(Object json) {
        if (json == null) throw bad("", "the config is empty: expected a JSON object");
        Map<String, ?> root = object(json, "(top level)");
        checkKeys(root, "", TOP_KEYS);
        AvlineConfig.FfmpegSection ffmpeg = root.containsKey("ffmpeg") ? ffmpeg(object(root.get("ffmpeg"), "ffmpeg"))
                : AvlineConfig.FfmpegSection.UNSET;
        AvlineConfig.AvlineSection avline = root.containsKey("avline") ? avline(object(root.get("avline"), "avline"))
                : AvlineConfig.AvlineSection.UNSET;
        return new AvlineConfig(source, ffmpeg, avline);
    }

    private AvlineConfig.FfmpegSection ffmpeg(Map<String, ?> node) {
        checkKeys(node, "ffmpeg.", AvlineConfig.FFMPEG_KEYS);
        HwAccel hw = text(node, "ffmpeg.", "hw_accel", ConfigReader::hwAccel);
        Boolean reconnect = bool(node, "ffmpeg.", "reconnect_enabled");
        Boolean normalize = bool(node, "ffmpeg.", "audio_normalize");
        Long probe = null;
        Object p = node.get("probe_size");
        if (p != null) {
            if (isIntegral(p) && ((Number) p).longValue() >= 32) probe = ((Number) p).longValue();
            else if (p instanceof CharSequence) probe = convert("ffmpeg.probe_size", p.toString(), ConfigReader::probeSize);
            else throw bad("ffmpeg.probe_size", "expected a size like 10M (at least 32 bytes), got " + show(p));
        }
        Duration stats = seconds(node, "ffmpeg.", "stats_period", 0.1);
        String level = text(node, "ffmpeg.", "loglevel", s -> oneOf(s, AvlineConfig.LOG_LEVELS));
        return new AvlineConfig.FfmpegSection(hw, reconnect, normalize, probe, stats, level);
    }

    private AvlineConfig.AvlineSection avline(Map<String, ?> node) {
        checkKeys(node, "avline.", AvlineConfig.AVLINE_KEYS);
        AvlineConfig.Mode mode = text(node, "avline.", "mode", ConfigReader::mode);
        Container format = text(node, "avline.", "output_format", ConfigReader::container);
        Variant variant = null;
        Object v = node.get("variant");
        if (v != null) {
            if (isIntegral(v) || v instanceof CharSequence) variant = convert("avline.variant", v.toString(), Variant::parse);
            else throw bad("avline.variant", "expected \"best\", \"worst\" or a bandwidth in bit/s, got " + show(v));
        }
        Map<String, String> headers = stringMap(node, "avline.", "headers");
        for (Map.Entry<String, String> h : headers.entrySet()) {
            String why = whyBadHeader(h.getKey(), h.getValue());
            if (why != null) throw bad("avline.headers." + h.getKey(), why);
        }
        Duration duration = seconds(node, "avline.", "duration", 0.001);
        String progress = text(node, "avline.", "progress", ConfigReader::progress);
        Map<String, String> inputOptions = stringMap(node, "avline.", "input_options");
        Duration outageBudget = seconds(node, "avline.", "outage_budget", 1);
        return new AvlineConfig.AvlineSection(mode, format, variant, headers, duration, progress, inputOptions, outageBudget);
    }

    // ------------------------------------------------------------------ values

    private static HwAccel hwAccel(String s) {
        switch (s.toLowerCase(Locale.ROOT)) {
            case "auto": case "vaapi": case "cuda": case "qsv": case "none": return HwAccel.parse(s);
            default: throw new IllegalArgumentException("expected auto, vaapi, cuda, qsv or none, got \"" + s + "\"");
        }
    }

    private static AvlineConfig.Mode mode(String s) {
        switch (s.toLowerCase(Locale.ROOT)) {
            case "copy": return AvlineConfig.Mode.COPY;
            case "transcode": return AvlineConfig.Mode.TRANSCODE;
            default: throw new IllegalArgumentException("expected copy or transcode, got \"" + s + "\"");
        }
    }

    private static Container container(String s) {
        try {
            return Container.parse(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("expected \"ts\", \"mp4\", \"mp4-faststart\" or \"mkv\", got \"" + s + "\"");
        }
    }

    private static String progress(String s) {
        String n = s.toLowerCase(Locale.ROOT);
        if (!AvlineConfig.PROGRESS_MODES.contains(n)) throw new IllegalArgumentException("expected bar, json or none, got \"" + s + "\"");
        return n;
    }

    private static long probeSize(String s) {
        long v = ByteSize.parse(s);
        if (v < 32) throw new IllegalArgumentException("expected a size like 10M (at least 32 bytes), got \"" + s + "\"");
        return v;
    }

    private static String oneOf(String s, List<String> allowed) {
        String n = s.toLowerCase(Locale.ROOT);
        if (!allowed.contains(n)) {
            throw new IllegalArgumentException("expected one of " + String.join(", ", allowed) + ", got \"" + s + "\"");
        }
        return n;
    }

    /** Why a header cannot be sent (null when it can): a header must never smuggle a second line. */
    static String whyBadHeader(String name, String value) {
        if (name.isEmpty()) return "empty header name";
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            // RFC 9110 token characters
            if (c <= ' ' || c >= 127 || "\"(),/:;<=>?@[\\]{}".indexOf(c) >= 0) {
                return "invalid character '" + (c < ' ' ? "\\u" + String.format("%04x", (int) c) : String.valueOf(c))
                        + "' in header name \"" + name + "\"";
            }
        }
        if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) return "line break in the value of header \"" + name + "\"";
        return null;
    }

    // ------------------------------------------------------------------ shapes

    @SuppressWarnings("unchecked")
    private Map<String, ?> object(Object node, String path) {
        if (!(node instanceof Map)) throw bad(path, "expected a JSON object {...}, got " + show(node));
        return (Map<String, ?>) node;
    }

    private void checkKeys(Map<String, ?> node, String prefix, List<String> known) {
        for (Object k : node.keySet()) {
            String key = String.valueOf(k);
            if (!known.contains(key)) {
                throw bad(prefix + key, "unknown key (known keys" + (prefix.isEmpty() ? "" : " of " + prefix.substring(0, prefix.length() - 1))
                        + ": " + String.join(", ", known) + ")");
            }
        }
    }

    private <T> T text(Map<String, ?> node, String prefix, String key, Function<String, T> parse) {
        Object v = node.get(key);
        if (v == null) return null;
        if (!(v instanceof CharSequence)) throw bad(prefix + key, "expected a string, got " + show(v));
        return convert(prefix + key, v.toString(), parse);
    }

    private <T> T convert(String path, String value, Function<String, T> parse) {
        try {
            return parse.apply(value);
        } catch (IllegalArgumentException e) {
            String msg = e.getMessage();
            // avline's own messages start with the option's name ("variant: expected ..."): keep only the reason
            int colon = msg == null ? -1 : msg.indexOf(": expected");
            throw bad(path, colon >= 0 ? msg.substring(colon + 2) : msg);
        }
    }

    private Boolean bool(Map<String, ?> node, String prefix, String key) {
        Object v = node.get(key);
        if (v == null) return null;
        if (!(v instanceof Boolean)) throw bad(prefix + key, "expected true or false, got " + show(v));
        return (Boolean) v;
    }

    private Duration seconds(Map<String, ?> node, String prefix, String key, double min) {
        Object v = node.get(key);
        if (v == null) return null;
        if (!(v instanceof Number)) throw bad(prefix + key, "expected a number of seconds, got " + show(v));
        double s = ((Number) v).doubleValue();
        if (!(s >= min) || s > 1e9) {
            throw bad(prefix + key, "expected a number of seconds of at least " + min + ", got " + show(v));
        }
        return Duration.ofNanos(Math.round(s * 1e9));
    }

    private Map<String, String> stringMap(Map<String, ?> node, String prefix, String key) {
        Object v = node.get(key);
        Map<String, String> out = new LinkedHashMap<>();
        if (v == null) return out;
        if (!(v instanceof Map)) throw bad(prefix + key, "expected an object of names to strings, got " + show(v));
        for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
            Object value = e.getValue();
            if (!(value instanceof CharSequence) && !(value instanceof Number) && !(value instanceof Boolean)) {
                throw bad(prefix + key + "." + e.getKey(), "expected a string, got " + show(value));
            }
            out.put(String.valueOf(e.getKey()), plain(value));
        }
        return out;
    }

    private static boolean isIntegral(Object v) {
        return v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte || v instanceof BigInteger;
    }

    /** A number as JSON writes it (no "5.0" for 5), anything else as text. */
    private static String plain(Object v) {
        if (v instanceof Double || v instanceof Float) {
            BigDecimal d = BigDecimal.valueOf(((Number) v).doubleValue()).stripTrailingZeros();
            return d.scale() <= 0 ? d.toBigInteger().toString() : d.toPlainString();
        }
        if (v instanceof BigDecimal d) return d.stripTrailingZeros().toPlainString();
        return v.toString();
    }

    /** A value as the user wrote it, for messages. */
    private static String show(Object v) {
        if (v instanceof Map) return "an object";
        if (v instanceof List) return "an array";
        if (v == null) return "null";
        if (v instanceof CharSequence) return "\"" + v + "\"";
        return plain(v);
    }

    private ConfigException bad(String path, String why) {
        return new ConfigException(source, path, why);
    }
}
