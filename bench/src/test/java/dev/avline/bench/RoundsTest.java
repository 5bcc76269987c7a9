package dev.avline.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class RoundsTest {
    @Test
    void twoToolsAlternateWhoGoesFirst() {
        List<int[]> orders = Rounds.orders(2);
        assertEquals(2, orders.size());
        assertArrayEquals(new int[] {0, 1}, orders.get(0));
        assertArrayEquals(new int[] {1, 0}, orders.get(1));
    }

    @Test
    void threeToolsTakeEveryPositionEquallyOften() {
        List<int[]> orders = Rounds.orders(3);
        assertEquals(6, orders.size());
        assertArrayEquals(new int[] {0, 1, 2}, orders.get(0), "avline first in the first round");
        Set<String> distinct = new HashSet<>();
        int[][] positions = new int[3][3];
        for (int[] o : orders) {
            distinct.add(java.util.Arrays.toString(o));
            for (int p = 0; p < 3; p++) positions[o[p]][p]++;
        }
        assertEquals(6, distinct.size());
        for (int[] tool : positions) assertArrayEquals(new int[] {2, 2, 2}, tool);
    }

    @Test
    void medianOfOddAndEvenCounts() {
        assertEquals(3.0, Rounds.median(new double[] {5, 1, 3}));
        assertEquals(2.5, Rounds.median(new double[] {4, 1, 3, 2}));
        assertThrows(IllegalArgumentException.class, () -> Rounds.median(new double[0]));
    }

    @Test
    void medianRatioPairsRoundsNotMedians() {
        // Round-by-round ratios 0.5, 0.5, 2.0: the paired median is 0.5, though the medians alone give 1.0.
        double[] a = {10, 20, 40};
        double[] b = {20, 40, 20};
        assertEquals(0.5, Rounds.medianRatio(a, b), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> Rounds.medianRatio(a, new double[] {1}));
    }
}
