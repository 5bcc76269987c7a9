package dev.avline.hls;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * An attribute list of a playlist tag (RFC 8216 §4.2: {@code NAME=value,NAME="quoted, with commas"}),
 * read as the major players read it: names in any case, blanks around names, values and commas,
 * quoted strings that contain commas, and unquoted values where quotes belong. Variable references
 * ({@code {$name}}, {@code EXT-X-DEFINE}) are replaced in quoted strings, the only place they may appear.
 */
final class AttributeList {
    private final Map<String, String> values; // upper-case names
    private final Map<String, Boolean> quoted;

    private AttributeList(Map<String, String> values, Map<String, Boolean> quoted) {
        this.values = values;
        this.quoted = quoted;
    }

    static AttributeList parse(String text, Variables variables) {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, Boolean> quoted = new LinkedHashMap<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            while (i < n && (text.charAt(i) == ',' || Character.isWhitespace(text.charAt(i)))) i++;
            int nameStart = i;
            while (i < n && text.charAt(i) != '=' && text.charAt(i) != ',') i++;
            String name = text.substring(nameStart, i).strip().toUpperCase(Locale.ROOT);
            if (i >= n || text.charAt(i) == ',') {
                if (!name.isEmpty()) values.putIfAbsent(name, ""); // a bare word: kept, empty
                continue;
            }
            i++; // '='
            while (i < n && text.charAt(i) == ' ') i++;
            String value;
            boolean isQuoted = i < n && text.charAt(i) == '"';
            if (isQuoted) {
                int end = text.indexOf('"', i + 1);
                if (end < 0) end = n; // an unterminated quote runs to the end of the line
                value = text.substring(i + 1, end);
                i = Math.min(n, end + 1);
                if (variables != null) value = variables.substitute(value);
            } else {
                int end = text.indexOf(',', i);
                if (end < 0) end = n;
                value = text.substring(i, end).strip();
                i = end;
            }
            if (!name.isEmpty()) {
                values.put(name, value);
                quoted.put(name, isQuoted);
            }
        }
        return new AttributeList(values, quoted);
    }

    /** The value, or null when absent. */
    String get(String name) {
        return values.get(name);
    }

    String get(String name, String fallback) {
        String v = values.get(name);
        return v == null || v.isEmpty() ? fallback : v;
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    /** An enumerated value in upper case, or null. */
    String enumerated(String name) {
        String v = values.get(name);
        return v == null ? null : v.strip().toUpperCase(Locale.ROOT);
    }

    /** YES/NO attributes: true for YES (any case). */
    boolean yes(String name) {
        return "YES".equals(enumerated(name));
    }

    long longValue(String name, long fallback) {
        String v = values.get(name);
        if (v == null) return fallback;
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            try {
                return (long) Double.parseDouble(v.strip());
            } catch (NumberFormatException e2) {
                return fallback;
            }
        }
    }

    double doubleValue(String name, double fallback) {
        String v = values.get(name);
        if (v == null) return fallback;
        try {
            return Double.parseDouble(v.strip());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    boolean wasQuoted(String name) {
        return quoted.getOrDefault(name, false);
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
