package dev.avline.config;

/**
 * A config key or value avline cannot use. The message names the key by its path
 * ({@code ffmpeg.probe_size: expected a size like 10M, got "ten"}), prefixed with the config's
 * source when it has one ({@code config rec.json: …}): a typo in a config must never be ignored.
 */
public final class ConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** The key's path. */
    private final String path;
    /** What is wrong with it. */
    private final String reason;

    ConfigException(String source, String path, String why) {
        super((source == null ? "" : "config " + source + ": ") + (path.isEmpty() ? why : path + ": " + why));
        this.path = path;
        this.reason = why;
    }

    /** The same problem, said of the config read from {@code source}. */
    ConfigException from(String source) {
        return new ConfigException(source, path, reason);
    }

    /** {@return the key's path ({@code ffmpeg.probe_size}, {@code avline.headers.Referer}); "" for the whole config} */
    public String path() {
        return path;
    }

    /** {@return what is wrong with it, without the path ("expected a size like 10M, got \"ten\"")} */
    public String reason() {
        return reason;
    }
}
