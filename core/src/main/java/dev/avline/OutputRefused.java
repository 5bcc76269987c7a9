package dev.avline;

import java.nio.file.Path;

/**
 * A file output avline will not write, said before anything was opened: it exists and the
 * {@link Output} does not say {@link Output#overwrite(boolean) overwrite}, or it is the input itself.
 * Nothing was written and nothing was changed. Its operation is {@code "open output"}, its
 * {@link #url()} the path; it has no FFmpeg code (FFmpeg was never asked).
 */
public final class OutputRefused extends AvlineException {
    private static final long serialVersionUID = 1L;
    private final transient Path path;

    OutputRefused(Path path, String message) {
        super(message, null, "open output", 0, null, null, path.toString(), null);
        this.path = path;
    }

    /**
     * {@return the output file that was refused}
     */
    public Path path() {
        return path;
    }
}
