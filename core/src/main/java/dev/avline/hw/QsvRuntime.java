package dev.avline.hw;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.avline.ffi.FfmpegBuild;

/**
 * Which Intel QSV dispatcher the loaded FFmpeg was built with, and which runtimes this machine has.
 * The legacy Intel Media SDK dispatcher ({@code --enable-libmfx}, what the bundled build uses) loads
 * {@code libmfxhw64.so.1}, the Media SDK runtime, which supports GPUs up to 11th generation (Ice
 * Lake, Tiger Lake through a compatibility path). 12th-generation and newer Intel GPUs (Alder Lake,
 * Arc, Meteor Lake) have only the oneVPL runtime {@code libmfx-gen.so.1.2}, which only a oneVPL
 * dispatcher ({@code --enable-libvpl}) loads. On those, QSV cannot work with this build: VAAPI
 * (same GPU, iHD driver) can.
 */
final class QsvRuntime {
    static final String LEGACY_RUNTIME = "libmfxhw64.so.1";
    static final String ONEVPL_RUNTIME = "libmfx-gen.so.1.2";

    private QsvRuntime() {
    }

    /** The dispatcher generation of a build from its configure line: "onevpl", "mediasdk" or "none". */
    static String dispatcher(String configuration) {
        if (configuration.contains("--enable-libvpl")) return "onevpl";
        if (configuration.contains("--enable-libmfx")) return "mediasdk";
        return "none";
    }

    /** For a QSV fallback reason: the dispatcher, the runtimes found, and what to do. */
    public static String explain() {
        return explain(dispatcher(FfmpegBuild.configuration()), find(LEGACY_RUNTIME), find(ONEVPL_RUNTIME));
    }

    static String explain(String dispatcher, String legacy, String onevpl) {
        StringBuilder b = new StringBuilder();
        switch (dispatcher) {
            case "mediasdk":
                b.append("this FFmpeg uses the legacy Intel Media SDK dispatcher, which loads ").append(LEGACY_RUNTIME);
                b.append(legacy != null ? " (found: " + legacy + ")" : " (not found)");
                if (onevpl != null && legacy == null) {
                    b.append("; this machine has only the oneVPL runtime (").append(onevpl)
                            .append(", for 12th-generation and newer Intel GPUs), which needs a oneVPL build (--enable-libvpl): use vaapi");
                } else if (legacy == null) {
                    b.append("; install the Media SDK runtime (intel-media-sdk / libmfx1) for GPUs up to 11th generation, or use vaapi");
                }
                break;
            case "onevpl":
                b.append("this FFmpeg uses the oneVPL dispatcher");
                b.append(onevpl != null ? " (runtime " + onevpl + ")" : ", and no oneVPL runtime (" + ONEVPL_RUNTIME + ") was found");
                break;
            default:
                b.append("this FFmpeg was built without QSV");
        }
        return b.toString();
    }

    /** The first of the library directories holding {@code lib}, or null. */
    static String find(String lib) {
        for (String dir : libraryDirs()) {
            Path p = Path.of(dir, lib);
            if (Files.exists(p)) return p.toString();
        }
        return null;
    }

    private static List<String> libraryDirs() {
        Set<String> dirs = new LinkedHashSet<>();
        String ld = System.getenv("LD_LIBRARY_PATH");
        if (ld != null) for (String d : ld.split(":")) if (!d.isBlank()) dirs.add(d);
        dirs.addAll(List.of("/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/lib", "/usr/local/lib", "/usr/local/lib64",
                "/opt/intel/mediasdk/lib64", "/opt/intel/mediasdk/lib"));
        return new ArrayList<>(dirs);
    }
}
