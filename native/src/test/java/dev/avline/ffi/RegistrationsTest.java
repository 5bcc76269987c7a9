package dev.avline.ffi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every entry an input, output or fetch puts in a static callback table is gone once it is closed,
 * on every path (opened and closed, failed open, failed stream analysis, with and without a
 * nested-open hook): a finished job must not stay reachable from a static table.
 */
class RegistrationsTest {
    @TempDir
    Path dir;

    private static final NestedOpens.Handler ALLOW_ALL = (url, options) -> Map.of();

    @Test
    void everyOpenAndCloseLeavesTheTablesAsTheyWere() throws Exception {
        byte[] ts = Clips.transportStream(10);
        Path file = dir.resolve("clip.ts");
        Files.write(file, ts);
        Map<String, Integer> before = Registrations.snapshot();
        for (int i = 0; i < 20; i++) {
            try (InputContainer in = InputContainer.url(file.toString()).open()) {
                assertTrue(Clips.countPackets(in) > 0);
            }
            try (InputContainer in = InputContainer.url(file.toString()).nestedOpens(new NestedOpens(ALLOW_ALL)).open()) {
                assertTrue(Clips.countPackets(in) > 0);
            }
            try (InputContainer in = InputContainer.consuming(IoContext.reading(ts)).format("mpegts").open()) {
                assertTrue(Clips.countPackets(in) > 0);
            }
            // failed opens: no such file; not media (fails in the header); not media with a hook
            assertThrows(FfmpegException.class, () -> InputContainer.url(dir.resolve("missing.ts").toString()).open());
            assertThrows(FfmpegException.class, () -> InputContainer.consuming(IoContext.reading(new byte[4096]))
                    .format("mpegts").open().close());
            assertThrows(FfmpegException.class, () -> InputContainer.consuming(IoContext.reading(new byte[100]), "x.m3u8")
                    .format("hls").nestedOpens(new NestedOpens(ALLOW_ALL)).open());
            try (OutputContainer out = OutputContainer.consuming(IoContext.writing(java.io.OutputStream.nullOutputStream()), "mpegts")) {
                Clips.encodeVideo(out, 3);
            }
        }
        assertEquals(before, Registrations.snapshot());
    }

    @Test
    void anHlsOutputHearsEveryFileItWritesAndLeavesNoHookBehind() throws Exception {
        Map<String, Integer> before = Registrations.snapshot();
        for (int i = 0; i < 5; i++) {
            Path playlist = dir.resolve("hls" + i).resolve("index.m3u8");
            Files.createDirectories(playlist.getParent());
            java.util.List<String> finished = new java.util.concurrent.CopyOnWriteArrayList<>();
            try (OutputContainer out = OutputContainer.toUrl(playlist.toString(), "hls", (url, bytes) -> finished.add(url))) {
                Clips.encodeVideo(out, 75, Map.of("hls_time", "1", "hls_list_size", "0"));
            }
            // three 1 s segments (keyframe every 25 frames), each reported through the hook, and the playlist
            assertTrue(finished.stream().filter(u -> u.endsWith(".ts")).count() >= 3, finished.toString());
            assertTrue(finished.stream().anyMatch(u -> u.contains("index.m3u8")), finished.toString());
            assertTrue(Files.readString(playlist).contains("#EXT-X-ENDLIST"));
        }
        assertEquals(before, Registrations.snapshot());
    }

    @Test
    void closingOneInputLeavesAnotherInterruptible() throws Exception {
        byte[] ts = Clips.transportStream(25);
        ChunkFeed feed = new ChunkFeed();
        feed.offer(java.util.Arrays.copyOf(ts, ts.length / 2));
        try (InputContainer live = InputContainer.consuming(IoContext.reading(feed)).format("mpegts").skipStreamInfo().open()) {
            for (int i = 0; i < 10; i++) {
                InputContainer.consuming(IoContext.reading(ts)).format("mpegts").open().close();
            }
            live.interrupt("test");
            FfmpegException e = assertThrows(FfmpegException.class, () -> {
                try (Packet p = new Packet()) {
                    while (live.read(p)) {
                        // drain what was offered; then the interrupt must end the read
                    }
                }
            });
            assertEquals(AvError.EXIT, e.error(), e.getMessage());
        }
    }
}
