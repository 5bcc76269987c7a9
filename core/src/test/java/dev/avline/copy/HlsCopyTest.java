package dev.avline.copy;

import static dev.avline.copy.Checks.assertFaithfulCopy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.avline.Avline;
import dev.avline.Container;
import dev.avline.Input;
import dev.avline.Output;
import dev.avline.RecordingResult;
import dev.avline.Variant;
import dev.avline.testkit.MediaProbe;
import dev.avline.testkit.MediaReport;
import dev.avline.testkit.TestMedia;

/** HLS over a loopback HTTP server: TS and fMP4 segments, AES-128, master playlists, headers. */
class HlsCopyTest {
    @TempDir
    static Path root;
    static LoopbackHttp http;

    @BeforeAll
    static void serve() throws Exception {
        TestMedia.video(320, 240, 25).seconds(3).writeHls(mkdir("ts"), 1, "mpegts");
        TestMedia.video(320, 240, 25).seconds(3).writeHls(mkdir("fmp4"), 1, "fmp4");
        writeEncrypted(mkdir("aes"));
        TestMedia.video(320, 240, 25).seconds(2).writeHls(mkdir("v-hi"), 1, "mpegts");
        TestMedia.video(160, 120, 25).seconds(2).writeHls(mkdir("v-lo"), 1, "mpegts");
        Files.writeString(root.resolve("master.m3u8"), "#EXTM3U\n"
                + "#EXT-X-STREAM-INF:BANDWIDTH=300000,RESOLUTION=160x120\nv-lo/index.m3u8\n"
                + "#EXT-X-STREAM-INF:BANDWIDTH=1200000,RESOLUTION=320x240\nv-hi/index.m3u8\n");
        // Two encodes, each starting at 0, joined with EXT-X-DISCONTINUITY (an ad break, an encoder restart).
        Files.writeString(root.resolve("disc.m3u8"), "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:1\n"
                + "#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-PLAYLIST-TYPE:VOD\n"
                + "#EXTINF:1.0,\nv-hi/seg_000.ts\n#EXTINF:1.0,\nv-hi/seg_001.ts\n#EXT-X-DISCONTINUITY\n"
                + "#EXTINF:1.0,\nts/seg_000.ts\n#EXTINF:1.0,\nts/seg_001.ts\n#EXTINF:1.0,\nts/seg_002.ts\n#EXT-X-ENDLIST\n");
        http = new LoopbackHttp(root);
    }

    @AfterAll
    static void stop() {
        if (http != null) http.close();
    }

    private static Path mkdir(String name) throws Exception {
        return Files.createDirectories(root.resolve(name));
    }

    /** AES-128 segments made by FFmpeg's own hls muxer, with the key served next to the playlist. */
    private static void writeEncrypted(Path dir) throws Exception {
        byte[] key = new byte[16];
        for (int i = 0; i < key.length; i++) key[i] = (byte) (i * 7 + 3);
        Files.write(dir.resolve("key.bin"), key);
        Files.writeString(dir.resolve("key.info"), "key.bin\n" + dir.resolve("key.bin") + "\n"
                + "00112233445566778899aabbccddeeff\n");
        Map<String, String> opts = new LinkedHashMap<>();
        opts.put("hls_time", "1");
        opts.put("hls_list_size", "0");
        opts.put("hls_playlist_type", "vod");
        opts.put("hls_key_info_file", dir.resolve("key.info").toString());
        opts.put("hls_segment_filename", dir.resolve("seg_%03d.ts").toString());
        TestMedia.video(320, 240, 25).seconds(3).writeTo(dir.resolve("index.m3u8"), "hls", opts);
    }

    private static RecordingResult copy(Input in, Output out) {
        RecordingResult r = Avline.copy(in, out).run();
        assertEquals(RecordingResult.State.DONE, r.state(), String.valueOf(r.failure()));
        return r;
    }

    @Test
    void tsSegmentsOverHttpWithHeaders() {
        Path out = root.resolve("from-ts-hls.ts");
        int before = http.requests.size();
        copy(Input.url(http.url("ts/index.m3u8")).header("X-Avline-Test", "abc 123").header("User-Agent", "avline-test/1"),
                Output.file(out));
        MediaReport rep = MediaProbe.decodeAll(out);
        assertFaithfulCopy(MediaProbe.decodeAll(root.resolve("ts/index.m3u8")), rep);
        assertEquals(3.0, rep.video().duration(), Checks.oneFrame(rep.video()));
        var mine = http.requests.subList(before, http.requests.size());
        assertTrue(mine.stream().anyMatch(r -> r.path().endsWith(".m3u8")), mine.toString());
        assertEquals(3, mine.stream().filter(r -> r.path().endsWith(".ts")).map(LoopbackHttp.Request::path).distinct().count());
        for (LoopbackHttp.Request r : mine) {
            assertEquals("abc 123", r.header("X-Avline-Test"), "header missing on " + r.path());
            assertEquals("avline-test/1", r.header("User-Agent"), "user agent on " + r.path());
        }
    }

