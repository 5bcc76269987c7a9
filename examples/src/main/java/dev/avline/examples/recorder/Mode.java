package dev.avline.examples.recorder;

import java.util.Locale;

/** What the recorder does with the media: copy the streams as they are, or re-encode them. */
public enum Mode {
    COPY, TRANSCODE;

    public static Mode parse(String s) {
        switch (s.toLowerCase(Locale.ROOT)) {
            case "copy": return COPY;
            case "transcode": return TRANSCODE;
            default: throw new IllegalArgumentException("expected copy or transcode, got \"" + s + "\"");
        }
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
