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
import dev.avline.testkit.MediaProbe;
import dev.avline.testkit.MediaReport;
import dev.avline.testkit.TestMedia;

/** The field's job: a 10 s 720p30 clip with stereo AAC, transcoded with the defaults to TS and to fMP4. */
class TranscodeTest {
    private static final double FRAME = 1 / 30.0;

    @TempDir
    static Path dir;
    static Path input;
    static MediaReport in;

    @BeforeAll
    static void makeInput() {
        input = dir.resolve("in720.ts");
        TestMedia.video(1280, 720, 30).seconds(10).writeTo(input, "mpegts");
        in = MediaProbe.decodeAll(input);
    }

    @Test
    void transcodesToTransportStream() {
        check(transcode(Output.file(dir.resolve("out.ts"))), "mpegts");
    }

    @Test
    void transcodesToFragmentedMp4() {
        check(transcode(Output.file(dir.resolve("out.mp4"), Container.FRAGMENTED_MP4)), "mov,mp4,m4a,3gp,3g2,mj2");
    }

    private static Path transcode(Output output) {
        RecordingResult r = Avline.transcode(Input.url(input.toString()), output, TranscodeSettings.defaults()).run();
        assertEquals(RecordingResult.State.DONE, r.state(), String.valueOf(r.failure()));
        assertTrue(r.bytes() > 0 && r.packets() > 0, r.toString());
        return output.file();
    }

    static void check(Path file, String format) {
        MediaReport out = MediaProbe.decodeAll(file);
        assertEquals(format, out.format());
        assertEquals(2, out.streams().size(), out.toString());
        MediaReport.StreamReport v = out.video();
        MediaReport.StreamReport a = out.audio();
        assertEquals("h264", v.codec());
        assertEquals("aac", a.codec());
        assertEquals(1280, v.width());
        assertEquals(720, v.height());
        assertEquals(2, a.channels());
        assertEquals(48000, a.sampleRate());
        // passthrough: every frame, none duplicated or dropped
        assertEquals(in.video().frames(), v.frames(), out.toString());
        assertEquals(0, out.totalDecodeErrors(), out.toString());
        assertTrue(out.allDtsStrictlyIncreasing(), out.toString());
        // per-stream durations within one frame of the input's
        assertEquals(in.video().duration(), v.duration(), FRAME, "video duration " + out);
        assertEquals(in.audio().duration(), a.duration(), FRAME, "audio duration " + out);
        // audio and video start together (the new AAC priming, 1024 samples, is the difference)
        assertTrue(Math.abs(a.firstPts() - v.firstPts()) < 0.050, "A/V start offset " + (a.firstPts() - v.firstPts()));
    }

    /**
     * The per-frame path allocates nothing: handles are pooled and moved by reference. Run warm (the
     * first run builds filter graphs and loads classes on the stage threads); what remains is setup,
     * a progress snapshot now and then, and the JDK's own queue waits.
     */
    @Test
    void stagesDoNotAllocatePerFrame() {
        Map<String, Long> last = new java.util.LinkedHashMap<>();
        Transcode.allocationReport = last::putAll;
        try {
            transcode(Output.file(dir.resolve("warm.ts")));
            last.clear();
            transcode(Output.file(dir.resolve("measured.ts")));
        } finally {
            Transcode.allocationReport = null;
        }
        assertEquals(8, last.size(), last.toString());
        long packets = in.video().packets() + in.audio().packets();
        for (Map.Entry<String, Long> e : last.entrySet()) {
            if (e.getValue() < 0) continue; // the JVM cannot measure it
            assertTrue(e.getValue() < 64 * 1024 + 100 * packets,
                    e.getKey() + " allocated " + e.getValue() + " bytes for " + packets + " packets: " + last);
        }
        System.out.println("bytes allocated per stage (second run, " + packets + " packets): " + last);
    }
}
