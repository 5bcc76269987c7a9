package dev.avline.examples.recorder;

/**
 * A mistake in how the program was called: a bad option, a bad config key or value, a feature this
 * build does not have. Exit status 2. The message starts with what is wrong by name
 * ({@code --variant}, {@code ffmpeg.probe_size}, {@code OUTPUT}) so a script's log says where to look.
 */
public final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }

    public UsageException(String message, Throwable cause) {
        super(message, cause);
    }
}
