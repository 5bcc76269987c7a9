package dev.avline.examples.recorder;

import java.util.Locale;

/** The hardware choice for {@code --transcode}, as the field names it ({@code hw_accel}). */
public enum Hardware {
    AUTO, VAAPI, CUDA, QSV, NONE;

    public static Hardware parse(String s) {
        for (Hardware h : values()) {
            if (h.label().equals(s.toLowerCase(Locale.ROOT))) return h;
        }
        throw new IllegalArgumentException("expected auto, vaapi, cuda, qsv or none, got \"" + s + "\"");
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
