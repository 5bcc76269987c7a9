package dev.avline.hw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.avline.ffi.FfmpegBuild;

/** How devices are found and configured as users' machines have them. */
class HwSetupTest {
    @TempDir
    Path dir;

    @Test
    void renderNodesAreOrderedForEachBackend() throws Exception {
        Path dev = Files.createDirectories(dir.resolve("dev/dri"));
        Path sys = dir.resolve("sys/class/drm");
        Files.createFile(dev.resolve("card0"));
        for (String[] n : new String[][] {{"renderD128", "0x10de", "nvidia"}, {"renderD129", "0x8086", "i915"}, {"renderD130", "0x1002", "amdgpu"}}) {
            Files.createFile(dev.resolve(n[0]));
            Path d = Files.createDirectories(sys.resolve(n[0]).resolve("device"));
            Files.writeString(d.resolve("vendor"), n[1] + "\n");
            Path drv = Files.createDirectories(dir.resolve("drivers").resolve(n[2]));
            Files.createSymbolicLink(d.resolve("driver"), drv);
        }
        List<RenderNodes.Node> all = RenderNodes.list(dev, sys);
        assertEquals(3, all.size(), all.toString());
        assertEquals("nvidia", all.get(0).driver());
        assertEquals(List.of("renderD129", "renderD130", "renderD128"), names(RenderNodes.forVaapi(all)), "Intel and AMD before NVIDIA");
        assertEquals(List.of("renderD129"), names(RenderNodes.forQsv(all)), "QSV only on Intel");
        assertTrue(all.get(1).toString().contains("Intel, i915"), all.get(1).toString());
        assertTrue(RenderNodes.list(dir.resolve("none"), sys).isEmpty());
    }

    private static List<String> names(List<RenderNodes.Node> nodes) {
        return nodes.stream().map(n -> Path.of(n.path()).getFileName().toString()).toList();
    }

    @Test
    void vaapiDriverDirectoriesAreFoundWhereTheDistributionsPutThem() throws Exception {
        Path fedora = Files.createDirectories(dir.resolve("usr/lib64/dri"));
        Path arch = Files.createDirectories(dir.resolve("usr/lib/dri"));
        Path empty = Files.createDirectories(dir.resolve("usr/lib/x86_64-linux-gnu/dri"));
        Files.createFile(fedora.resolve("iHD_drv_video.so"));
        Files.createFile(arch.resolve("radeonsi_drv_video.so"));
        Files.createFile(empty.resolve("swrast_dri.so")); // a Mesa GL driver, not a VA-API one
        assertEquals(List.of(fedora.toString(), arch.toString()),
                VaapiDrivers.withDrivers(List.of(empty.toString(), fedora.toString(), arch.toString(), dir.resolve("nope").toString())));
        assertTrue(VaapiDrivers.KNOWN.containsAll(List.of("/usr/lib/x86_64-linux-gnu/dri", "/usr/lib64/dri", "/usr/lib/dri")));
    }

    @Test
    void theQsvDispatcherGenerationIsNamed() {
        assertEquals("mediasdk", QsvRuntime.dispatcher(FfmpegBuild.configuration()), "the bundled build: " + FfmpegBuild.configuration());
        assertEquals("onevpl", QsvRuntime.dispatcher("--enable-gpl --enable-libvpl"));
        String onlyOneVpl = QsvRuntime.explain("mediasdk", null, "/usr/lib/x86_64-linux-gnu/libmfx-gen.so.1.2");
        assertTrue(onlyOneVpl.contains("legacy Intel Media SDK dispatcher") && onlyOneVpl.contains("12th-generation")
                && onlyOneVpl.contains("use vaapi"), onlyOneVpl);
        String nothing = QsvRuntime.explain("mediasdk", null, null);
        assertTrue(nothing.contains("libmfxhw64.so.1 (not found)"), nothing);
        assertTrue(QsvRuntime.explain().contains("dispatcher"), QsvRuntime.explain());
    }

    @Test
    void aQsvRenderNodeIsItsChildDevice() {
        DeviceSpec qsv = DeviceSpec.of(HwKind.QSV, "/dev/dri/renderD129");
        assertEquals("hw", qsv.device());
        assertEquals(Map.of("child_device", "/dev/dri/renderD129", "child_device_type", "vaapi"), qsv.options());
        assertEquals("/dev/dri/renderD129", qsv.renderNode());
        assertEquals("qsv hw (child_device=/dev/dri/renderD129)", qsv.describe());
        assertEquals("auto", DeviceSpec.of(HwKind.QSV, "auto").device());
        assertEquals(Map.of(), DeviceSpec.of(HwKind.VAAPI, "/dev/dri/renderD128").options());
        assertNull(DeviceSpec.of(HwKind.CUDA, null).device());
    }

    @Test
    void nvdecThreadsKeepTheSurfacesWithinItsBudget() {
        for (String codec : new String[] {"h264", "hevc", "av1", "vp9", "mpeg2video"}) {
            for (int cores : new int[] {1, 2, 16, 64, 192}) {
                int t = NvdecBudget.threads(codec, 0, cores);
                assertTrue(t >= 1, codec + " " + cores);
                assertTrue(NvdecBudget.surfaces(codec, t) <= NvdecBudget.MAX_SURFACES, codec + " on " + cores + " cores: " + t + " threads");
            }
            int capped = NvdecBudget.threads(codec, 64, 64); // a settings cap too large for the budget
            assertTrue(NvdecBudget.surfaces(codec, capped) <= NvdecBudget.MAX_SURFACES, codec + ": " + capped);
        }
        assertEquals(2, NvdecBudget.threads("h264", 2, 16), "a smaller cap is kept");
        // what threads=auto would have done on 16 cores (17 threads) with H.264's DPB: past the budget
        assertTrue(NvdecBudget.surfaces("h264", 17) > NvdecBudget.MAX_SURFACES);
    }

    @Test
    void encoderChoicesStepDownToWhatLowPowerEncodersAccept() {
        List<Map<String, String>> vaapi = HwKind.VAAPI.encoderChoices("h264", 23.0, Map.of("g", "50"), Map.of());
        assertEquals(Map.of("profile", "main", "global_quality", "23", "g", "50"), vaapi.get(0));
        assertEquals("CQP", vaapi.get(1).get("rc_mode"));
        assertEquals("constrained_baseline", vaapi.get(2).get("profile"));
        assertEquals(Map.of("g", "50"), vaapi.get(vaapi.size() - 1), "the last choice asks nothing of the hardware");
        assertFalse(vaapi.get(0).containsKey("rc_mode"), "rate control left to VAAPI's auto: ICQ/QVBR/CQP, whichever exists");
        List<Map<String, String>> withBitrate = HwKind.CUDA.encoderChoices("h264", 23.0, Map.of("b", "3000000"), Map.of("preset", "p4"));
        for (Map<String, String> c : withBitrate) {
            assertFalse(c.containsKey("cq"), "a bitrate replaces the quality: " + c);
            assertEquals("p4", c.get("preset"), "the caller's options win in every choice");
        }
        assertEquals(withBitrate.size(), withBitrate.stream().distinct().count(), "no choice tried twice");
        assertEquals("main", HwKind.QSV.defaultOptions("h264").get("profile"));
    }
}
