package dev.avline.hls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.avline.Avline;
import dev.avline.Input;
import dev.avline.Output;
import dev.avline.RecordingResult;
import dev.avline.testkit.MediaProbe;
import dev.avline.testkit.MediaReport;
import dev.avline.testkit.TestMedia;

/**
 * Whole presentations in the shapes packagers write, made by FFmpeg's own hls muxer and served by a
 * plain static server (no Accept-Ranges, Range ignored): recorded from their first segment, every
 * stream there, timestamps aligned.
 */
class HlsShapesTest {
    private static final double SECONDS = 6;

    @TempDir
    static Path media;
    @TempDir
    Path dir;

    @BeforeAll
    static void makeMedia() throws Exception {
        Files.createDirectories(media.resolve("video"));
        Files.createDirectories(media.resolve("audio"));
        Files.createDirectories(media.resolve("single"));
        Files.createDirectories(media.resolve("fmp4"));
        TestMedia.video(160, 120, 20).audioTracks(0).seconds(SECONDS).writeHls(media.resolve("video"), 2, "mpegts");
        TestMedia.audioOnly().seconds(SECONDS).writeHls(media.resolve("audio"), 2, "mpegts");
        TestMedia.video(160, 120, 20).seconds(SECONDS).writeTo(media.resolve("single/index.m3u8"), "hls", Map.of(
                "hls_time", "2", "hls_list_size", "0", "hls_playlist_type", "vod", "hls_flags", "single_file"));
        TestMedia.video(160, 120, 20).seconds(SECONDS).writeTo(media.resolve("fmp4/index.m3u8"), "hls", Map.of(
                "hls_time", "2", "hls_list_size", "0", "hls_playlist_type", "vod", "hls_flags", "single_file",
                "hls_segment_type", "fmp4", "hls_fmp4_init_filename", "init.mp4"));
        Files.writeString(media.resolve("master.m3u8"), "#EXTM3U\n"
                + "#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"aud\",NAME=\"English\",LANGUAGE=\"en\",DEFAULT=YES,AUTOSELECT=YES,URI=\"audio/index.m3u8\"\n"
                + "#EXT-X-STREAM-INF:BANDWIDTH=300000,CODECS=\"avc1.42c00d,mp4a.40.2\",RESOLUTION=160x120,AUDIO=\"aud\"\n"
                + "video/index.m3u8\n");
    }

    private static RecordingResult record(String url, Path out) {
        return Avline.record(Input.url(url), Output.file(out), LiveCheck.fast()).run();
    }

    private static MediaReport checked(RecordingResult r, Path out) {
        assertTrue(r.succeeded(), () -> "failed: " + r.failure());
        MediaReport rep = MediaProbe.decodeAll(out);
        assertEquals(0, rep.totalDecodeErrors(), rep.toString());
        assertTrue(rep.allDtsStrictlyIncreasing(), rep.toString());
        return rep;
    }

    @Test
    void alternateAudioRenditionIsRecordedBesideAVideoOnlyVariant() throws Exception {
        try (StaticFiles http = new StaticFiles(media)) {
            Path out = dir.resolve("alt.ts");
            MediaReport rep = checked(record(http.url("/master.m3u8"), out), out);
            assertEquals(SECONDS, rep.video().duration(), 0.15, rep.toString());
            assertEquals(SECONDS, rep.audio().duration(), 0.15, rep.toString());
            assertEquals(rep.video().firstPts(), rep.audio().firstPts(), 0.1, "audio and video start together: " + rep);
            assertTrue(http.requests.stream().anyMatch(p -> p.startsWith("/audio/seg_")), http.requests.toString());
        }
    }

    @Test
    void singleFileByteRangesOnAServerThatIgnoresRange() throws Exception {
        String playlist = Files.readString(media.resolve("single/index.m3u8"));
        assertTrue(playlist.contains("#EXT-X-BYTERANGE"), playlist);
        try (StaticFiles http = new StaticFiles(media)) {
            Path out = dir.resolve("single.ts");
            MediaReport rep = checked(record(http.url("/single/index.m3u8"), out), out);
            assertEquals(SECONDS, rep.video().duration(), 0.15, rep.toString());
            assertEquals(SECONDS, rep.audio().duration(), 0.15, rep.toString());
        }
    }

    @Test
    void fragmentedMp4ByteRangesWithAnInitSectionRange() throws Exception {
        String playlist = Files.readString(media.resolve("fmp4/index.m3u8"));
        assertTrue(playlist.contains("#EXT-X-MAP:URI=\"") && playlist.contains("BYTERANGE="), playlist);
        try (StaticFiles http = new StaticFiles(media)) {
            for (String container : List.of("fmp4.ts", "fmp4.mp4")) {
                Path out = dir.resolve(container);
                MediaReport rep = checked(record(http.url("/fmp4/index.m3u8"), out), out);
                assertEquals(SECONDS, rep.video().duration(), 0.15, container + ": " + rep);
                assertEquals(SECONDS, rep.audio().duration(), 0.15, container + ": " + rep);
            }
        }
    }

    @Test
    void aRedirectedPlaylistResolvesItsSegmentsAgainstWhereItWasFound() throws Exception {
        try (StaticFiles http = new StaticFiles(media).redirect("/moved/index.m3u8", "/video/index.m3u8")) {
            Path out = dir.resolve("moved.ts");
            MediaReport rep = checked(record(http.url("/moved/index.m3u8"), out), out);
            assertEquals(SECONDS, rep.video().duration(), 0.15, rep.toString());
            assertTrue(http.requests.stream().noneMatch(p -> p.startsWith("/moved/seg")), http.requests.toString());
        }
    }
}
