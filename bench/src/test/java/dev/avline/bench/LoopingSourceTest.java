package dev.avline.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LoopingSourceTest {
    @Test
    void repeatsTheClipForeverWithoutEverEnding() {
        byte[] clip = new byte[2 * 188];
        for (int i = 0; i < clip.length; i++) clip[i] = (byte) i;
        LoopingSource s = new LoopingSource(clip);
        byte[] buf = new byte[300];
        int total = 0;
        byte[] seen = new byte[5 * clip.length];
        while (total < seen.length) {
            int n = s.read(buf, 0, buf.length);
            assertTrue(n > 0, "a read returned " + n);
            System.arraycopy(buf, 0, seen, total, Math.min(n, seen.length - total));
            total += n;
        }
        for (int i = 0; i < seen.length; i++) assertEquals(clip[i % clip.length], seen[i], "byte " + i);
        assertEquals(4, s.wraps());
    }

    @Test
    void refusesAClipThatIsNotWholeTransportStreamPackets() {
        assertThrows(IllegalArgumentException.class, () -> new LoopingSource(new byte[189]));
        assertThrows(IllegalArgumentException.class, () -> new LoopingSource(new byte[0]));
    }
}
