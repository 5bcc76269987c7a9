package dev.avline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * A file output while a job writes it, and what becomes of it when the job ends. The rules (the
 * README's "Output files"):
 * <ul>
 *   <li>an existing file is refused unless the output says {@link Output#overwrite(boolean)}
 *       (FFmpeg's {@code -n} by default, {@code -y} when asked), and so is the input itself;</li>
 *   <li>a new file is created (atomically: a file that appears meanwhile is not truncated) and
 *       written in place, so it can be read while it grows;</li>
 *   <li>an existing file that may be overwritten is left alone while the job runs: the job writes a
 *       hidden sibling, renamed over it when the job succeeds (done or stopped). A device or a pipe
 *       (/dev/null) is written in place;</li>
 *   <li>when the job fails, what it wrote is kept if it holds media (a partial recording is data):
 *       a new file stays where it is, a sibling becomes {@code NAME.partial.EXT} beside the
 *       untouched old file; with no media in it, it is removed, and an old file is never touched.</li>
 * </ul>
 */
@Internal
public final class OutputFile {
    private final Path target;
    private final Path writePath;     // the target, or a hidden sibling when replacing an existing file
    private final boolean createdHere; // the job created the target (so it may remove it again)
    private long packets = -1;        // told by the writer when it closed the muxer

    private OutputFile(Path target, Path writePath, boolean createdHere) {
        this.target = target;
        this.writePath = writePath;
        this.createdHere = createdHere;
    }

    /**
     * The checks a job makes before it opens anything: the output is not the input, and an existing
     * file may be overwritten. (A rotating live recording never writes over an existing numbered
     * sibling {@code NAME-001.EXT} either: it takes the next free number.)
     *
     * @throws OutputRefused when the output must not be written
     */
    static void preflight(Input input, Output output) {
        Path file = output.file();
        if (file == null || output.isHls()) return; // the hls muxer replaces its playlist and segments as it goes
        Path in = input == null ? null : localPath(input.url());
        if (in != null && Files.exists(file) && Files.exists(in)) {
            try {
                if (Files.isSameFile(in, file)) {
                    throw new OutputRefused(file, "output " + file + " is the input " + input.description()
                            + " (symbolic links resolved): writing it would destroy what is being read; choose another output file");
                }
            } catch (IOException e) {
                throw new UncheckedIOException("compare input and output " + file, e);
            }
        }
        if (output.overwrites()) return;
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) throw exists(file);
    }

    private static OutputRefused exists(Path file) {
        return new OutputRefused(file, "output " + file + " already exists; Output.overwrite(true) replaces it "
                + "(the new recording is written beside it and takes its place only when it succeeds)");
    }

    /** The local file a URL names (a path or {@code file:}), or null for anything else. */
    static Path localPath(String url) {
        if (url == null || url.isBlank()) return null;
        String u = url;
        if (u.regionMatches(true, 0, "file://", 0, 7)) u = u.substring(7);
        else if (u.regionMatches(true, 0, "file:", 0, 5)) u = u.substring(5);
        else if (u.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*")) return null; // another protocol (http:, pipe:, …)
        try {
            return Path.of(u);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * Takes the file for a job: refuses it (see {@link #preflight}), or creates it, or picks the
     * sibling to write while an existing file stays as it is.
     */
    static OutputFile claim(Output output) {
        Path file = output.file();
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new IllegalArgumentException("output directory does not exist: " + parent);
        }
        boolean exists = Files.exists(file, LinkOption.NOFOLLOW_LINKS);
        if (exists && !output.overwrites()) throw exists(file);
        if (exists) {
            if (!Files.isRegularFile(file)) return new OutputFile(file, file, false); // /dev/null, a pipe: in place
            return new OutputFile(file, sibling(file), false);
        }
        try {
            Files.createFile(file);
            return new OutputFile(file, file, true);
        } catch (FileAlreadyExistsException raced) {
            if (!output.overwrites()) throw exists(file);
            return new OutputFile(file, sibling(file), false);
        } catch (IOException e) {
            throw new UncheckedIOException("create output " + file, e);
        }
    }

    private static Path sibling(Path file) {
        String random = Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xFFFFFFFFFFL);
        return file.resolveSibling("." + file.getFileName() + "." + random + ".avline-part");
    }

    /** {@return the output file the job was asked to write} */
    public Path target() {
        return target;
    }

    /** {@return where the muxer writes: the target, or a sibling that replaces it when the job succeeds} */
    public Path writePath() {
        return writePath;
    }

    /** Called by the writer when its muxer is closed: how many packets the file holds. */
    public void closed(long packetsWritten) {
        this.packets = Math.max(0, packetsWritten);
    }

    boolean replacing() {
        return !writePath.equals(target);
    }

    /** The job succeeded (done or stopped): a sibling takes the target's place. */
    void commit() {
        if (!replacing()) return;
        if (!Files.exists(writePath)) return; // nothing was opened
        try {
            try {
                Files.move(writePath, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(writePath, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("replace " + target + " with the new recording " + writePath, e);
        }
    }

    /**
     * The job failed: keeps what it wrote when that holds media, else removes it (an old file is
     * never touched). Returns the file kept, or null.
     */
    Path abandon() {
        boolean media = packets > 0;
        try {
            if (!replacing()) {
                if (media) return target;
                if (createdHere) Files.deleteIfExists(target);
                return null;
            }
            if (!Files.exists(writePath)) return null;
            if (!media) {
                Files.deleteIfExists(writePath);
                return null;
            }
            return keepBeside(writePath, target);
        } catch (IOException e) {
            return media ? writePath : null; // best effort: the job's own failure is what matters
        }
    }

    /** Renames a partial recording to {@code NAME.partial.EXT} (or {@code NAME.partial-2.EXT}, …), never over a file. */
    private static Path keepBeside(Path from, Path target) throws IOException {
        String name = target.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : "";
        for (int n = 1; n < 1000; n++) {
            Path p = target.resolveSibling(stem + ".partial" + (n == 1 ? "" : "-" + n) + ext);
            try {
                Files.move(from, p); // fails, rather than replaces, when p exists
                return p;
            } catch (FileAlreadyExistsException taken) {
                // try the next name
            }
        }
        return from;
    }
}
