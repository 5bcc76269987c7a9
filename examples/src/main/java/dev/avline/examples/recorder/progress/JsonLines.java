package dev.avline.examples.recorder.progress;

import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.avline.Progress;
import dev.avline.events.Event;

/**
 * The JSON the program prints: one object per snapshot, and the last one. Field names are snake_case
 * and stable (scripts depend on them); times in seconds, sizes in bytes. Non-finite numbers are null.
 */
public final class JsonLines {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonLines() {
    }

    /**
     * A snapshot: {@code {"state":"recording","out_time_seconds":…,"bytes":…,…}}; a ladder's also has
     * {@code "renditions":[{"name":"720p","width":…,"height":…,"frames":…,"out_time_seconds":…,"speed":…,"bytes":…,"bitrate_kbps":…,"active":true},…]}.
     */
    public static String snapshot(Progress p, Path output) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("state", "recording");
        o.put("output", output.toString());
        number(o, "elapsed_seconds", p.elapsed().toNanos() / 1e9);
        number(o, "out_time_seconds", p.outTimeSeconds());
        o.put("bytes", p.bytes());
        o.put("frames", p.frames());
        number(o, "fps", p.fps());
        number(o, "bitrate_kbps", p.bitrateKbps());
        number(o, "speed", p.speed());
        o.put("dropped", p.dropped());
        o.put("duplicated", p.duplicated());
        o.put("reconnects", p.reconnects());
        o.put("hardware", p.hardware());
        ObjectNode queues = o.putObject("queue_depths");
        p.queueDepths().forEach(queues::put);
        if (!p.renditions().isEmpty()) {
            ArrayNode renditions = o.putArray("renditions");
            for (Progress.RenditionProgress r : p.renditions()) {
                ObjectNode n = renditions.addObject();
                n.put("name", r.name());
                n.put("width", r.width());
                n.put("height", r.height());
                n.put("frames", r.frames());
                number(n, "out_time_seconds", r.outTimeSeconds());
                number(n, "speed", r.speed());
                n.put("bytes", r.bytes());
                number(n, "bitrate_kbps", r.bitrateKbps());
                n.put("active", r.active());
            }
        }
        return write(o);
    }

    /**
     * The last line: {@code {"state":"done"|"failed","ended_by":…,"mode":"copy"|"transcode","output":…,"duration_seconds":…,
     * "bytes":…,"hardware":…,"segments":{…},"events":[…]}}. A live recording's segments are counted in
     * {@code segments}; {@code events} lists everything else (a transcode's {@code fallback}s among them).
     */
    public static String last(FinalReport r) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("state", r.state());
        o.put("ended_by", r.endedBy());
        o.put("mode", r.mode());
        o.put("output", r.output().toString());
        number(o, "duration_seconds", r.durationSeconds());
        o.put("bytes", r.bytes());
        o.put("packets", r.packets());
        number(o, "elapsed_seconds", r.elapsedSeconds());
        o.put("hardware", r.hardware());
        SegmentTally t = r.segments();
        ObjectNode segments = o.putObject("segments");
        segments.put("count", t.count());
        segments.put("bytes", t.bytes());
        segments.put("retried", t.retried());
        segments.put("retries", t.retries());
        number(segments, "media_seconds", t.mediaSeconds());
        ArrayNode events = o.putArray("events");
        for (Event e : r.events()) events.add(event(e));
        if (r.error() != null) o.put("error", r.error());
        if (r.partial() != null) o.put("partial", r.partial().toString());
        return write(o);
    }

    /** {@code {"kind":…,"at":"2025-…Z","details":{…}}}. */
    static ObjectNode event(Event e) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("kind", e.kind());
        o.put("at", String.valueOf(e.at()));
        ObjectNode details = o.putObject("details");
        for (Map.Entry<String, Object> d : e.details().entrySet()) value(details, d.getKey(), d.getValue());
        return o;
    }

    private static void value(ObjectNode o, String key, Object v) {
        if (v == null) o.putNull(key);
        else if (v instanceof Boolean b) o.put(key, b);
        else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            o.put(key, ((Number) v).longValue());
        } else if (v instanceof Number n) number(o, key, n.doubleValue());
        else o.put(key, v.toString()); // details are documented as strings, numbers and booleans
    }

    private static void number(ObjectNode o, String key, double v) {
        if (Double.isFinite(v)) o.put(key, Math.round(v * 1000) / 1000.0);
        else o.putNull(key);
    }

    private static String write(ObjectNode o) {
        try {
            return MAPPER.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e); // a tree of plain values always serialises
        }
    }
}
