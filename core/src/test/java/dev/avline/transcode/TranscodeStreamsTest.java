package dev.avline.transcode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.avline.Avline;
import dev.avline.Container;
import dev.avline.Input;
import dev.avline.Output;
import dev.avline.RecordingResult;
import dev.avline.events.StreamSkipped;
import dev.avline.testkit.MediaProbe;
import dev.avline.testkit.MediaReport;
import dev.avline.testkit.TestMedia;

/** Which streams reach the output, and how: every audio track, track selection, copy beside transcode, filters. */
class TranscodeStreamsTest {
    private static final double FRAME = 1 / 25.0;

    @TempDir
    static Path dir;
    static Path twoTracks;
    static MediaReport twoTracksIn;

    @BeforeAll
    static void makeInput() {
        twoTracks = dir.resolve("two.ts");
        TestMedia.video(320, 240, 25).audioTracks(2).seconds(3).writeTo(twoTracks, "mpegts");
        twoTracksIn = MediaProbe.decodeAll(twoTracks);
    }

    private static RecordingResult run(Path in, Output out, TranscodeSettings s) {
        RecordingResult r = Avline.transcode(Input.url(in.toString()), out, s).run();
        assertEquals(RecordingResult.State.DONE, r.state(), String.valueOf(r.failure()));
        return r;
    }

    @Test
    void everyAudioTrackIsKept() {
        for (Container c : Container.values()) {
            Path out = dir.resolve("all-" + c.shortName() + c.extension());
            run(twoTracks, Output.file(out, c), TranscodeSettings.defaults());
            MediaReport rep = MediaProbe.decodeAll(out);
            assertEquals(2, rep.ofType("audio").size(), rep.toString());
            assertEquals(0, rep.totalDecodeErrors(), rep.toString());
            for (int i = 0; i < 2; i++) {
                assertEquals(twoTracksIn.ofType("audio").get(i).duration(), rep.ofType("audio").get(i).duration(), FRAME, rep.toString());
            }
        }
    }

    @Test
    void selectedTracksOnly() {
        Path out = dir.resolve("second.ts");
        RecordingResult r = run(twoTracks, Output.file(out), TranscodeSettings.builder().audioTracks(1).build());
        MediaReport rep = MediaProbe.decodeAll(out);
        assertEquals(1, rep.ofType("audio").size(), rep.toString());
        assertTrue(r.events().stream().anyMatch(e -> e instanceof StreamSkipped s && s.reason().contains("track 0")),
                r.events().toString());
    }

    @Test
    void aacIsCopiedIntoTransportStreamWhileVideoIsTranscoded() {
        Path out = dir.resolve("mixed.ts");
        TranscodeSettings s = TranscodeSettings.builder().video(VideoSettings.h264().scale(160, -2))
                .audio(AudioSettings.aac().copyIfMatching()).audioTracks(0).build();
        run(twoTracks, Output.file(out), s);
        MediaReport rep = MediaProbe.decodeAll(out);
        assertEquals(160, rep.video().width());
        assertEquals(120, rep.video().height());
        MediaReport.StreamReport inAudio = twoTracksIn.ofType("audio").get(0);
        assertEquals(inAudio.packets(), rep.audio().packets(), "copied packet for packet: " + rep);
        assertEquals(inAudio.duration(), rep.audio().duration(), 1e-3, rep.toString());
        assertEquals(twoTracksIn.video().frames(), rep.video().frames());
        assertTrue(Math.abs(rep.audio().firstPts() - rep.video().firstPts()) < 0.050, rep.toString());
    }

    @Test
    void adtsAacIsCopiedIntoFragmentedMp4() {
        Path out = dir.resolve("mixed.mp4");
        run(twoTracks, Output.file(out), TranscodeSettings.builder().audio(AudioSettings.aac().copyIfMatching()).build());
        MediaReport rep = MediaProbe.decodeAll(out);
        assertEquals(2, rep.ofType("audio").size());
        assertEquals(0, rep.totalDecodeErrors(), rep.toString());
        assertEquals(twoTracksIn.ofType("audio").get(0).packets(), rep.ofType("audio").get(0).packets());
    }

    @Test
    void audioThatDoesNotMatchIsTranscodedAndVideoCopied() {
        Path mp2 = dir.resolve("mp2.ts");
        TestMedia.video(320, 240, 25).seconds(2).audioEncoder("mp2", Map.of()).writeTo(mp2, "mpegts");
        MediaReport in = MediaProbe.decodeAll(mp2);
        Path out = dir.resolve("mp2-to-aac.ts");
        run(mp2, Output.file(out), TranscodeSettings.builder().video(VideoSettings.copy())
                .audio(AudioSettings.aac().copyIfMatching().channels(1).sampleRate(44100)).build());
        MediaReport rep = MediaProbe.decodeAll(out);
        assertEquals("aac", rep.audio().codec());
        assertEquals(44100, rep.audio().sampleRate());
        assertEquals(1, rep.audio().channels());
        assertEquals(in.video().packets(), rep.video().packets(), "video copied");
        assertEquals(in.audio().duration(), rep.audio().duration(), FRAME, rep.toString());
        assertEquals(0, rep.totalDecodeErrors());
    }

    @Test
    void scalesDeinterlacesAndUsesAnyEncoderByName() {
        Path interlaced = dir.resolve("interlaced.ts");
        TestMedia.video(320, 240, 25).seconds(2).videoEncoder("libx264",
                Map.of("preset", "ultrafast", "flags", "+ildct+ilme", "x264-params", "tff=1")).writeTo(interlaced, "mpegts");
        Path out = dir.resolve("mpeg4.ts");
        run(interlaced, Output.file(out), TranscodeSettings.builder()
                .video(VideoSettings.encoder("mpeg4").bitrate(400_000).gop(12).option("mpeg_quant", "1")
                        .scale(-2, 120).deinterlace(Deinterlace.BWDIF)).build());
        MediaReport rep = MediaProbe.decodeAll(out);
        assertEquals("mpeg4", rep.video().codec());
        assertEquals(160, rep.video().width());
        assertEquals(120, rep.video().height());
        assertEquals(50, rep.video().frames(), "one frame per frame: " + rep);
        assertEquals(0, rep.totalDecodeErrors());
    }

    @Test
    void audioOnlyAndVideoOnlyInputs() {
        Path audio = dir.resolve("audio.ts");
        TestMedia.audioOnly().seconds(2).writeTo(audio, "mpegts");
        Path out = dir.resolve("audio-out.mp4");
        run(audio, Output.file(out), TranscodeSettings.defaults());
        MediaReport rep = MediaProbe.decodeAll(out);
        assertEquals(1, rep.streams().size(), rep.toString());
        assertEquals("aac", rep.audio().codec());
        assertEquals(MediaProbe.decodeAll(audio).audio().duration(), rep.audio().duration(), FRAME);

        Path video = dir.resolve("video.ts");
        TestMedia.video(320, 240, 25).audioTracks(0).seconds(2).writeTo(video, "mpegts");
        Path vout = dir.resolve("video-out.ts");
        run(video, Output.file(vout), TranscodeSettings.defaults());
        MediaReport vrep = MediaProbe.decodeAll(vout);
        assertEquals(1, vrep.streams().size(), vrep.toString());
        assertEquals(50, vrep.video().frames());
    }
}
