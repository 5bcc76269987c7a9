package dev.avline;

import java.nio.file.Path;

/**
 * A file output avline will not write, said before anything was opened: it exists and the
 * {@link Output} does not say {@link Output#overwrite(boolean) overwrite}, or it is the input itself.
 * Nothing was written and nothing was changed.
 */
public final class OutputRefused extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Path path;

    OutputRefused(Path path, String message) {
        super(message);
        this.path = path;
    }

    /** The output file that was refused. */
    public Path path() {
        return path;
    }
}
