package dev.avline.ffi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The C environment native libraries read (libva's LIBVA_DRIVERS_PATH), set from Java. */
class NativeEnvironmentTest {
    @Test
    void aVariableSetHereIsInTheCEnvironmentAndAUsersValueWins() {
        String name = "AVLINE_TEST_" + Long.toHexString(System.nanoTime());
        assertNull(NativeEnvironment.get(name));
        assertTrue(NativeEnvironment.setIfUnset(name, "/usr/lib64/dri:/usr/lib/dri"));
        assertEquals("/usr/lib64/dri:/usr/lib/dri", NativeEnvironment.get(name));
        assertFalse(NativeEnvironment.setIfUnset(name, "/elsewhere"), "a value already there is never replaced");
        assertEquals("/usr/lib64/dri:/usr/lib/dri", NativeEnvironment.get(name));
    }

    @Test
    void theEnvironmentTheJvmStartedWithIsStillThere() {
        String path = System.getenv("PATH");
        if (path != null) assertEquals(path, NativeEnvironment.get("PATH"));
        assertTrue(NativeEnvironment.setIfUnset("AVLINE_TEST_OTHER_" + Long.toHexString(System.nanoTime()), "1"));
        if (path != null) assertEquals(path, NativeEnvironment.get("PATH"), "the old entries are kept");
    }
}
