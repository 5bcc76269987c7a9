package dev.avline.transcode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A temporary directory for x264's two-pass statistics, removed with everything in it when the job ends. */
final class StatsDirectory implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StatsDirectory.class);
    private final Path dir;

    StatsDirectory() throws IOException {
        this.dir = Files.createTempDirectory("avline-two-pass-");
    }

    Path path() {
        return dir;
    }

    @Override
    public void close() {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    LOG.warn("cannot delete the two-pass statistics file {}: {}", p, e.toString());
                }
            });
        } catch (IOException e) {
            LOG.warn("cannot delete the two-pass statistics directory {}: {}", dir, e.toString());
        }
    }
}
