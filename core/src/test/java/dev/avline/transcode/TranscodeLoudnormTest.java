package dev.avline.transcode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import dev.avline.events.FilterDelay;
import dev.avline.testkit.MediaProbe;
import dev.avline.testkit.MediaReport;
import dev.avline.testkit.TestMedia;

/**
 * Loudness normalisation: the output reaches the target, A/V stay in sync, and the delay that
 * dynamic loudnorm adds is measured (it holds 3 s of audio before its first output; timestamps are
 * kept, so the output is in sync and only the latency grows).
 */
class TranscodeLoudnormTest {
    private static final double FRAME = 1 / 25.0;

    @TempDir
    static Path dir;
    static Path input;
    static MediaReport in;
    static double inputLoudness;

    @BeforeAll
    static void makeInput() {
        input = dir.resolve("in.ts");
        // 6.1 s: the audio does not end on loudnorm's 100 ms block boundary (its last frame is then mis-stamped)
        TestMedia.video(320, 240, 25).seconds(6.1).writeTo(input, "mpegts");
        in = MediaProbe.decodeAll(input);
        inputLoudness = LoudnessScan.measure(Input.url(input.toString())).get(1).integrated();
    }

    private static RecordingResult run(Path out, Loudnorm loudnorm) {
        RecordingResult r = Avline.transcode(Input.url(input.toString()), Output.file(out),
                TranscodeSettings.builder().audio(AudioSettings.aac().loudnorm(loudnorm)).build()).run();
        assertEquals(RecordingResult.State.DONE, r.state(), String.valueOf(r.failure()));
        return r;
    }

    private static void checkSyncAndLoudness(Path out) {
        MediaReport rep = MediaProbe.decodeAll(out);
        assertEquals(0, rep.totalDecodeErrors(), rep.toString());
        assertTrue(rep.allDtsStrictlyIncreasing(), rep.toString());
        assertEquals(in.video().frames(), rep.video().frames());
        assertEquals(in.audio().duration(), rep.audio().duration(), FRAME, "audio duration " + rep);
        double startOffset = rep.audio().firstPts() - rep.video().firstPts();
        double endOffset = rep.audio().lastPtsEnd() - rep.video().lastPtsEnd();
        System.out.printf("%s: A/V start offset %.1f ms, end offset %.1f ms (input: %.1f / %.1f ms)%n", out.getFileName(),
                startOffset * 1000, endOffset * 1000, (in.audio().firstPts() - in.video().firstPts()) * 1000,
                (in.audio().lastPtsEnd() - in.video().lastPtsEnd()) * 1000);
        assertTrue(Math.abs(startOffset) < 0.050, "A/V start offset " + startOffset);
        assertTrue(Math.abs(endOffset) < 0.050, "A/V end offset " + endOffset);
        double loudness = LoudnessScan.measure(Input.url(out.toString())).get(1).integrated();
        assertTrue(Math.abs(inputLoudness - -16) > 3, "the input must be far from the target: " + inputLoudness);
        assertEquals(-16, loudness, 1.0, "integrated loudness after normalisation");
    }

    @Test
    void dynamicModeReachesTheTargetInSyncAndReportsItsDelay() {
        Path out = dir.resolve("dynamic.ts");
        RecordingResult r = run(out, Loudnorm.ebuR128());
        checkSyncAndLoudness(out);
        List<FilterDelay> delays = r.events().stream().filter(e -> e instanceof FilterDelay).map(e -> (FilterDelay) e).toList();
        assertEquals(1, delays.size(), r.events().toString());
        FilterDelay d = delays.get(0);
        System.out.printf("dynamic loudnorm holds %.3f s of audio before its first output%n", d.seconds());
        assertEquals(3.0, d.seconds(), 0.1, d.toString());
        assertEquals(1, d.stream());
        assertTrue(d.filter().contains("loudnorm=I=-16.00:TP=-1.50:LRA=11.00"), d.filter());
    }

    @Test
    void twoPassLinearModeReachesTheTargetWithoutTheDelay() {
        Path out = dir.resolve("two-pass.ts");
        RecordingResult r = run(out, Loudnorm.ebuR128().withTwoPass(true));
        checkSyncAndLoudness(out);
        assertTrue(r.events().stream().noneMatch(e -> e instanceof FilterDelay), r.events().toString());
    }

    @Test
    void measuresLoudness() {
        Map<Integer, LoudnessMeasurement> m = LoudnessScan.measure(Input.url(input.toString()));
        LoudnessMeasurement a = m.get(1);
        // a sine at amplitude 1/8, spread over two channels: about -21.8 LUFS, peak about -21 dBTP
        assertEquals(-21.8, a.integrated(), 0.5, a.toString());
        assertTrue(a.truePeak() < -19 && a.truePeak() > -23, a.toString());
        assertEquals(a.integrated() - 10, a.threshold(), 1e-9);
    }
}
