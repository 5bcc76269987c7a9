package dev.avline.ffi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.global.avcodec;
import org.junit.jupiter.api.Test;

/** Choosing decoders for a device, and the errors of devices and GPU filters that are not there. */
class HardwareSetupTest {
    @Test
    void av1DecodesOnADeviceThroughFfmpegsOwnDecoderNotTheDefaultOne() {
        Ffmpeg.ensureLoaded();
        AVCodec byDefault = avcodec.avcodec_find_decoder(avcodec.AV_CODEC_ID_AV1);
        System.out.println("avcodec_find_decoder(AV1) = " + byDefault.name().getString());
        for (String type : new String[] {"cuda", "vaapi"}) {
            AVCodec c = Decoder.decoderFor(avcodec.AV_CODEC_ID_AV1, type);
            assertNotNull(c, type);
            assertEquals("av1", c.name().getString(), type);
        }
        assertEquals("hevc", Decoder.decoderFor(avcodec.AV_CODEC_ID_HEVC, "cuda").name().getString());
        assertEquals("h264", Decoder.decoderFor(avcodec.AV_CODEC_ID_H264, "vaapi").name().getString());
    }

    @Test
    void qsvDecodesThroughItsOwnDecoders() {
        Ffmpeg.ensureLoaded();
        assertEquals("h264_qsv", Decoder.decoderFor(avcodec.AV_CODEC_ID_H264, "qsv").name().getString());
        assertEquals("hevc_qsv", Decoder.decoderFor(avcodec.AV_CODEC_ID_HEVC, "qsv").name().getString());
        assertEquals(null, Decoder.decoderFor(avcodec.AV_CODEC_ID_H264, "nonsense"));
    }

    @Test
    void aQsvDeviceWithAMissingChildDeviceFailsNamingIt() {
        FfmpegException e = assertThrows(FfmpegException.class,
                () -> HwDevice.create("qsv", "hw", Map.of("child_device", "/dev/dri/renderD200", "child_device_type", "vaapi")).close());
        assertTrue(e.getMessage().contains("create qsv device hw") && e.getMessage().contains("/dev/dri/renderD200"), e.getMessage());
    }

    @Test
    void aGpuFilterWithoutADeviceFailsWhileTheGraphIsBuilt() {
        // hwupload reads its device in init: the graph-segment API sets it before (here: none to set)
        FfmpegException e = assertThrows(FfmpegException.class, () -> FilterGraph.describe("format=nv12,hwupload")
                .videoInput("in", 64, 64, org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P, new Rational(1, 25), null, null)
                .videoOutput("out").build().close());
        assertTrue(e.getMessage().contains("hwupload"), e.getMessage());
    }

    @Test
    void labelledAndUnlabelledPadsAreJoinedToTheGraphsSourcesAndSinks() {
        try (FilterGraph g = FilterGraph.describe("[a]scale=32:32[x];[x]format=gray[b]")
                .videoInput("a", 64, 64, org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P, new Rational(1, 25), null, null)
                .videoOutput("b").build()) {
            assertEquals(32, g.outputWidth(0));
            assertEquals("gray", g.outputFormatName(0));
        }
        FfmpegException e = assertThrows(FfmpegException.class, () -> FilterGraph.describe("[nope]scale=32:32")
                .videoInput("a", 64, 64, org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P, new Rational(1, 25), null, null)
                .videoOutput("out").build().close());
        assertTrue(e.getMessage().contains("'nope'"), e.getMessage());
    }
}
