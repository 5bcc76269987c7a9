package dev.avline.examples.recorder;

import java.util.Locale;

/** How progress is shown: a bar on the terminal (stderr), JSON lines on stdout, or nothing. */
public enum ProgressMode {
    BAR, JSON, NONE;

    public static ProgressMode parse(String s) {
        for (ProgressMode m : values()) {
            if (m.label().equals(s.toLowerCase(Locale.ROOT))) return m;
        }
        throw new IllegalArgumentException("expected bar, json or none, got \"" + s + "\"");
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
