package dev.avline.hw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.avline.Avline;
import dev.avline.Input;
import dev.avline.Output;
import dev.avline.Progress;
import dev.avline.RecordingResult;
import dev.avline.events.Event;
import dev.avline.events.Fallback;
import dev.avline.ffi.InputContainer;
import dev.avline.ffi.StreamInfo;
import dev.avline.testkit.MediaProbe;
import dev.avline.testkit.MediaReport;
import dev.avline.testkit.TestMedia;
import dev.avline.transcode.TranscodeSettings;

/** Hardware on a machine without any: probing is real, cached, fast, and every step down is an event. */
class HardwareFallbackTest {
    @TempDir
    static Path dir;
    static Path input;

    @BeforeAll
    static void makeInput() {
        input = dir.resolve("in.ts");
        TestMedia.video(320, 240, 25).seconds(2).writeTo(input, "mpegts");
    }

    private static boolean anyDevice() {
        for (HwKind k : HwKind.values()) {
            if (HwProbe.device(k, null).ok()) return true;
        }
        return false;
    }

    @Test
    void autoFallsBackToSoftwareWithAFallbackEvent() {
        assumeFalse(anyDevice(), "this machine has a GPU device: HardwareTranscodeTest covers it");
        List<Progress> progress = new ArrayList<>();
        Path out = dir.resolve("auto.ts");
        RecordingResult r = Avline.transcode(Input.url(input.toString()), Output.file(out),
                TranscodeSettings.builder().hardware(Hardware.auto()).build()).onProgress(progress::add).run();
        assertEquals(RecordingResult.State.DONE, r.state(), String.valueOf(r.failure()));
        List<Fallback> fallbacks = fallbacks(r.events());
        assertEquals(1, fallbacks.size(), r.events().toString());
        Fallback f = fallbacks.get(0);
        assertEquals("device", f.stage());
        assertEquals("auto", f.from());
        assertEquals("software", f.to());
        for (String kind : new String[] {"cuda", "vaapi", "qsv"}) assertTrue(f.reason().contains(kind + ":"), f.reason());
        if (!java.nio.file.Files.isDirectory(Path.of("/dev/dri"))) {
            assertTrue(f.reason().contains("this machine has no /dev/dri render node"), f.reason());
        }
        assertEquals("fallback", f.kind());
        assertEquals(Map.of("stage", "device", "from", "auto", "to", "software", "reason", f.reason()), f.details());
        assertEquals("none", progress.get(progress.size() - 1).hardware());
        MediaReport rep = MediaProbe.decodeAll(out);
        assertEquals(50, rep.video().frames());
        assertEquals(0, rep.totalDecodeErrors());
    }

    @Test
    void anExplicitKindWithoutItsDeviceFallsBackWithFfmpegsReason() {
        assumeFalse(HwProbe.device(HwKind.VAAPI, "/dev/dri/renderD128").ok());
        Path out = dir.resolve("vaapi.ts");
        RecordingResult r = Avline.transcode(Input.url(input.toString()), Output.file(out),
                TranscodeSettings.builder().hardware(Hardware.of(HwAccel.VAAPI).device("/dev/dri/renderD128")).build()).run();
        assertEquals(RecordingResult.State.DONE, r.state(), String.valueOf(r.failure()));
        Fallback f = fallbacks(r.events()).get(0);
        assertEquals("vaapi:/dev/dri/renderD128", f.from());
        System.out.println("fallback reason: " + f.reason());
        assertTrue(f.reason().contains("create vaapi device /dev/dri/renderD128 failed"), f.reason());
        if (!java.nio.file.Files.exists(Path.of("/dev/dri/renderD128"))) {
            assertTrue(f.reason().contains("(/dev/dri/renderD128 does not exist)"), "what was missing: " + f.reason());
        }
    }

