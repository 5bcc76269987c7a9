package dev.avline.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CompareOptionsTest {
    @Test
    void parsesAJobAndItsOptions() {
        Compare.Options o = Compare.Options.parse(new String[] {"remux", "--runs", "12", "--warmup", "0", "--no-memory"});
        assertEquals("remux", o.job);
        assertEquals(12, o.runs);
        assertEquals(0, o.warmups);
        assertTrue(o.noMemory);
        assertNull(o.probeTool);
    }

    @Test
    void rejectsWhatItDoesNotKnowByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Compare.Options.parse(new String[] {"remuxx"}));
        assertTrue(e.getMessage().contains("remuxx"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Compare.Options.parse(new String[] {"segment", "--run", "3"}));
        assertTrue(e.getMessage().contains("--run"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Compare.Options.parse(new String[] {"segment", "--runs", "0"}));
        assertTrue(e.getMessage().contains("--runs"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Compare.Options.parse(new String[] {"segment", "--runs"}));
        assertTrue(e.getMessage().contains("needs a value"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Compare.Options.parse(new String[0]));
    }
}