    @Test
    void fmp4SegmentsWithInitSectionOverHttp() throws Exception {
        String playlist = Files.readString(root.resolve("fmp4/index.m3u8"));
        assertTrue(playlist.contains("#EXT-X-MAP:URI=\"init.mp4\"") && playlist.contains(".m4s"), playlist);
        int before = http.requests.size();
        Path ts = root.resolve("from-fmp4-hls.ts");
        Path mp4 = root.resolve("from-fmp4-hls.mp4");
        copy(Input.url(http.url("fmp4/index.m3u8")), Output.file(ts));
        copy(Input.url(http.url("fmp4/index.m3u8")), Output.file(mp4, Container.FRAGMENTED_MP4));
        MediaReport source = MediaProbe.decodeAll(root.resolve("fmp4/index.m3u8"));
        assertFaithfulCopy(source, MediaProbe.decodeAll(ts));
        assertFaithfulCopy(source, MediaProbe.decodeAll(mp4));
        var mine = http.requests.subList(before, http.requests.size());
        assertTrue(mine.stream().anyMatch(r -> r.path().endsWith("/init.mp4")), mine.toString());
        assertTrue(mine.stream().filter(r -> r.path().endsWith(".m4s")).count() >= 3, mine.toString());
    }

    @Test
    void aes128EncryptedSegments() throws Exception {
        String playlist = Files.readString(root.resolve("aes/index.m3u8"));
        assertTrue(playlist.contains("#EXT-X-KEY:METHOD=AES-128,URI=\"key.bin\""), playlist);
        byte[] segment = Files.readAllBytes(root.resolve("aes/seg_000.ts"));
        assertFalse(segment[0] == 0x47 && segment[188] == 0x47, "the segment is not encrypted");
        int before = http.requests.size();
        Path out = root.resolve("from-aes.ts");
        copy(Input.url(http.url("aes/index.m3u8")), Output.file(out));
        MediaReport rep = MediaProbe.decodeAll(out);
        // (read through the server: FFmpeg refuses a local key file whose extension is not a media one)
        assertFaithfulCopy(MediaProbe.decodeAll(http.url("aes/index.m3u8")), rep);
        assertEquals(3.0, rep.video().duration(), Checks.oneFrame(rep.video()));
        assertTrue(http.requests.subList(before, http.requests.size()).stream()
                .anyMatch(r -> r.path().endsWith("/aes/key.bin")), "the key was fetched");
    }

    @Test
    void discontinuityBetweenTwoEncodesGivesOneContinuousTimeline() {
        Path out = root.resolve("from-disc.ts");
        RecordingResult r = copy(Input.url(http.url("disc.m3u8")), Output.file(out));
        MediaReport rep = MediaProbe.decodeAll(out);
        Checks.assertPlayable(rep);
        MediaReport first = MediaProbe.decodeAll(root.resolve("v-hi/index.m3u8"));
        MediaReport second = MediaProbe.decodeAll(root.resolve("ts/index.m3u8"));
        assertEquals(first.video().duration() + second.video().duration(), rep.video().duration(),
                Checks.oneFrame(rep.video()), rep.toString());
        assertEquals(first.audio().duration() + second.audio().duration(), rep.audio().duration(),
                2 * Checks.oneFrame(rep.audio()), rep.toString());
        assertTrue(r.events().stream().anyMatch(e -> e.kind().equals("discontinuity")), r.events().toString());
    }

    @Test
    void masterPlaylistPicksTheVariantAsked() {
        assertEquals(320, variant(Variant.best()).video().width());
        assertEquals(240, variant(Variant.best()).video().height());
        assertEquals(160, variant(Variant.worst()).video().width());
        assertEquals(160, variant(Variant.bandwidth(400_000)).video().width());
        assertEquals(320, variant(Variant.bandwidth(1_000_000)).video().width());
        assertEquals(320, variant(null).video().width(), "the highest bandwidth by default");
    }

    private MediaReport variant(Variant v) {
        Path out = root.resolve("variant-" + v + ".ts");
        Input in = Input.url(http.url("master.m3u8"));
        if (v != null) in = in.variant(v);
        copy(in, Output.file(out).overwrite(true)); // asked twice for the best variant
        MediaReport rep = MediaProbe.decodeAll(out);
        assertEquals(2, rep.streams().size(), "one variant's video and audio only: " + rep);
        Checks.assertPlayable(rep);
        assertEquals(2.0, rep.video().duration(), Checks.oneFrame(rep.video()));
        return rep;
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }
}
