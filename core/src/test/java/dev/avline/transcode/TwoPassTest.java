package dev.avline.transcode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.avline.Avline;
import dev.avline.Input;
import dev.avline.Output;
import dev.avline.RecordingResult;
import dev.avline.ffi.InputContainer;
import dev.avline.ffi.Packet;
import dev.avline.hlsout.HlsOutput;
import dev.avline.hlsout.MediaPlaylist;
import dev.avline.testkit.MediaProbe;
import dev.avline.testkit.MediaReport;
import dev.avline.testkit.TestMedia;

/**
 * x264 two-pass for a finished file: the output has every frame at the bitrate asked for, the
 * loudness measured in the same first pass is applied, and the statistics directory is gone.
 */
class TwoPassTest {
    static final long VIDEO_BITRATE = 500_000;

    @TempDir
    static Path dir;
    static Path input;
    static MediaReport in;

    @BeforeAll
    static void makeInput() {
        input = dir.resolve("in.ts");
        TestMedia.video(640, 360, 25).seconds(8).writeTo(input, "mpegts");
        in = MediaProbe.decodeAll(input);
    }

    @Test
    void singleOutputAtTheBitrateWithLoudnessFromTheSameFirstPass() throws IOException {
        Set<Path> before = statsDirectories();
        Path out = dir.resolve("two-pass.ts");
        TranscodeSettings s = TranscodeSettings.builder()
                .video(VideoSettings.h264().preset("veryfast").profile("high").bitrate(VIDEO_BITRATE))
                .audio(AudioSettings.aac().loudnorm(Loudnorm.ebuR128())) // made two-pass by twoPass(true)
                .twoPass(true).build();
        assertTrue(s.audio().loudnorm().twoPass(), "loudnorm joins the first pass");
        RecordingResult r = Avline.transcode(Input.url(input.toString()), Output.file(out), s).run();
        assertEquals(RecordingResult.State.DONE, r.state(), String.valueOf(r.failure()));
        MediaReport m = MediaProbe.decodeAll(out);
        assertEquals(0, m.totalDecodeErrors(), m.toString());
        assertTrue(m.allDtsStrictlyIncreasing(), m.toString());
        assertEquals(in.video().frames(), m.video().frames(), m.toString());
        double kbps = streamBytes(out).get(0) * 8 / m.video().duration() / 1000;
        // x264's second pass lands within a few percent of the target on a whole file
        assertEquals(VIDEO_BITRATE / 1000.0, kbps, VIDEO_BITRATE / 1000.0 * 0.05, "video kbit/s");
        double loudness = LoudnessScan.measure(Input.url(out.toString())).get(1).integrated();
        assertEquals(-16, loudness, 1.0, "integrated loudness after linear two-pass loudnorm");
        assertEquals(before, statsDirectories(), "the statistics directory is removed");
    }

    @Test
    void ladderInTwoPasses() throws IOException {
        Path out = dir.resolve("ladder");
        Ladder ladder = Ladder.builder()
                .rendition(Rendition.of("360p", 640, 360, 600_000))
                .rendition(Rendition.of("180p", 320, 180, 200_000))
                .video(VideoSettings.h264().preset("veryfast").profile("high"))
                .twoPass(true).build();
        RecordingResult r = Avline.ladder(Input.url(input.toString()), HlsOutput.vod(out).segmentSeconds(2), ladder).run();
        assertEquals(RecordingResult.State.DONE, r.state(), String.valueOf(r.failure()));
        for (Rendition rendition : ladder.renditions()) {
            Path playlist = out.resolve(rendition.name()).resolve("index.m3u8");
            MediaPlaylist p = MediaPlaylist.parse(Files.readString(playlist));
            assertEquals(4, p.segments().size(), p.toString());
            MediaReport m = MediaProbe.decodeAll(playlist);
            assertEquals(in.video().frames(), m.video().frames(), m.toString());
            long videoBytes = 0;
            for (MediaPlaylist.Segment seg : p.segments()) videoBytes += streamBytes(out.resolve(rendition.name()).resolve(seg.uri())).get(0);
            double kbps = videoBytes * 8 / m.video().duration() / 1000;
            assertEquals(rendition.bitrate() / 1000.0, kbps, rendition.bitrate() / 1000.0 * 0.08, rendition.name() + " video kbit/s");
        }
    }

    /** Payload bytes per stream index. */
    static Map<Integer, Long> streamBytes(Path file) {
        Map<Integer, Long> bytes = new HashMap<>();
        try (InputContainer c = InputContainer.url(file.toString()).open(); Packet p = new Packet()) {
            while (c.read(p)) {
                bytes.merge(p.streamIndex(), (long) p.size(), Long::sum);
                p.unref();
            }
        }
        return bytes;
    }

    static Set<Path> statsDirectories() throws IOException {
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.filter(p -> p.getFileName().toString().startsWith("avline-two-pass-")).collect(Collectors.toSet());
        }
    }
}