    @Test
    void aForcedQsvWithoutItsDeviceNamesTheChildDeviceAndTheDispatcher() {
        assumeFalse(HwProbe.device(HwKind.QSV, "/dev/dri/renderD128").ok());
        Path out = dir.resolve("qsv.ts");
        RecordingResult r = Avline.transcode(Input.url(input.toString()), Output.file(out),
                TranscodeSettings.builder().hardware(Hardware.of(HwAccel.QSV).device("/dev/dri/renderD128")).build()).run();
        assertEquals(RecordingResult.State.DONE, r.state(), String.valueOf(r.failure()));
        List<Fallback> fallbacks = fallbacks(r.events());
        assertEquals(1, fallbacks.size(), r.events().toString());
        String why = fallbacks.get(0).reason();
        System.out.println("qsv fallback reason: " + why);
        assertTrue(why.contains("create qsv device hw") && why.contains("child_device=/dev/dri/renderD128"), why);
        assertTrue(why.contains("legacy Intel Media SDK dispatcher") && why.contains("libmfxhw64.so.1"), why);
        assertTrue(why.contains("LIBVA_DRIVERS_PATH") || why.contains("VA-API drivers in"), "what was found of libva's drivers: " + why);
        assertEquals(50, MediaProbe.decodeAll(out).video().frames());
        assertEquals(0, SharedDevices.open(), "no device kept for a finished job");
    }

    @Test
    void aForcedCudaDeviceThatDoesNotExistIsNamed() {
        assumeFalse(HwProbe.device(HwKind.CUDA, "3").ok());
        RecordingResult r = Avline.transcode(Input.url(input.toString()), Output.file(dir.resolve("cuda3.ts")),
                TranscodeSettings.builder().hardware(Hardware.of(HwAccel.CUDA).device("3")).build()).run();
        assertEquals(RecordingResult.State.DONE, r.state(), String.valueOf(r.failure()));
        Fallback f = fallbacks(r.events()).get(0);
        assertEquals("cuda:3", f.from());
        assertTrue(f.reason().contains("create cuda device 3 failed"), f.reason());
        assertEquals(0, f.frames(), "before the first frame");
        assertFalse(f.details().containsKey("frames"));
    }

    @Test
    void probesAreCachedPerProcess() {
        HwProbe.Result first = HwProbe.device(HwKind.CUDA, null);
        HwProbe.Result again = HwProbe.device(HwKind.CUDA, null);
        assertSame(first, again);
        if (!first.ok()) {
            assertNotNull(first.reason());
            assertTrue(first.millis() < 5_000, "a missing driver must fail fast: " + first);
            HwProbe.Result encoder = HwProbe.encoder(HwKind.CUDA, null, "h264_nvenc");
            assertFalse(encoder.ok());
            assertEquals(first.reason(), encoder.reason(), "no device, no encoder probe");
        }
    }

    @Test
    void noneMeansNoProbeAtAll() {
        try (InputContainer in = InputContainer.url(input.toString()).open()) {
            StreamInfo video = in.streams().get(0);
            HwPlan plan = HwPlanner.plan(Hardware.none(), video, "libx264", Map.of(), null);
            assertEquals("none", plan.describe());
            assertTrue(plan.fallbacks().isEmpty());
            assertFalse(plan.usesDevice());
            assertEquals("libx264", plan.encoder());
        }
    }

    @Test
    void eachKindNamesItsEncodersAndFilters() {
        assertEquals("h264_nvenc", HwKind.CUDA.encoderFor("h264"));
        assertEquals("hevc_vaapi", HwKind.VAAPI.encoderFor("hevc"));
        assertEquals("h264_qsv", HwKind.QSV.encoderFor("h264"));
        assertEquals("main", HwKind.VAAPI.defaultOptions("h264").get("profile"));
        assertTrue(HwKind.CUDA.takesGpuFrames());
        assertFalse(HwKind.QSV.takesGpuFrames());
        assertEquals("scale_cuda", HwKind.CUDA.scaleFilter());
    }

    private static List<Fallback> fallbacks(List<Event> events) {
        return events.stream().filter(e -> e instanceof Fallback).map(e -> (Fallback) e).toList();
    }
}
