package dev.avline.examples.recorder.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.avline.config.AvlineConfig;
import dev.avline.config.ConfigException;
import dev.avline.examples.recorder.Hardware;
import dev.avline.examples.recorder.Mode;
import dev.avline.examples.recorder.ProgressMode;
import dev.avline.examples.recorder.UsageException;

/**
 * Reads a config file into a {@link RecorderConfig}: Jackson parses the JSON (its syntax errors say
 * where), the library's {@link AvlineConfig} checks and types every key, as it does for a server
 * that keeps the same JSON. An unknown key or a value of the wrong kind is a {@link UsageException}
 * whose message names the key by its path ({@code ffmpeg.probe_size: expected a size like 10M,
 * got "ten"}), because a typo in a config file must never be silently ignored.
 */
public final class ConfigLoader {
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
        if (new String(json, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            throw new UsageException("config " + source + ": the file is empty: expected a JSON object");
        }
        Object root;
        try {
            root = mapper.readValue(json, Object.class);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new UsageException("config " + source + ": not valid JSON" + where + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UsageException("config " + source + ": cannot parse: " + e.getMessage());
        }
        AvlineConfig c;
        try {
            c = AvlineConfig.fromJsonValue(root, source);
        } catch (ConfigException e) {
            throw new UsageException(e.getMessage(), e);
        }
        AvlineConfig.FfmpegSection f = c.ffmpeg();
        AvlineConfig.AvlineSection a = c.avline();
        RecorderConfig.Ffmpeg ffmpeg = new RecorderConfig.Ffmpeg(f.hwAccel() == null ? null : Hardware.valueOf(f.hwAccel().name()),
                f.reconnectEnabled(), f.audioNormalize(), f.probeSizeBytes(), f.statsPeriod(), f.loglevel());
        RecorderConfig.Recorder avline = new RecorderConfig.Recorder(a.mode() == null ? null : Mode.valueOf(a.mode().name()),
                a.outputFormat(), a.variant(), a.headers(), a.duration(),
                a.progress() == null ? null : ProgressMode.parse(a.progress()), a.inputOptions(), a.outageBudget());
        return new RecorderConfig(source, ffmpeg, avline);
    }
}
