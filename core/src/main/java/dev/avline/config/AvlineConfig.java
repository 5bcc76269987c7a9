package dev.avline.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.avline.Container;
import dev.avline.Input;
import dev.avline.Output;
import dev.avline.Recording;
import dev.avline.Variant;
import dev.avline.hw.Hardware;
import dev.avline.hw.HwAccel;
import dev.avline.transcode.AudioSettings;
import dev.avline.transcode.Loudnorm;
import dev.avline.transcode.TranscodeSettings;
import dev.avline.transcode.VideoSettings;

/**
 * The JSON config streaming servers already keep for FFmpeg jobs, typed and checked, and mapped
 * onto avline's settings. No JSON library is needed here: parse the JSON with the one you have
 * into maps, lists, strings, numbers and booleans, and hand the root object to
 * {@link #fromMap(Map, String)}.
 *
 * <pre>{@code
 * {"ffmpeg": {"hw_accel": "auto", "reconnect_enabled": true, "audio_normalize": false,
 *             "probe_size": "10M", "stats_period": 5, "loglevel": "error"},
 *  "avline": {"mode": "copy", "output_format": "ts", "variant": "best", "headers": {"Referer": "…"},
 *             "duration": 3600, "progress": "json", "input_options": {"rw_timeout": "15000000"},
 *             "outage_budget": 120}}
 *
 * AvlineConfig c = AvlineConfig.fromMap(new ObjectMapper().readValue(json, Map.class), "channel-7.json");
 * LivePlan live = c.live();
 * Recording r = c.apply(Avline.record(c.input(url).options(live.inputOptions()), c.output(path), live.settings())).start();
 * }</pre>
 *
 * Every key is optional; an unknown key, or a value of the wrong kind, is a {@link ConfigException}
 * naming it by its path. A null field was not in the config: a default (or the caller) decides.
 *
 * @param source where the config came from (for messages), or null
 * @param ffmpeg the {@code "ffmpeg"} object
 * @param avline the {@code "avline"} object
 */
public record AvlineConfig(String source, FfmpegSection ffmpeg, AvlineSection avline) {
    /** The keys of the {@code "ffmpeg"} object. */
    public static final List<String> FFMPEG_KEYS =
            List.of("hw_accel", "reconnect_enabled", "audio_normalize", "probe_size", "stats_period", "loglevel");
    /** The keys of the {@code "avline"} object. */
    public static final List<String> AVLINE_KEYS =
            List.of("mode", "output_format", "variant", "headers", "duration", "progress", "input_options", "outage_budget");
    /** FFmpeg's {@code -loglevel} names. */
    public static final List<String> LOG_LEVELS =
            List.of("quiet", "panic", "fatal", "error", "warning", "info", "verbose", "debug", "trace");
    /** {@code avline.progress}: how the recorder shows progress. */
    public static final List<String> PROGRESS_MODES = List.of("bar", "json", "none");
    /**
     * What {@code ffmpeg.reconnect_enabled} means for a remote input that is not live HLS (FFmpeg's own
     * HTTP reconnects). Not {@code reconnect_at_eof}: it makes a live playlist request loop.
     */
    public static final Map<String, String> RECONNECT_OPTIONS = reconnectOptions();

    /** What the config does with the media. */
    public enum Mode {
        /** A stream copy ({@code Avline.copy}, or {@code Avline.record} for live HLS). */
        COPY,
        /** A re-encode to H.264 + AAC ({@code Avline.transcode}). */
        TRANSCODE;

