package dev.avline.transcode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.avline.ffi.CodecResult;
import dev.avline.ffi.Encoder;
import dev.avline.ffi.FilterGraph;
import dev.avline.ffi.Frame;
import dev.avline.ffi.OutputContainer;
import dev.avline.ffi.Packet;
import dev.avline.ffi.Rational;
import dev.avline.ffi.Timestamps;
import dev.avline.ffi.UnknownOptions;
import dev.avline.testkit.MediaProbe;
import dev.avline.testkit.MediaReport;

/**
 * A hardware encoder that fails mid-stream is replaced by a software one and the job goes on.
 * No encoder on a machine without a GPU fails after N frames on its own, so the failure is
 * injected (as AVERROR_EXTERNAL, what a lost NVENC/VAAPI session returns); the stand-in for the
 * hardware encoder is libx264 taking NV12 in system memory, as h264_qsv does here. Everything
 * else is real: the rescuing encoder is opened, frames go on, and the output is decoded back.
 */
class EncoderRescueTest {
    @TempDir
    Path dir;

    private static final int FRAMES = 50;
    private static final int FAIL_AT = 20;

    @Test
    void aSoftwareEncoderTakesOverAfterNFramesAndNothingWrittenIsLost() throws Exception {
        Rational fps = new Rational(25, 1);
        Rational tb = new Rational(1, 25);
        Map<String, String> opts = Map.of("preset", "ultrafast", "tune", "zerolatency", "threads", "1");
        Control control = new Control();
        Path file = dir.resolve("rescued.ts");
        List<String> reported = new ArrayList<>();
        long[] reportedFrames = {-1};
        try (Link<Frame> frames = new Link<>("frames", 4, Frame::new, Frame::unref, Frame::close, control);
             Link<Packet> packets = new Link<>("packets", 8, Packet::new, Packet::unref, Packet::close, control);
             Encoder primary = Encoder.named("libx264").video(320, 240, "nv12", tb, fps).options(opts).open();
             OutputContainer out = OutputContainer.toUrl(file.toString(), "mpegts");
             FilterGraph source = FilterGraph.describe("testsrc2=size=320x240:rate=25,format=nv12").videoOutput("out").build()) {
            primary.addStreamTo(out);
            out.writeHeader(Map.of(), UnknownOptions.FAIL);
            EncodeStage stage = new EncodeStage("encode", control, primary, frames, packets, 0, fps)
                    .rescuedBy(new EncodeStage.Rescue() {
                        @Override
                        public Encoder open(Rational timeBase, int width, int height) {
                            return Encoder.named("libx264").video(width, height, "nv12", timeBase, fps).options(opts).open();
                        }

                        @Override
                        public void fellBack(String from, String to, String reason, long n) {
                            reported.add(from + " -> " + to + ": " + reason);
                            reportedFrames[0] = n;
                        }
                    })
                    .failAfterFrames(FAIL_AT);
            Thread encoder = new Thread(stage, "encode");
            Thread producer = new Thread(() -> {
                Rational srcTb = source.outputTimeBase(0);
                for (int i = 0; i < FRAMES; i++) {
                    Slot<Frame> s = frames.acquire();
                    if (source.pull(0, s.item) != CodecResult.OK) throw new IllegalStateException("testsrc2 ended");
                    s.timeBase = srcTb;
                    frames.publish(s);
                }
                frames.publishEnd(0);
            }, "frames");
            encoder.start();
            producer.start();
            long lastDts = Timestamps.NOPTS;
            for (;;) {
                Slot<Packet> s = packets.take();
                if (s.end) {
                    packets.release(s);
                    break;
                }
                Packet p = s.item;
                p.rescale(s.timeBase, out.timeBase(0));
                assertTrue(lastDts == Timestamps.NOPTS || p.dts() > lastDts, "DTS " + p.dts() + " after " + lastDts);
                lastDts = p.dts();
                p.setStreamIndex(0);
                out.write(p);
                packets.release(s);
            }
            producer.join(10_000);
            encoder.join(10_000);
            assertNull(control.failure(), String.valueOf(control.failure()));
            out.writeTrailer();
        }
        assertEquals(1, reported.size(), reported.toString());
        assertTrue(reported.get(0).startsWith("libx264 -> libx264: ") && reported.get(0).contains("injected failure"), reported.get(0));
        assertEquals(FAIL_AT, reportedFrames[0]);
        MediaReport rep = MediaProbe.decodeAll(file);
        assertNotNull(rep.video());
        assertEquals(FRAMES, rep.video().frames(), "every frame is in the output: " + rep);
        assertEquals(0, rep.totalDecodeErrors(), rep.toString());
        assertTrue(rep.allDtsStrictlyIncreasing(), rep.toString());
    }
}
