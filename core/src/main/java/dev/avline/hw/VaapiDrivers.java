package dev.avline.hw;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.avline.ffi.NativeEnvironment;

/**
 * Where VA-API drivers ({@code iHD_drv_video.so}, {@code i965_drv_video.so},
 * {@code radeonsi_drv_video.so}) are on this machine. The libva bundled with the FFmpeg jar looks
 * only in Debian/Ubuntu's {@code /usr/lib/x86_64-linux-gnu/dri} unless {@code LIBVA_DRIVERS_PATH}
 * says otherwise; Fedora/RHEL/openSUSE put them in {@code /usr/lib64/dri}, Arch and Alpine in
 * {@code /usr/lib/dri}. When the user has not set the variable, avline sets it for the process
 * (in the C environment, where libva reads it) to the directories that hold drivers, before the
 * first VAAPI or QSV device is created.
 */
final class VaapiDrivers {
    private static final Logger LOG = LoggerFactory.getLogger(VaapiDrivers.class);
    static final String VARIABLE = "LIBVA_DRIVERS_PATH";
    /** The directory the bundled libva was built to search. */
    static final String BUILT_IN = "/usr/lib/x86_64-linux-gnu/dri";
    /** Where the common distributions install them (x86-64 and arm64). */
    static final List<String> KNOWN = List.of(BUILT_IN, "/usr/lib64/dri", "/usr/lib/dri", "/usr/local/lib/dri",
            "/usr/local/lib64/dri", "/usr/lib/x86_64-linux-gnu/dri-nonfree", "/usr/lib64/dri-nonfree",
            "/usr/lib/aarch64-linux-gnu/dri", "/run/opengl-driver/lib/dri");
    private static volatile String note;
    /** The value avline put in the environment, if it did (it stays for the process). */
    private static String setHere;

    private VaapiDrivers() {
    }

    /**
     * Makes sure libva will find the drivers; returns what was decided (for a fallback reason).
     * Idempotent and cheap after the first call.
     */
    public static synchronized String prepare() {
        if (note != null) return note;
        String user = NativeEnvironment.get(VARIABLE);
        if (user != null) {
            note = VARIABLE + "=" + user + (user.equals(setHere) ? " (set by avline)" : " (set by the user)");
            return note;
        }
        List<String> dirs = withDrivers(KNOWN);
        if (dirs.isEmpty()) {
            note = "no VA-API driver (*_drv_video.so) in " + String.join(", ", KNOWN)
                    + "; install intel-media-driver (iHD) or mesa's va drivers, or set " + VARIABLE;
        } else if (dirs.size() == 1 && dirs.get(0).equals(BUILT_IN)) {
            note = "VA-API drivers in " + BUILT_IN;
        } else {
            String value = String.join(":", dirs);
            boolean set = NativeEnvironment.setIfUnset(VARIABLE, value);
            if (set) setHere = value;
            note = set ? VARIABLE + "=" + value + " (set by avline: the drivers are not where the bundled libva looks)"
                    : VARIABLE + "=" + NativeEnvironment.get(VARIABLE);
            LOG.info("VA-API: {}", note);
        }
        return note;
    }

    /** Of {@code candidates}, the existing directories that hold at least one VA-API driver, in order. */
    static List<String> withDrivers(List<String> candidates) {
        List<String> out = new ArrayList<>();
        for (String d : candidates) {
            Path p = Path.of(d);
            if (!Files.isDirectory(p)) continue;
            try (Stream<Path> s = Files.list(p)) {
                if (s.anyMatch(f -> f.getFileName().toString().endsWith("_drv_video.so"))) out.add(d);
            } catch (IOException e) {
                // unreadable: skip
            }
        }
        return out;
    }

    /** Forgets the decision (tests). */
    static synchronized void reset() {
        note = null;
    }
}
