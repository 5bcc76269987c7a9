package dev.avline.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Run orders and the statistics of {@link Compare}. */
final class Rounds {
    private Rounds() {
    }

    /**
     * Every order of {@code n} tools, in lexicographic order (first: 0, 1, …, n-1): round r runs
     * {@code orders.get(r % size)}, so over a multiple of n! rounds each tool runs in each position
     * equally often.
     */
    static List<int[]> orders(int n) {
        List<int[]> out = new ArrayList<>();
        permute(new int[n], new boolean[n], 0, out);
        return out;
    }

    private static void permute(int[] current, boolean[] used, int depth, List<int[]> out) {
        if (depth == current.length) {
            out.add(current.clone());
            return;
        }
        for (int i = 0; i < current.length; i++) {
            if (used[i]) continue;
            used[i] = true;
            current[depth] = i;
            permute(current, used, depth + 1, out);
            used[i] = false;
        }
    }

    static double median(double[] values) {
        if (values.length == 0) throw new IllegalArgumentException("no values");
        double[] v = values.clone();
        Arrays.sort(v);
        int m = v.length / 2;
        return v.length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2;
    }

    /** The median of the per-round ratios {@code a[i] / b[i]}: rounds pair runs made close in time. */
    static double medianRatio(double[] a, double[] b) {
        if (a.length != b.length) throw new IllegalArgumentException("rounds differ: " + a.length + " vs " + b.length);
        double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++) r[i] = a[i] / b[i];
        return median(r);
    }

    static String summary(String name, double[] ms) {
        double[] v = ms.clone();
        Arrays.sort(v);
        return String.format(Locale.ROOT, "%-10s median %8.1f  min %8.1f  p25 %8.1f  p75 %8.1f  max %8.1f  (n=%d)",
                name, median(v), v[0], v[v.length / 4], v[(3 * v.length) / 4], v[v.length - 1], v.length);
    }
}
