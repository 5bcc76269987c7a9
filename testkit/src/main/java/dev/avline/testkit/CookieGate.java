package dev.avline.testkit;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A session cookie as token-protected origins use one: playlist responses set it
 * ({@code Set-Cookie}), and every other request without a valid one is refused with 403. With
 * renewal, each playlist response issues a new token and only the newest few stay valid, so a
 * client must send the cookie it was given last, not the first one.
 */
final class CookieGate {
    private static final int VALID_TOKENS = 2;

    private final String name;
    private final boolean renew;
    private final Deque<String> valid = new ArrayDeque<>();
    private int issued;

    CookieGate(String name, boolean renew) {
        if (name.isEmpty() || name.contains("=") || name.contains(";")) {
            throw new IllegalArgumentException("not a cookie name: " + name);
        }
        this.name = name;
        this.renew = renew;
    }

    String name() {
        return name;
    }

    /** The {@code Set-Cookie} value for a playlist response (a new token when renewing). */
    synchronized String issue() {
        if (issued == 0 || renew) {
            issued++;
            valid.addLast("t" + issued + "x" + Long.toHexString(System.nanoTime() & 0xffffff));
            while (valid.size() > VALID_TOKENS) valid.removeFirst();
        }
        return name + "=" + valid.peekLast() + "; Path=/; HttpOnly";
    }

    /** Whether a {@code Cookie} request header carries a token that is still valid. */
    synchronized boolean admits(String cookieHeader) {
        String token = valueIn(cookieHeader);
        return token != null && valid.contains(token);
    }

    /** Whether the header carries this cookie at all (valid or not), for the request log. */
    boolean present(String cookieHeader) {
        return valueIn(cookieHeader) != null;
    }

    private String valueIn(String header) {
        if (header == null) return null;
        for (String part : header.split(";")) {
            String p = part.trim();
            if (p.startsWith(name + "=")) return p.substring(name.length() + 1);
        }
        return null;
    }
}
