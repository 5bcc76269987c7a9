package dev.avline.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import dev.avline.testkit.TestMedia;

/**
 * The inputs the benchmarks run on, generated once with {@link TestMedia} and kept in a cache
 * directory (making 120 s of 720p takes far longer than remuxing it): 720p30 {@code testsrc2} in
 * H.264 (libx264 ultrafast, 3 Mbit/s, a keyframe each second) and a stereo 48 kHz AAC tone, about what
 * a 720p HLS rendition carries. The bitrate matters: remuxing costs per byte as much as per packet. Each entry is generated into a scratch directory and moved into place
 * in one step, so an interrupted generation never leaves a half-written input that looks complete.
 *
 * <p>The directory is {@code -Davline.bench.cache=DIR}, else {@code $TMPDIR/avline-bench-cache}.
 */
public final class MediaCache {
    private final Path root;

    public MediaCache(Path root) {
        this.root = root;
    }

    public static MediaCache standard() {
        String dir = System.getProperty("avline.bench.cache");
        return new MediaCache(dir != null ? Path.of(dir)
                : Path.of(System.getProperty("java.io.tmpdir"), "avline-bench-cache"));
    }

    public Path root() {
        return root;
    }

    /** A 120 s 720p30 HLS rendition with fMP4 ({@code .m4s}) segments of 4 s and an EXT-X-MAP init section. */
    public Path remuxHls() {
        return entry("hls-fmp4-720p30-3M-120s", dir -> source720p(120).writeHls(dir, 4, "fmp4"))
                .resolve("index.m3u8");
    }

    /** One 4 s 720p30 MPEG-TS segment, as an HLS origin would hold it. */
    public Path segment() {
        return entry("segment-720p30-3M-4s", dir -> source720p(4).writeTo(dir.resolve("seg.ts"), "mpegts"))
                .resolve("seg.ts");
    }

    /** A 30 s 720p30 H.264 + AAC MP4 file: the transcode job's input. */
    public Path transcodeInput() {
        return entry("mp4-720p30-3M-30s", dir -> source720p(30).writeTo(dir.resolve("in.mp4"), "mp4"))
                .resolve("in.mp4");
    }

    /** A 10 s 1080p30 H.264 (6 Mbit/s) + AAC MP4: the ladder job's input. */
    public Path ladderInput() {
        return entry("mp4-1080p30-6M-10s", dir -> TestMedia.video(1920, 1080, 30).seconds(10)
                .videoEncoder("libx264", Map.of("preset", "ultrafast", "g", "30", "b", "6000k"))
                .writeTo(dir.resolve("in.mp4"), "mp4")).resolve("in.mp4");
    }

    /** A 30 s 1080p30 H.264 (6 Mbit/s, main profile as cameras and encoders send it) + AAC MP4: the hardware transcode's input. */
    public Path hwTranscodeInput() {
        return entry("mp4-1080p30-6M-30s", dir -> TestMedia.video(1920, 1080, 30).seconds(30)
                .videoEncoder("libx264", Map.of("preset", "veryfast", "profile", "main", "g", "60", "b", "6000k"))
                .writeTo(dir.resolve("in.mp4"), "mp4")).resolve("in.mp4");
    }

    /**
     * 16 s of 720p30 that gets harder every 4 s (still colour bars, testsrc2 in motion, a mandelbrot
     * zoom, grey with moving noise) + a 440 Hz tone, nearly lossless (x264 CRF 8): the two-pass
     * quality job's source. A one-pass encoder cannot know that the hard part comes last; a two-pass
     * one does. Made by the bundled {@code ffmpeg} from libavfilter's sources.
     */
    public Path variedSource() {
        return entry("mp4-720p30-rising-16s", dir -> {
            try {
                FfmpegCli.run(List.of("-y",
                        "-f", "lavfi", "-t", "4", "-i", "smptehdbars=s=1280x720:r=30",
                        "-f", "lavfi", "-t", "4", "-i", "testsrc2=s=1280x720:r=30",
                        "-f", "lavfi", "-t", "4", "-i", "mandelbrot=s=1280x720:r=30",
                        "-f", "lavfi", "-t", "4", "-i", "color=c=gray:s=1280x720:r=30,noise=alls=25:allf=t+u",
                        "-f", "lavfi", "-t", "16", "-i", "sine=frequency=440:sample_rate=48000",
                        "-filter_complex", "[0:v][1:v][2:v][3:v]concat=n=4:v=1:a=0,format=yuv420p[v]",
                        "-map", "[v]", "-map", "4:a", "-c:v", "libx264", "-preset", "ultrafast", "-crf", "8",
                        "-c:a", "aac", "-b:a", "128k", dir.resolve("in.mp4").toString()), null, false);
            } catch (java.io.IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }).resolve("in.mp4");
    }

    /** {@code seconds} of 720p30 MPEG-TS, for the per-packet benchmark (read in a loop from memory). */
    public Path transportStream(int seconds) {
        String name = "ts-720p30-3M-" + seconds + "s";
        return entry(name, dir -> source720p(seconds).writeTo(dir.resolve("clip.ts"), "mpegts"))
                .resolve("clip.ts");
    }

    /** The 720p30 source every input is made of. */
    static TestMedia source720p(double seconds) {
        return TestMedia.video(1280, 720, 30).seconds(seconds)
                .videoEncoder("libx264", Map.of("preset", "ultrafast", "g", "30", "b", "3000k"));
    }

    private Path entry(String name, Consumer<Path> generate) {
        Path target = root.resolve(name);
        if (Files.isDirectory(target)) return target;
        try {
            Files.createDirectories(root);
            Path scratch = Files.createTempDirectory(root, name + ".partial-");
            long t0 = System.nanoTime();
            System.err.printf("generating %s in %s (once; cached for later runs)…%n", name, root);
            try {
                generate.accept(scratch);
                try {
                    Files.move(scratch, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
                    deleteTree(scratch); // another process finished first: keep theirs
                } catch (AtomicMoveNotSupportedException e) {
                    throw new IOException("cache directory " + root + " does not support atomic moves", e);
                }
            } catch (RuntimeException | IOException e) {
                deleteTree(scratch);
                throw e;
            }
            System.err.printf("generated %s in %.1f s%n", name, (System.nanoTime() - t0) / 1e9);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare benchmark input " + name + " in " + root, e);
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort for scratch files
                }
            });
        } catch (IOException ignored) {
            // best effort for scratch files
        }
    }
}
