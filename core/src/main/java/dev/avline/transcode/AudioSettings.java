package dev.avline.transcode;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How to make the output's audio tracks. Immutable; every setter-like method returns a copy.
 *
 * <pre>{@code
 * AudioSettings.aac()                                   // AAC 128 kbit/s, input rate and channels
 *     .channels(2).sampleRate(48000).loudnorm(Loudnorm.ebuR128());
 * }</pre>
 */
public final class AudioSettings {
    private final StreamMode mode;
    private final String encoder;
    private final long bitrate;
    private final int sampleRate;
    private final int channels;
    private final Loudnorm loudnorm;
    private final Map<String, String> options;

    private AudioSettings(StreamMode mode, String encoder, long bitrate, int sampleRate, int channels, Loudnorm loudnorm,
                          Map<String, String> options) {
        this.mode = mode;
        this.encoder = encoder;
        this.bitrate = bitrate;
        this.sampleRate = sampleRate;
        this.channels = channels;
        this.loudnorm = loudnorm;
        this.options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    /** FFmpeg's native AAC encoder at 128 kbit/s. */
    public static AudioSettings aac() {
        return new AudioSettings(StreamMode.TRANSCODE, "aac", 128_000, 0, 0, null, Map.of());
    }

    /** Any audio encoder by name (bitrate 128 kbit/s unless changed; 0 leaves it to the encoder). */
    public static AudioSettings encoder(String name) {
        return new AudioSettings(StreamMode.TRANSCODE, Objects.requireNonNull(name, "audio.encoder"), 128_000, 0, 0, null, Map.of());
    }

    public static AudioSettings copy() {
        return aac().mode(StreamMode.COPY);
    }

    public static AudioSettings drop() {
        return aac().mode(StreamMode.DROP);
    }

    public AudioSettings mode(StreamMode m) {
        return new AudioSettings(Objects.requireNonNull(m, "audio.mode"), encoder, bitrate, sampleRate, channels, loudnorm, options);
    }

    /** Copy a track that is already what the encoder makes (AAC into TS) and needs no filter. */
    public AudioSettings copyIfMatching() {
        return mode(StreamMode.COPY_IF_MATCHING);
    }

    /** Bitrate in bit/s (0: the encoder's default). */
    public AudioSettings bitrate(long bitsPerSecond) {
        return new AudioSettings(mode, encoder, bitsPerSecond, sampleRate, channels, loudnorm, options);
    }

    /** Output sample rate in Hz (0: the input's). */
    public AudioSettings sampleRate(int hz) {
        return new AudioSettings(mode, encoder, bitrate, hz, channels, loudnorm, options);
    }

    /** Output channel count, with FFmpeg's default layout for it (0: the input's). */
    public AudioSettings channels(int count) {
        return new AudioSettings(mode, encoder, bitrate, sampleRate, count, loudnorm, options);
    }

    /** Loudness normalisation (null: none). */
    public AudioSettings loudnorm(Loudnorm l) {
        return new AudioSettings(mode, encoder, bitrate, sampleRate, channels, l, options);
    }

    public AudioSettings option(String name, String value) {
        Map<String, String> m = new LinkedHashMap<>(options);
        if (value == null) m.remove(name);
        else m.put(name, value);
        return new AudioSettings(mode, encoder, bitrate, sampleRate, channels, loudnorm, m);
    }

    public StreamMode mode() {
        return mode;
    }

    public String encoder() {
        return encoder;
    }

    public long bitrate() {
        return bitrate;
    }

    public int sampleRate() {
        return sampleRate;
    }

    public int channels() {
        return channels;
    }

    /** The loudness normalisation, or null. */
    public Loudnorm loudnorm() {
        return loudnorm;
    }

    public Map<String, String> options() {
        return options;
    }

    /** True when a track with {@code rate} Hz and {@code channelCount} channels would need filtering. */
    public boolean needsFilters(int rate, int channelCount) {
        return loudnorm != null || (sampleRate != 0 && sampleRate != rate) || (channels != 0 && channels != channelCount);
    }

    public Map<String, String> encoderOptions() {
        Map<String, String> m = new LinkedHashMap<>();
        if (bitrate > 0) m.put("b", String.valueOf(bitrate));
        m.putAll(options);
        return m;
    }

    @Override
    public String toString() {
        if (mode == StreamMode.COPY || mode == StreamMode.DROP) return "audio " + mode.name().toLowerCase();
        return "audio " + encoder + " " + encoderOptions() + (loudnorm != null ? " " + loudnorm : "");
    }
}
