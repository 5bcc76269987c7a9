package dev.avline.examples.recorder.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.avline.Container;
import dev.avline.Variant;
import dev.avline.examples.recorder.Hardware;
import dev.avline.examples.recorder.Mode;
import dev.avline.examples.recorder.ProgressMode;
import dev.avline.examples.recorder.UsageException;

/**
 * Reads a config file into a {@link RecorderConfig}. Every key is checked: an unknown key or a value
 * of the wrong kind is a {@link UsageException} whose message names the key by its path
 * ({@code ffmpeg.probe_size: expected a size like 10M, got "ten"}), because a typo in a config file
 * must never be silently ignored.
 */
public final class ConfigLoader {
    static final List<String> TOP_KEYS = List.of("ffmpeg", "avline");
    static final List<String> FFMPEG_KEYS =
            List.of("hw_accel", "reconnect_enabled", "audio_normalize", "probe_size", "stats_period", "loglevel");
    static final List<String> AVLINE_KEYS =
            List.of("mode", "output_format", "variant", "headers", "duration", "progress", "input_options", "outage_budget");

    private final ObjectMapper mapper = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** Reads and checks {@code file}. */
    public RecorderConfig load(Path file) {
        String name = file.toString();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new UsageException("--config: no such file: " + name);
        } catch (IOException e) {
            throw new UsageException("--config: cannot read " + name + ": " + e.getMessage());
        }
        return parse(bytes, name);
    }

    /** Parses config text; {@code source} names it in messages. */
    public RecorderConfig parse(byte[] json, String source) {
        JsonNode root;
        try {
            root = mapper.readTree(json);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new UsageException("config " + source + ": not valid JSON" + where + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UsageException("config " + source + ": cannot parse: " + e.getMessage());
        }
        try {
            if (root == null || root.isMissingNode()) throw new Bad("", "the file is empty: expected a JSON object");
            requireObject(root, "(top level)");
            checkKeys(root, "", TOP_KEYS);
            RecorderConfig.Ffmpeg ffmpeg = root.has("ffmpeg") ? ffmpeg(root.get("ffmpeg")) : RecorderConfig.Ffmpeg.UNSET;
            RecorderConfig.Recorder avline = root.has("avline") ? avline(root.get("avline")) : RecorderConfig.Recorder.UNSET;
            return new RecorderConfig(source, ffmpeg, avline);
        } catch (Bad b) {
            throw new UsageException("config " + source + ": " + b.getMessage());
        }
    }

    private static RecorderConfig.Ffmpeg ffmpeg(JsonNode node) {
        requireObject(node, "ffmpeg");
        checkKeys(node, "ffmpeg.", FFMPEG_KEYS);
        Hardware hw = text(node, "ffmpeg.", "hw_accel", Hardware::parse);
        Boolean reconnect = bool(node, "ffmpeg.", "reconnect_enabled");
        Boolean normalize = bool(node, "ffmpeg.", "audio_normalize");
        Long probe = null;
        JsonNode p = node.get("probe_size");
        if (p != null) {
            if (p.isIntegralNumber() && p.asLong() >= 32) probe = p.asLong();
            else if (p.isTextual()) probe = convert("ffmpeg.probe_size", p.asText(), ConfigLoader::probeSize);
            else throw new Bad("ffmpeg.probe_size", "expected a size like 10M (at least 32 bytes), got " + p);
        }
        Duration stats = seconds(node, "ffmpeg.", "stats_period", 0.1);
        String level = text(node, "ffmpeg.", "loglevel", LogLevels::parse);
        return new RecorderConfig.Ffmpeg(hw, reconnect, normalize, probe, stats, level);
    }

    private static long probeSize(String s) {
        long v = Sizes.parse(s);
        if (v < 32) throw new IllegalArgumentException("expected a size like 10M (at least 32 bytes), got \"" + s + "\"");
        return v;
    }

    private static RecorderConfig.Recorder avline(JsonNode node) {
        requireObject(node, "avline");
        checkKeys(node, "avline.", AVLINE_KEYS);
        Mode mode = text(node, "avline.", "mode", Mode::parse);
        Container format = text(node, "avline.", "output_format", ConfigLoader::container);
        Variant variant = null;
        JsonNode v = node.get("variant");
        if (v != null) {
            if (v.isIntegralNumber()) variant = convert("avline.variant", v.asText(), Variant::parse);
            else if (v.isTextual()) variant = convert("avline.variant", v.asText(), Variant::parse);
            else throw new Bad("avline.variant", "expected \"best\", \"worst\" or a bandwidth in bit/s, got " + v);
        }
        Map<String, String> headers = stringMap(node, "avline.", "headers");
        for (Map.Entry<String, String> h : headers.entrySet()) {
            String why = Headers.whyInvalid(h.getKey(), h.getValue());
            if (why != null) throw new Bad("avline.headers." + h.getKey(), why);
        }
        Duration duration = seconds(node, "avline.", "duration", 0.001);
        ProgressMode progress = text(node, "avline.", "progress", ProgressMode::parse);
        Map<String, String> inputOptions = stringMap(node, "avline.", "input_options");
        Duration outageBudget = seconds(node, "avline.", "outage_budget", 1);
        return new RecorderConfig.Recorder(mode, format, variant, headers, duration, progress, inputOptions, outageBudget);
    }

    private static Container container(String s) {
        try {
            return Container.parse(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("expected \"ts\" or \"mp4\", got \"" + s + "\"");
        }
    }

    private static void requireObject(JsonNode node, String path) {
        if (!node.isObject()) throw new Bad(path, "expected a JSON object {...}, got " + kind(node));
    }

    private static void checkKeys(JsonNode node, String prefix, List<String> known) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!known.contains(key)) {
                throw new Bad(prefix + key, "unknown key (known keys" + (prefix.isEmpty() ? "" : " of " + prefix.substring(0, prefix.length() - 1))
                        + ": " + String.join(", ", known) + ")");
            }
        }
    }

    private static <T> T text(JsonNode node, String prefix, String key, Function<String, T> parse) {
        JsonNode v = node.get(key);
        if (v == null) return null;
        if (!v.isTextual()) throw new Bad(prefix + key, "expected a string, got " + kind(v));
        return convert(prefix + key, v.asText(), parse);
    }

    private static <T> T convert(String path, String value, Function<String, T> parse) {
        try {
            return parse.apply(value);
        } catch (IllegalArgumentException e) {
            String msg = e.getMessage();
            // avline's own messages start with the option's name ("variant: expected ..."): keep only the reason
            int colon = msg == null ? -1 : msg.indexOf(": expected");
            throw new Bad(path, colon >= 0 ? msg.substring(colon + 2) : msg);
        }
    }

    private static Boolean bool(JsonNode node, String prefix, String key) {
        JsonNode v = node.get(key);
        if (v == null) return null;
        if (!v.isBoolean()) throw new Bad(prefix + key, "expected true or false, got " + kind(v));
        return v.booleanValue();
    }

    private static Duration seconds(JsonNode node, String prefix, String key, double min) {
        JsonNode v = node.get(key);
        if (v == null) return null;
        if (!v.isNumber()) throw new Bad(prefix + key, "expected a number of seconds, got " + kind(v));
        double s = v.asDouble();
        if (!(s >= min) || s > 1e9) {
            throw new Bad(prefix + key, "expected a number of seconds of at least " + min + ", got " + v);
        }
        return Duration.ofNanos(Math.round(s * 1e9));
    }

    private static Map<String, String> stringMap(JsonNode node, String prefix, String key) {
        JsonNode v = node.get(key);
        Map<String, String> out = new LinkedHashMap<>();
        if (v == null) return out;
        if (!v.isObject()) throw new Bad(prefix + key, "expected an object of names to strings, got " + kind(v));
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode value = e.getValue();
            if (!value.isTextual() && !value.isNumber() && !value.isBoolean()) {
                throw new Bad(prefix + key + "." + e.getKey(), "expected a string, got " + kind(value));
            }
            out.put(e.getKey(), value.asText());
        }
        return out;
    }

    private static String kind(JsonNode v) {
        if (v.isObject()) return "an object";
        if (v.isArray()) return "an array";
        if (v.isNull()) return "null";
        return v.toString();
    }

    /** A bad key or value, by path; becomes a {@link UsageException} with the file's name. */
    private static final class Bad extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Bad(String path, String why) {
            super(path.isEmpty() ? why : path + ": " + why);
        }
    }
}
