package dev.avline.examples.embedding;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import dev.avline.Avline;
import dev.avline.Container;

/**
 * Embedding: one MPEG-TS segment held in memory becomes fragmented MP4 in memory, on the calling
 * thread: no process, no temporary file. What a server does per request to serve TS segments to
 * players that want fMP4.
 *
 * <pre>java -cp avline-recorder.jar dev.avline.examples.embedding.RemuxSegmentInMemory IN.ts OUT.mp4</pre>
 */
public final class RemuxSegmentInMemory {
    private RemuxSegmentInMemory() {
    }

    public static byte[] toFragmentedMp4(byte[] tsSegment) {
        // "mpegts" skips probing; the segment keeps its own timestamps unless the options say otherwise.
        return Avline.remuxSegment(tsSegment, "mpegts", Container.FRAGMENTED_MP4, Map.of());
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: RemuxSegmentInMemory IN.ts OUT.mp4");
            System.exit(2);
        }
        Files.write(Path.of(args[1]), toFragmentedMp4(Files.readAllBytes(Path.of(args[0]))));
    }
}
