package dev.avline.examples.recorder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.avline.transcode.Ladder;
import dev.avline.transcode.Rendition;
import dev.avline.transcode.VideoSettings;

/**
 * {@code --ladder}: heights ({@code 1080,720,480}: {@link Ladder#presets}) or a JSON file:
 * <pre>{@code
 * {"renditions": [{"name": "1080p", "width": 1920, "height": 1080, "bitrate": 5000000},
 *                 {"name": "720p", "height": 720, "bitrate": 3000000, "maxrate": 3300000}],
 *  "preset": "veryfast", "profile": "high"}
 * }</pre>
 * A rendition without a width follows the input's aspect ratio; without a name it is named after
 * its height. Every key is checked, as in the config file: an unknown one is an error naming it.
 */
final class LadderSpec {
    private static final List<String> KEYS = List.of("renditions", "preset", "profile");
    private static final List<String> RENDITION_KEYS = List.of("name", "width", "height", "bitrate", "maxrate", "bufsize");

    private LadderSpec() {
    }

    /** The ladder {@code spec} describes (a JSON file when it names one, else heights). */
    static Ladder.Builder parse(String spec) {
        try {
            if (spec.endsWith(".json") || Files.isRegularFile(Path.of(spec))) return fromFile(Path.of(spec));
            return Ladder.presets(spec).toBuilder();
        } catch (java.nio.file.InvalidPathException e) {
            throw new UsageException("--ladder: '" + spec + "' is neither heights (1080,720,480) nor a JSON file");
        } catch (IllegalArgumentException e) {
            throw new UsageException("--ladder: " + strip(e.getMessage()));
        }
    }

    private static String strip(String m) {
        return m.startsWith("ladder: ") ? m.substring(8) : m;
    }

    private static Ladder.Builder fromFile(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UsageException("--ladder " + file + ": cannot read it as JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) throw new UsageException("--ladder " + file + ": expected a JSON object");
        checkKeys(root, file + "", KEYS);
        JsonNode list = root.get("renditions");
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw new UsageException("--ladder " + file + ": renditions: expected a non-empty array");
        }
        Ladder.Builder b = Ladder.builder();
        VideoSettings video = VideoSettings.h264().preset("veryfast").profile("high");
        if (root.has("preset")) video = video.preset(text(root, "preset", file + ""));
        if (root.has("profile")) video = video.profile(text(root, "profile", file + ""));
        b.video(video);
        for (int i = 0; i < list.size(); i++) {
            JsonNode r = list.get(i);
            String where = file + ": renditions[" + i + "]";
            if (!r.isObject()) throw new UsageException("--ladder " + where + ": expected an object");
            checkKeys(r, where, RENDITION_KEYS);
            if (!r.has("height") || !r.has("bitrate")) throw new UsageException("--ladder " + where + ": height and bitrate are required");
            int height = (int) number(r, "height", where);
            int width = r.has("width") ? (int) number(r, "width", where) : -2;
            long bitrate = number(r, "bitrate", where);
            String name = r.has("name") ? text(r, "name", where) : height + "p";
            try {
                Rendition rendition = Rendition.of(name, width, height, bitrate);
                if (r.has("maxrate") || r.has("bufsize")) {
                    rendition = new Rendition(name, width, height, bitrate,
                            r.has("maxrate") ? number(r, "maxrate", where) : rendition.maxrate(),
                            r.has("bufsize") ? number(r, "bufsize", where) : rendition.bufsize());
                }
                b.rendition(rendition);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--ladder " + where + ": " + e.getMessage());
            }
        }
        return b;
    }

    private static void checkKeys(JsonNode o, String where, List<String> known) {
        for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
            String k = it.next().getKey();
            if (!known.contains(k)) {
                throw new UsageException("--ladder " + where + ": unknown key '" + k + "' (known: " + String.join(", ", known) + ")");
            }
        }
    }

    private static long number(JsonNode o, String key, String where) {
        JsonNode v = o.get(key);
        if (!v.isIntegralNumber()) throw new UsageException("--ladder " + where + ": " + key + ": expected a whole number, got " + v);
        return v.asLong();
    }

    private static String text(JsonNode o, String key, String where) {
        JsonNode v = o.get(key);
        if (!v.isTextual()) throw new UsageException("--ladder " + where + ": " + key + ": expected a string, got " + v);
        return v.asText();
    }
}