        /**
         * "copy" or "transcode".
         *
         * @return the label
         */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * The {@code "ffmpeg"} object: the schema streaming servers already use.
     *
     * @param hwAccel {@code hw_accel}
     * @param reconnectEnabled {@code reconnect_enabled}
     * @param audioNormalize {@code audio_normalize}
     * @param probeSizeBytes {@code probe_size} in bytes
     * @param statsPeriod {@code stats_period}
     * @param loglevel {@code loglevel}, one of {@link #LOG_LEVELS}
     */
    public record FfmpegSection(HwAccel hwAccel, Boolean reconnectEnabled, Boolean audioNormalize, Long probeSizeBytes,
                                Duration statsPeriod, String loglevel) {
        static final FfmpegSection UNSET = new FfmpegSection(null, null, null, null, null, null);
    }

    /**
     * The {@code "avline"} object.
     *
     * @param mode {@code mode}
     * @param outputFormat {@code output_format}
     * @param variant {@code variant}
     * @param headers {@code headers}: HTTP request headers for every request
     * @param duration {@code duration}: media time after which the job ends
     * @param progress {@code progress}, one of {@link #PROGRESS_MODES} (the recorder's)
     * @param inputOptions {@code input_options}: FFmpeg input options by name
     * @param outageBudget {@code outage_budget}
     */
    public record AvlineSection(Mode mode, Container outputFormat, Variant variant, Map<String, String> headers,
                                Duration duration, String progress, Map<String, String> inputOptions, Duration outageBudget) {
        static final AvlineSection UNSET = new AvlineSection(null, null, null, Map.of(), null, null, Map.of(), null);

        /**
         * Copies the maps, so the section stays immutable.
         *
         * @param mode {@code mode}
         * @param outputFormat {@code output_format}
         * @param variant {@code variant}
         * @param headers {@code headers}: HTTP request headers for every request
         * @param duration {@code duration}: media time after which the job ends
         * @param progress {@code progress}, one of {@link #PROGRESS_MODES} (the recorder's)
         * @param inputOptions {@code input_options}: FFmpeg input options by name
         * @param outageBudget {@code outage_budget}
         */
        public AvlineSection {
            headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
            inputOptions = Collections.unmodifiableMap(new LinkedHashMap<>(inputOptions));
        }
    }

    /**
     * Reads a parsed JSON object: {@link Map}s, {@link List}s, strings, numbers and booleans.
     *
     * @param source names the config in messages ("rec.json"), or null
     * @throws ConfigException naming the first key that cannot be used
     * @param root the document's top-level object
     * @return the config
     */
    public static AvlineConfig fromMap(Map<String, ?> root, String source) {
        return new ConfigReader(source).read(root);
    }

    /**
     * As {@link #fromMap(Map, String)}, for whatever a JSON library returned for the whole document:
     * anything but an object (an array, a number, nothing) is a {@link ConfigException} saying so.
     *
     * @param root what the JSON library returned
     * @param source names the config in messages ("rec.json"), or null
     * @return the config
     * @throws ConfigException naming the first key that cannot be used
     */
    public static AvlineConfig fromJsonValue(Object root, String source) {
        return new ConfigReader(source).read(root);
    }

    /**
     * No config: every field null, so defaults decide.
     *
     * @return the empty config
     */
    public static AvlineConfig none() {
        return new AvlineConfig(null, FfmpegSection.UNSET, AvlineSection.UNSET);
    }

    // ------------------------------------------------------------------ the mapping onto avline

    /**
     * The input at {@code url} with the config's headers, probe size and variant (input options depend on the job: see {@link #live()}).
     *
     * @param url the input's URL
     * @return the input
     */
    public Input input(String url) {
        Input in = Input.url(url);
        for (Map.Entry<String, String> h : avline.headers().entrySet()) in = in.header(h.getKey(), h.getValue());
        if (ffmpeg.probeSizeBytes() != null) in = in.probeSize(ffmpeg.probeSizeBytes());
        return avline.variant() != null ? in.variant(avline.variant()) : in;
    }

    /**
     * {@code ffmpeg.reconnect_enabled}, true unless the config says false.
     *
     * @return whether reconnects are on
     */
    public boolean reconnect() {
        return ffmpeg.reconnectEnabled() == null || ffmpeg.reconnectEnabled();
    }

    /**
     * For a live HLS recording ({@code Avline.record}): the {@link dev.avline.hls.LiveSettings} and the input
     * options left for the input.
     *
     * @throws ConfigException for an input option the live recorder sets itself, or a value it cannot use
     * @return the settings and options
     */
    public LivePlan live() {
        try {
            return LivePlan.of(reconnect(), avline.outageBudget(), avline.inputOptions());
        } catch (ConfigException e) {
            throw e.from(source);
        }
    }

    /**
     * For anything else ({@code Avline.copy}, {@code Avline.transcode}): FFmpeg's HTTP reconnect options for a
     * remote input when {@code reconnect_enabled}, then {@code input_options} (which win).
     *
     * @param remote whether the input is read over HTTP
     * @return the options by FFmpeg name
     */
    public Map<String, String> inputOptions(boolean remote) {
        Map<String, String> m = new LinkedHashMap<>();
        if (remote && reconnect()) m.putAll(RECONNECT_OPTIONS);
        m.putAll(avline.inputOptions());
        return m;
    }

    /**
     * Why an HTTP header cannot be sent as given (null when it can): a header must never smuggle a second line.
     *
     * @param name the header's name
     * @param value its value
     * @return the reason, or null
     */
    public static String whyBadHeader(String name, String value) {
        return ConfigReader.whyBadHeader(name, value);
    }

    /**
     * The mode, {@link Mode#COPY} unless the config says otherwise.
     *
     * @return the mode
     */
    public Mode mode() {
        return avline.mode() != null ? avline.mode() : Mode.COPY;
    }

    /**
     * The transcode the config asks for: the field's software path (libx264 {@code ultrafast}/{@code baseline},
     * AAC 128 kbit/s), {@code hw_accel} (default auto), and EBU R128 {@code loudnorm} when {@code audio_normalize}
     * (dynamic, one pass). Checked when built.
     *
     * @return the settings
     */
    public TranscodeSettings transcodeSettings() {
        HwAccel hw = ffmpeg.hwAccel() != null ? ffmpeg.hwAccel() : HwAccel.AUTO;
        return transcodeSettings(Hardware.of(hw), Boolean.TRUE.equals(ffmpeg.audioNormalize()), false);
    }

    /**
     * The field's transcode: libx264 {@code ultrafast}/{@code baseline}, AAC 128 kbit/s, the given hardware, and
     * {@code loudnorm} (EBU R128: I=-16, TP=-1.5, LRA=11; two-pass linear mode for an input that can be read twice).
     *
     * @param hardware the hardware choice
     * @param audioNormalize whether to add {@code loudnorm}
     * @param twoPassLoudnorm whether it runs in two passes (an input that can be read twice)
     * @return the settings
     */
    public static TranscodeSettings transcodeSettings(Hardware hardware, boolean audioNormalize, boolean twoPassLoudnorm) {
        AudioSettings audio = AudioSettings.aac().bitrate(128_000);
        if (audioNormalize) audio = audio.loudnorm(Loudnorm.ebuR128().withTwoPass(twoPassLoudnorm));
        return TranscodeSettings.builder()
                .video(VideoSettings.h264().preset("ultrafast").profile("baseline"))
                .audio(audio)
                .hardware(hardware)
                .build();
    }

    /**
     * The output file, in {@code output_format}, or the container its extension names.
     *
     * @param file where to write
     * @return the output
     */
    public Output output(Path file) {
        return avline.outputFormat() != null ? Output.file(file, avline.outputFormat()) : Output.file(file);
    }

    /**
     * Applies {@code stats_period} and {@code duration} to a job about to start.
     *
     * @param job the job's builder
     * @return the same builder
     */
    public Recording.Builder apply(Recording.Builder job) {
        if (ffmpeg.statsPeriod() != null) job.statsPeriod(ffmpeg.statsPeriod());
        if (avline.duration() != null) job.maxDuration(avline.duration());
        return job;
    }

    private static Map<String, String> reconnectOptions() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("reconnect", "1");
        m.put("reconnect_streamed", "1");
        m.put("reconnect_on_network_error", "1");
        m.put("reconnect_delay_max", "10");
        return Collections.unmodifiableMap(m);
    }
}
