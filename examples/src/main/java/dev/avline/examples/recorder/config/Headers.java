package dev.avline.examples.recorder.config;

import java.util.Map;

/** HTTP request headers as users write them ({@code "Name: value"}), checked before FFmpeg sees them. */
public final class Headers {
    private Headers() {
    }

    /** Splits {@code "Name: value"}; throws naming the expected form. */
    public static Map.Entry<String, String> parse(String line) {
        int colon = line.indexOf(':');
        if (colon <= 0) throw new IllegalArgumentException("expected \"Name: value\", got \"" + line + "\"");
        String name = line.substring(0, colon).trim();
        String value = line.substring(colon + 1).trim();
        String why = whyInvalid(name, value);
        if (why != null) throw new IllegalArgumentException(why + " in \"" + line + "\"");
        return Map.entry(name, value);
    }

    /** Why a header cannot be sent (null when it can): a header must never smuggle a second line. */
    public static String whyInvalid(String name, String value) {
        return dev.avline.config.AvlineConfig.whyBadHeader(name, value);
    }
}
