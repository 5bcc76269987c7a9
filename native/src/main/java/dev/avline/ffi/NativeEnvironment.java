package dev.avline.ffi;

import java.util.ArrayList;
import java.util.List;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * The process's C environment, the one native libraries read with {@code getenv} (libva reads
 * {@code LIBVA_DRIVERS_PATH} there when a VAAPI device is created). Java cannot change it:
 * {@code System.getenv()} is a copy taken at start-up, and neither the JDK 17 nor FFmpeg nor the
 * JavaCPP bindings expose {@code setenv}. What JavaCPP does expose is {@link Loader#addressof}, the
 * address of a symbol of the process: that of the C library's {@code environ} variable. A variable
 * is added the way {@code setenv} itself does it: a new array with the old entries plus the new
 * one, written into {@code environ}. The old array and every string stay valid (other threads may
 * be reading them) and the new ones are never freed: a few bytes, once per variable per process.
 */
public final class NativeEnvironment {
    /** What the C library was handed: kept reachable so JavaCPP never frees it. */
    private static final List<Pointer> HANDED_TO_LIBC = new ArrayList<>();

    private NativeEnvironment() {
    }

    private static PointerPointer<BytePointer> environVariable() {
        Ffmpeg.ensureLoaded();
        Pointer addr = Loader.addressof("environ");
        if (addr == null || addr.isNull()) addr = Loader.addressof("__environ");
        if (addr == null || addr.isNull()) throw new IllegalStateException("the C library's environ variable was not found");
        return new PointerPointer<>(addr);
    }

    /** The value native code sees for {@code name}, or null when it is not set. */
    public static synchronized String get(String name) {
        PointerPointer<BytePointer> env = new PointerPointer<>(environVariable().get(0));
        if (env.isNull()) return null;
        String prefix = name + "=";
        for (int i = 0; ; i++) {
            Pointer p = env.get(i);
            if (p == null || p.isNull()) return null;
            String entry = new BytePointer(p).getString();
            if (entry.startsWith(prefix)) return entry.substring(prefix.length());
        }
    }

    /**
     * Sets {@code name} for native code when it is not set already (a value the user gave always
     * wins). Returns true when it was set here. Call before the library that reads it first does.
     */
    public static synchronized boolean setIfUnset(String name, String value) {
        if (name.isEmpty() || name.indexOf('=') >= 0 || value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("environment: bad variable '" + name + "'");
        }
        if (get(name) != null) return false;
        PointerPointer<BytePointer> variable = environVariable();
        Pointer old = variable.get(0);
        PointerPointer<BytePointer> oldEnv = old == null || old.isNull() ? null : new PointerPointer<>(old);
        int n = 0;
        while (oldEnv != null && oldEnv.get(n) != null && !oldEnv.get(n).isNull()) n++;
        PointerPointer<BytePointer> fresh = new PointerPointer<>(n + 2);
        for (int i = 0; i < n; i++) fresh.put(i, oldEnv.get(i));
        BytePointer entry = new BytePointer(name + "=" + value);
        fresh.put(n, entry);
        fresh.put(n + 1, (Pointer) null);
        HANDED_TO_LIBC.add(entry);
        HANDED_TO_LIBC.add(fresh);
        variable.put(0, fresh);
        return true;
    }

    /**
     * Removes {@code name} from the C environment (tests that set a variable FFmpeg reads must leave
     * the process as they found it). Returns true when it was there.
     */
    static synchronized boolean remove(String name) {
        PointerPointer<BytePointer> variable = environVariable();
        Pointer old = variable.get(0);
        if (old == null || old.isNull()) return false;
        PointerPointer<BytePointer> oldEnv = new PointerPointer<>(old);
        int n = 0;
        while (oldEnv.get(n) != null && !oldEnv.get(n).isNull()) n++;
        PointerPointer<BytePointer> fresh = new PointerPointer<>(n + 1);
        int k = 0;
        boolean found = false;
        for (int i = 0; i < n; i++) {
            Pointer p = oldEnv.get(i);
            if (new BytePointer(p).getString().startsWith(name + "=")) {
                found = true;
            } else {
                fresh.put(k++, p);
            }
        }
        if (!found) return false;
        fresh.put(k, (Pointer) null);
        HANDED_TO_LIBC.add(fresh);
        variable.put(0, fresh);
        return true;
    }
}
