package dev.avline.bench.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.avline.testkit.TestMedia;

/**
 * The media the fuzzer starts from, made with the test kit (libavfilter sources and the bundled
 * encoders): a TS clip, an MP4, a fragmented MP4 stream (init section + segments), and two VOD
 * playlists (TS and fMP4 segments) on disk. Small on purpose (1 s of 160x120 at 10 fps with AAC),
 * so that one input takes milliseconds. Made once by the parent and read by every worker, so a
 * mutation is a pure function of (seeds, master seed, input index) and any input can be re-made.
 */
final class Seeds {
    /** What a seed is, and so which entry points an input made from it goes through. */
    enum Kind { TS, MP4, FMP4, PLAYLIST_TS, PLAYLIST_FMP4 }

    record Seed(Kind kind, byte[] bytes, Path dir) {
        boolean isPlaylist() {
            return kind == Kind.PLAYLIST_TS || kind == Kind.PLAYLIST_FMP4;
        }
    }

    private final List<Seed> seeds;

    private Seeds(List<Seed> seeds) {
        this.seeds = seeds;
    }

    List<Seed> all() {
        return seeds;
    }

    /** Makes the seeds in {@code dir} (once: an existing set is reused). */
    static Seeds make(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path done = dir.resolve("seeds.done");
        if (!Files.exists(done)) {
            TestMedia clip = TestMedia.video(160, 120, 10).seconds(1.0);
            Files.write(dir.resolve("clip.ts"), clip.toBytes("mpegts", Map.of()));
            clip.writeTo(dir.resolve("clip.mp4"), "mp4");
            Path hlsTs = Files.createDirectories(dir.resolve("hls-ts"));
            clip.writeHls(hlsTs, 0.5, "mpegts");
            Path hlsFmp4 = Files.createDirectories(dir.resolve("hls-fmp4"));
            clip.writeHls(hlsFmp4, 0.5, "fmp4");
            Files.writeString(done, "ok\n");
        }
        return load(dir);
    }

    /** Reads seeds made by {@link #make(Path)}. */
    static Seeds load(Path dir) {
        try {
            List<Seed> list = new ArrayList<>();
            list.add(new Seed(Kind.TS, Files.readAllBytes(dir.resolve("clip.ts")), dir));
            list.add(new Seed(Kind.MP4, Files.readAllBytes(dir.resolve("clip.mp4")), dir));
            Path hlsFmp4 = dir.resolve("hls-fmp4");
            list.add(new Seed(Kind.FMP4, fragmentedStream(hlsFmp4), hlsFmp4));
            Path hlsTs = dir.resolve("hls-ts");
            list.add(new Seed(Kind.PLAYLIST_TS, Files.readAllBytes(hlsTs.resolve("index.m3u8")), hlsTs));
            list.add(new Seed(Kind.PLAYLIST_FMP4, Files.readAllBytes(hlsFmp4.resolve("index.m3u8")), hlsFmp4));
            return new Seeds(List.copyOf(list));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The init section followed by every media segment: one fragmented MP4 stream. */
    private static byte[] fragmentedStream(Path dir) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(Files.readAllBytes(dir.resolve("init.mp4")));
        String playlist = Files.readString(dir.resolve("index.m3u8"), StandardCharsets.UTF_8);
        for (String line : playlist.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) out.write(Files.readAllBytes(dir.resolve(line.trim())));
        }
        return out.toByteArray();
    }
}
