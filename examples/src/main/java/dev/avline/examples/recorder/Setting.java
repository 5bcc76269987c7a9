package dev.avline.examples.recorder;

/**
 * A resolved value and where it came from ({@code "--transcode"}, {@code "ffmpeg.audio_normalize"}
 * or {@code "default"}), so a message about it can name what the user wrote.
 */
public record Setting<T>(T value, String source) {
    public static <T> Setting<T> byDefault(T value) {
        return new Setting<>(value, "default");
    }

    public boolean isDefault() {
        return "default".equals(source);
    }
}
