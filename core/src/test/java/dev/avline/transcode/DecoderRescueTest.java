package dev.avline.transcode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.avline.ffi.Decoder;
import dev.avline.ffi.Encoder;
import dev.avline.ffi.Frame;
import dev.avline.ffi.InputContainer;
import dev.avline.ffi.Packet;
import dev.avline.ffi.StreamInfo;
import dev.avline.ffi.UnknownOptions;
import dev.avline.testkit.TestMedia;

/**
 * A decoder meant for a device that fails is replaced by a software one. Real and reproducible
 * without a GPU: FFmpeg's own AV1 decoder ("av1", the one that carries NVDEC and VAAPI) decodes
 * nothing without a hwaccel and says so, exactly what happens on a GPU without AV1 decoding.
 */
class DecoderRescueTest {
    @TempDir
    Path dir;

    @Test
    void av1WithoutAHwaccelIsDecodedInSoftwareFromTheNextKeyframe() throws Exception {
        assumeTrue(Encoder.exists("libaom-av1"), "no AV1 encoder in this build");
        Path file = dir.resolve("av1.mkv");
        TestMedia.video(160, 120, 25).seconds(1).videoEncoder("libaom-av1", Map.of("cpu-used", "8", "g", "10", "crf", "40"))
                .writeTo(file, "matroska");
        Control control = new Control();
        List<String> reported = new ArrayList<>();
        long[] at = {-1};
        int frames = 0;
        try (InputContainer in = InputContainer.url(file.toString()).open();
             Link<Packet> packets = new Link<>("packets", 4, Packet::new, Packet::unref, Packet::close, control);
             Link<Frame> decoded = new Link<>("frames", 4, Frame::new, Frame::unref, Frame::close, control)) {
            StreamInfo video = in.streams().stream().filter(s -> "av1".equals(s.codecName())).findFirst().orElseThrow();
            try (Decoder onDevice = Decoder.openNamed("av1", video, Map.of(), UnknownOptions.FAIL, null)) {
                DecodeStage stage = new DecodeStage("decode", control, onDevice, packets, decoded, "vaapi", false, null, null, null)
                        .rescuedBy(new DecodeStage.Rescue() {
                            @Override
                            public Decoder openSoftwareDecoder() {
                                return Decoder.open(video, Map.of(), UnknownOptions.FAIL);
                            }

                            @Override
                            public void fellBack(String reason, long n) {
                                reported.add(reason);
                                at[0] = n;
                            }
                        });
                Thread t = new Thread(stage, "decode");
                Thread feeder = new Thread(() -> {
                    try (Packet p = new Packet()) {
                        while (in.read(p)) {
                            if (p.streamIndex() != video.index()) {
                                p.unref();
                                continue;
                            }
                            Slot<Packet> s = packets.acquire();
                            p.moveTo(s.item);
                            packets.publish(s);
                        }
                    }
                    packets.publishEnd(0);
                }, "feed");
                t.start();
                feeder.start();
                for (;;) {
                    Slot<Frame> s = decoded.take();
                    boolean end = s.end;
                    if (!end) {
                        assertTrue(!s.item.isHardware() && s.item.width() == 160, s.item.formatName());
                        frames++;
                    }
                    decoded.release(s);
                    if (end) break;
                }
                feeder.join(10_000);
                t.join(10_000);
                assertNull(control.failure(), String.valueOf(control.failure()));
            }
        }
        assertEquals(1, reported.size(), reported.toString());
        assertTrue(reported.get(0).startsWith("decoding on vaapi failed after 0 frames"), reported.get(0));
        assertEquals(0, at[0]);
        assertEquals(25, frames, "the failing packet was the first keyframe: it went to the software decoder, nothing lost");
    }
}
