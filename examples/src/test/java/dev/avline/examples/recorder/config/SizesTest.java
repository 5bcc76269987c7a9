package dev.avline.examples.recorder.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SizesTest {
    @Test
    void readsTheFieldsSizesLikeFfmpegDoes() {
        assertEquals(10_000_000L, Sizes.parse("10M"));
        assertEquals(512_000L, Sizes.parse("512k"));
        assertEquals(1_500_000L, Sizes.parse("1.5M"));
        assertEquals(2L * 1024 * 1024, Sizes.parse("2Mi"));
        assertEquals(5_000_000L, Sizes.parse("5000000"));
        assertEquals(3_000_000_000L, Sizes.parse(" 3G "));
    }

    @Test
    void refusesWhatItCannotReadExactly() {
        for (String bad : new String[] {"", "M", "ten", "10MB", "10 megabytes", "-5M", "1e6"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sizes.parse(bad), bad);
            assertEquals("expected a size like 10M, got \"" + bad + "\"", e.getMessage());
        }
    }
}
