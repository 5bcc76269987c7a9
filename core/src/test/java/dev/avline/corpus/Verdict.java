package dev.avline.corpus;

/**
 * How a client did on a case. Ranked: a complete recording beats a clear failure, which beats
 * anything wrong (lost or doubled media, decode errors, a hang past the time limit, a failure
 * that names nothing a user could act on, a recording where a refusal was due).
 */
record Verdict(Kind kind, String note, double seconds) {
    enum Kind {
        WRONG("wrong"), FAILED_CLEARLY("failed clearly"), COMPLETE("complete");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    boolean atLeast(Verdict other) {
        return kind.ordinal() >= other.kind.ordinal();
    }

    @Override
    public String toString() {
        return kind.label + " (" + Expectation.fmt(Math.round(seconds * 10) / 10.0) + " s): " + note;
    }
}
