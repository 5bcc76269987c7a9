package dev.avline;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import dev.avline.ffi.Program;

/** Which variant of an HLS master playlist to record (or which program of a multi-program input to read). */
public final class Variant {
    private enum Kind { BEST, WORST, BANDWIDTH }

    private static final Variant BEST = new Variant(Kind.BEST, 0);
    private static final Variant WORST = new Variant(Kind.WORST, 0);

    private final Kind kind;
    private final long bandwidth;

    private Variant(Kind kind, long bandwidth) {
        this.kind = kind;
        this.bandwidth = bandwidth;
    }

    /**
     * The highest BANDWIDTH (the default).
     *
     * @return the choice
     */
    public static Variant best() {
        return BEST;
    }

    /**
     * The lowest BANDWIDTH.
     *
     * @return the choice
     */
    public static Variant worst() {
        return WORST;
    }

    /**
     * The variant whose BANDWIDTH is closest to {@code bitsPerSecond}.
     *
     * @param bitsPerSecond positive
     * @return the choice
     */
    public static Variant bandwidth(long bitsPerSecond) {
        if (bitsPerSecond <= 0) throw new IllegalArgumentException("variant bandwidth must be positive: " + bitsPerSecond);
        return new Variant(Kind.BANDWIDTH, bitsPerSecond);
    }

    /**
     * "best", "worst" or a number of bits per second, as the recorder's {@code --variant} takes it.
     *
     * @param s the text
     * @return the choice
     */
    public static Variant parse(String s) {
        switch (s.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "best": return best();
            case "worst": return worst();
            default:
                try {
                    return bandwidth(Long.parseLong(s.trim()));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("variant: expected best, worst or a bandwidth in bit/s, got '" + s + "'");
                }
        }
    }

    /**
     * Picks among the programs of an input; empty when there is nothing to choose.
     *
     * @param programs the input's programs
     * @return the chosen one, or empty when there are fewer than two
     */
    @Internal
    public Optional<Program> choose(List<Program> programs) {
        if (programs.size() < 2) return Optional.empty();
        Comparator<Program> byBandwidth = Comparator.comparingLong(Program::bandwidth);
        switch (kind) {
            case BEST: return programs.stream().max(byBandwidth);
            case WORST: return programs.stream().min(byBandwidth);
            default: return programs.stream().min(Comparator.comparingLong(p -> Math.abs(p.bandwidth() - bandwidth)));
        }
    }

    @Override
    public String toString() {
        return kind == Kind.BANDWIDTH ? String.valueOf(bandwidth) : kind.name().toLowerCase();
    }
}
