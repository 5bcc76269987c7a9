package dev.avline.ffi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

class AddressMapTest {
    @Test
    void behavesLikeAMapThroughGrowthAndRemoval() {
        AddressMap<String> map = new AddressMap<>();
        Map<Long, String> expected = new HashMap<>();
        Random random = new Random(42);
        for (int i = 0; i < 5000; i++) {
            // aligned addresses, as malloc returns them, in a narrow range: the worst case for a naive hash
            long address = 0x7f00_0000_0000L + 16L * random.nextInt(600);
            if (random.nextInt(3) == 0) {
                map.remove(address);
                expected.remove(address);
            } else {
                String v = "v" + i;
                map.put(address, v);
                expected.put(address, v);
            }
            assertEquals(expected.size(), map.size());
        }
        for (int a = 0; a < 600; a++) {
            long address = 0x7f00_0000_0000L + 16L * a;
            assertSame(expected.get(address), map.get(address), "address " + Long.toHexString(address));
        }
    }

    @Test
    void unknownAndRemovedAddressesGiveNull() {
        AddressMap<Object> map = new AddressMap<>();
        Object o = new Object();
        map.put(4096, o);
        assertSame(o, map.get(4096));
        assertNull(map.get(8192));
        map.remove(4096);
        assertNull(map.get(4096));
        map.remove(4096); // removing twice is harmless
        assertEquals(0, map.size());
        assertThrows(IllegalArgumentException.class, () -> map.put(0, o));
    }

    @Test
    void anOwnerRemovesOnlyItsOwnEntry() {
        AddressMap<Object> map = new AddressMap<>();
        Object first = new Object();
        Object second = new Object();
        map.put(4096, first);
        map.put(4096, second); // the address now names another owner's registration
        assertEquals(false, map.remove(4096, first), "a stale owner must not remove the new entry");
        assertSame(second, map.get(4096));
        assertEquals(true, map.remove(4096, second));
        assertNull(map.get(4096));
        assertEquals(0, map.size());
    }
}
