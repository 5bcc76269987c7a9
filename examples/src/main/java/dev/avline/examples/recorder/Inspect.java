package dev.avline.examples.recorder;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.avline.Avline;
import dev.avline.Input;
import dev.avline.examples.recorder.config.Headers;
import dev.avline.examples.recorder.config.RecorderConfig;

/**
 * {@code --probe INPUT} and {@code --capabilities}: one JSON object on stdout ({@code MediaInfo.toMap()},
 * {@code Capabilities.toMap()}), nothing else there. Exit 0 when printed, 1 when INPUT cannot be read
 * (the message on stderr says why), 2 for a usage error.
 */
final class Inspect {
    private final PrintStream out;
    private final PrintStream err;
    private final ObjectMapper json = new ObjectMapper();

    Inspect(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(RecorderCommand cli, RecorderConfig config) {
        if (cli.probe != null && cli.capabilities) throw new UsageException("--probe and --capabilities: give one of them");
        if (cli.input != null || cli.output != null || cli.demo) {
            throw new UsageException((cli.probe != null ? "--probe" : "--capabilities") + " takes no INPUT/OUTPUT argument"
                    + (cli.probe != null ? " (the input is --probe's value)" : "") + " and no --demo");
        }
        Map<String, Object> result;
        try {
            result = cli.capabilities ? Avline.capabilities().toMap() : Avline.probe(input(cli, config)).toMap();
        } catch (RuntimeException | LinkageError e) {
            err.println("avline-recorder: " + (cli.capabilities ? "capabilities" : "probe") + " failed: "
                    + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return RecorderMain.FAILED;
        }
        try {
            out.println(json.writeValueAsString(result));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        out.flush();
        return RecorderMain.DONE;
    }

    /** The input as a recording would open it: headers (a flag replaces the file's), probe size, variant. */
    private static Input input(RecorderCommand cli, RecorderConfig config) {
        Map<String, String> headers = new LinkedHashMap<>(config.avline().headers());
        for (String line : cli.headers) {
            Map.Entry<String, String> h = Headers.parse(line);
            headers.keySet().removeIf(k -> k.equalsIgnoreCase(h.getKey()));
            headers.put(h.getKey(), h.getValue());
        }
        Input in = Input.url(cli.probe);
        for (Map.Entry<String, String> h : headers.entrySet()) in = in.header(h.getKey(), h.getValue());
        if (config.ffmpeg().probeSizeBytes() != null) in = in.probeSize(config.ffmpeg().probeSizeBytes());
        if (cli.variant != null) in = in.variant(cli.variant);
        else if (config.avline().variant() != null) in = in.variant(config.avline().variant());
        return in;
    }
}
