package dev.avline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.avline.testkit.LiveHlsOrigin;
import dev.avline.testkit.TestMedia;

/** Avline.probe: files, memory, playlists on disk and over http (master and media, VOD and live), and bad input. */
class ProbeTest {
    @TempDir
    static Path dir;
    static Path mp4;

    @BeforeAll
    static void media() {
        mp4 = dir.resolve("clip.mp4");
        TestMedia.video(320, 240, 25).audioFormat(44100, 2).seconds(3).writeTo(mp4, "mp4");
    }

    @Test
    void fileStreamsAreDescribed() {
        MediaInfo info = Avline.probe(Input.url(mp4.toString()));
        assertTrue(info.format().contains("mp4"), info.format());
        assertFalse(info.formatLongName().isEmpty());
        assertEquals(3.0, info.durationSeconds(), 0.1);
        assertTrue(info.bitRate() > 0, "bit rate " + info.bitRate());
        assertEquals(2, info.streams().size(), info.toString());

        MediaInfo.Stream v = info.streams("video").get(0);
        assertEquals("h264", v.codec());
        assertNotNull(v.profile(), "H.264 profile");
        assertEquals(320, v.width());
        assertEquals(240, v.height());
        assertEquals(25.0, v.frameRate(), 0.01);
        assertEquals("yuv420p", v.pixelFormat());
        assertTrue(v.codecLongName().contains("H.264"), v.codecLongName());

        MediaInfo.Stream a = info.streams("audio").get(0);
        assertEquals("aac", a.codec());
        assertEquals("LC", a.profile());
        assertEquals(44100, a.sampleRate());
        assertEquals(2, a.channels());
        assertEquals("stereo", a.channelLayout());
        assertEquals("fltp", a.sampleFormat());
        assertTrue(a.bitRate() > 0, "an MP4 says each stream's bit rate");
        assertNull(a.rendition());

        Map<String, Object> map = info.toMap();
        assertEquals(3.0, (Double) map.get("duration_seconds"), 0.1);
        assertEquals("stereo", ((Map<?, ?>) ((List<?>) map.get("streams")).get(1)).get("channel_layout"));
    }

    @Test
    void bytesInMemory() {
        byte[] ts = TestMedia.video(160, 120, 25).seconds(2).toBytes("mpegts", Map.of());
        MediaInfo info = Avline.probe(Input.bytes(ts));
        assertEquals("mpegts", info.format());
        assertEquals(List.of("video", "audio"), info.streams().stream().map(MediaInfo.Stream::type).toList());
        assertEquals(160, info.streams("video").get(0).width());
        assertEquals(2.0, info.durationSeconds(), 0.15);
    }

    @Test
    void playlistOnDisk() {
        Path playlist = TestMedia.video(160, 120, 25).seconds(2).writeHls(dir.resolve(""), 1, "mpegts");
        MediaInfo info = Avline.probe(Input.url(playlist.toString()));
        assertEquals("hls", info.format());
        assertEquals("h264", info.streams("video").get(0).codec());
        assertTrue(info.variants().isEmpty(), "a media playlist has no variants");
    }

    @Test
    void masterPlaylistOverHttp() {
        try (LiveHlsOrigin origin = LiveHlsOrigin.builder().segmentSeconds(1).vod(3).video(320, 240, 25).start()) {
            origin.putResource("/master.m3u8", "application/vnd.apple.mpegurl", String.join("\n",
                    "#EXTM3U",
                    "#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"aud\",NAME=\"English\",LANGUAGE=\"eng\",DEFAULT=YES,AUTOSELECT=YES",
                    "#EXT-X-STREAM-INF:BANDWIDTH=800000,RESOLUTION=160x120,AUDIO=\"aud\"",
                    "live/index.m3u8",
                    "#EXT-X-STREAM-INF:BANDWIDTH=2400000,AVERAGE-BANDWIDTH=2000000,RESOLUTION=320x240,CODECS=\"avc1.42c00d,mp4a.40.2\",AUDIO=\"aud\"",
                    "live/index.m3u8?hi",
                    ""));
            MediaInfo info = Avline.probe(Input.url(origin.baseUrl() + "/master.m3u8"));
            assertEquals("hls", info.format());
            assertEquals(2, info.variants().size(), info.toString());
            MediaInfo.HlsVariant hi = info.variants().get(1);
            assertTrue(hi.chosen() && !info.variants().get(0).chosen(), "the best variant is the one a recording takes");
            assertEquals(2_400_000, info.bitRate());
            assertEquals(2_000_000, hi.averageBandwidth());
            assertEquals("320x240", hi.resolution());
            assertTrue(hi.uri().endsWith("/live/index.m3u8?hi"), hi.uri());
            assertEquals(1, info.renditions().size());
            assertEquals("eng", info.renditions().get(0).language());
            assertNull(info.renditions().get(0).uri(), "the audio is in the variant's segments");
            assertEquals(3.0, info.durationSeconds(), 0.01, "a VOD playlist's EXTINF sum");
            assertEquals(List.of("video", "audio"), info.streams().stream().map(MediaInfo.Stream::type).toList());
            assertEquals(320, info.streams("video").get(0).width());
            assertEquals("main", info.streams("video").get(0).rendition());
            assertEquals(48000, info.streams("audio").get(0).sampleRate());

            MediaInfo worst = Avline.probe(Input.url(origin.baseUrl() + "/master.m3u8").variant(Variant.worst()));
            assertTrue(worst.variants().get(0).chosen());
        }
    }

    @Test
    void livePlaylistHasNoDuration() {
        try (LiveHlsOrigin origin = LiveHlsOrigin.builder().segmentSeconds(1).window(4).initialSegments(4).start()) {
            MediaInfo info = Avline.probe(Input.url(origin.playlistUrl()));
            assertNull(info.durationSeconds());
            assertTrue(info.notes().stream().anyMatch(n -> n.contains("live")), info.notes().toString());
            assertEquals(2, info.streams().size(), info.toString());
        }
    }

    @Test
    void aVariantOutsideThePolicyIsRefusedAndNamed() {
        try (LiveHlsOrigin origin = LiveHlsOrigin.builder().segmentSeconds(1).vod(2).start()) {
            origin.putResource("/evil.m3u8", "application/vnd.apple.mpegurl",
                    "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\nfile:///etc/passwd\n");
            AvlineException e = assertThrows(AvlineException.class, () -> Avline.probe(Input.url(origin.baseUrl() + "/evil.m3u8")));
            assertTrue(e.getMessage().contains("refused by the URL policy") && e.getMessage().contains("file"), e.getMessage());
        }
    }

    @Test
    void badInputFailsWithFfmpegsReason() {
        AvlineException e = assertThrows(AvlineException.class,
                () -> Avline.probe(Input.bytes("this is not media at all, just text".repeat(100).getBytes())));
        assertTrue(e.getMessage().contains("Invalid data found"), e.getMessage());
        Path missing = dir.resolve("missing.ts");
        e = assertThrows(AvlineException.class, () -> Avline.probe(Input.url(missing.toString())));
        assertTrue(e.getMessage().contains(missing.toString()) && e.getMessage().contains("No such file"), e.getMessage());
    }

    @Test
    void capabilitiesListTheBuildAndTheHardware() {
        Capabilities c = Avline.capabilities();
        assertTrue(c.ffmpegVersion().startsWith("7."), c.ffmpegVersion());
        assertTrue(c.libraries().contains("libavcodec 61."), c.libraries());
        assertFalse(c.license().isEmpty());
        assertTrue(c.hasEncoder("aac") && c.hasEncoder("libopenh264"), "encoders of every build");
        assertTrue(c.hasDecoder("h264") && c.hasDecoder("hevc"));
        assertTrue(c.hasMuxer("mpegts") && c.hasMuxer("mp4") && c.hasMuxer("matroska"));
        assertTrue(c.hasFilter("scale") && c.hasFilter("loudnorm"));
        assertFalse(c.hasEncoder("no_such_encoder"));
        assertTrue(c.demuxers().stream().anyMatch(f -> f.name().equals("hls")));
        assertTrue(c.encoders().stream().anyMatch(e -> e.name().equals("h264_nvenc") && e.hardware() && e.codec().equals("h264")));
        assertTrue(c.hardwareTypes().contains("cuda"), c.hardwareTypes().toString());
        assertEquals(List.of("cuda", "vaapi", "qsv"), c.hardware().stream().map(Capabilities.HardwareSupport::kind).toList());
        for (Capabilities.HardwareSupport h : c.hardware()) {
            assertTrue(h.usable() || h.reason() != null, "an unusable kind says why: " + h);
            assertTrue(h.h264EncoderUsable() || h.h264EncoderReason() != null, h.toString());
        }
        // The default natives are FFmpeg's GPL build; the LGPL build (-Davline.lgpl) has no libx264.
        assertEquals(c.license().startsWith("GPL"), c.hasEncoder("libx264"), c.license());
        assertTrue(((List<?>) c.toMap().get("encoders")).contains("aac"));
    }
}
