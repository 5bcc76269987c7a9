package dev.avline.hls;

import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

import dev.avline.ffi.Urls;

/**
 * Which URLs a remote live input may make FFmpeg open, checked by avline before FFmpeg opens
 * anything. By default only {@code http} and {@code https} (FFmpeg's {@code tcp}, {@code tls} and
 * {@code crypto} run underneath them), no https → http downgrade, any host. Everything else a
 * playlist can name ({@code file:}, {@code concat:}, {@code subfile:}, {@code pipe:}, {@code data:},
 * {@code ftp:}, …) is refused: those are how hostile playlists read local files.
 *
 * <p>Private addresses (loopback, RFC 1918, link-local such as the 169.254.169.254 metadata service,
 * carrier-grade NAT, IPv6 unique-local) are refused for every request, redirects included, when the
 * input itself is on a public host: a public playlist must not make a server fetch from its own
 * network. An input on a private host (a test origin, a set-top box on the LAN) may use private
 * addresses. {@link #refusePrivateAddresses(boolean)} decides it either way.
 * Immutable.
 */
public final class UrlPolicy {
    private static final Set<String> WEB = Set.of("http", "https");

    private final boolean allowDowngrade;
    private final Set<String> hosts; // empty = any
    private final Boolean refusePrivate; // null = when the input is on a public host

    private UrlPolicy(boolean allowDowngrade, Set<String> hosts, Boolean refusePrivate) {
        this.allowDowngrade = allowDowngrade;
        this.hosts = hosts;
        this.refusePrivate = refusePrivate;
    }

    /** {@return http and https only, no downgrade, any host; private addresses refused when the input is public} */
    public static UrlPolicy defaults() {
        return new UrlPolicy(false, Set.of(), null);
    }

    /**
     * Allows https pages to point at plain http URLs (refused by default).
     *
     * @param allow whether https may lead to http
     * @return a copy with the rule
     */
    public UrlPolicy allowDowngrade(boolean allow) {
        return new UrlPolicy(allow, hosts, refusePrivate);
    }

    /**
     * Refuses (true) or allows (false) private addresses for every request, whatever the input's
     * host; by default they are refused only when the input itself is on a public host.
     *
     * @param refuse true refuses, false allows
     * @return a copy with the rule
     */
    public UrlPolicy refusePrivateAddresses(boolean refuse) {
        return new UrlPolicy(allowDowngrade, hosts, refuse);
    }

    /**
     * {@return whether private addresses are refused for a recording of {@code inputUrl} (resolves its host when left automatic)}
     *
     * @param inputUrl the recording's input
     */
    public boolean refusesPrivateAddresses(String inputUrl) {
        if (refusePrivate != null) return refusePrivate;
        try {
            String host = new URI(stripCrypto(inputUrl)).getHost();
            return host != null && AddressCheck.isPublic(host);
        } catch (Exception e) {
            return true;
        }
    }

    /**
     * Only these hosts (exact names, or {@code .example.com} for a domain and its subdomains).
     *
     * @param allowed host names, or {@code .domain} suffixes
     * @return a copy with the rule
     */
    public UrlPolicy allowHosts(String... allowed) {
        Set<String> h = new LinkedHashSet<>();
        for (String s : allowed) h.add(s.toLowerCase(Locale.ROOT));
        return new UrlPolicy(allowDowngrade, Collections.unmodifiableSet(h), refusePrivate);
    }

    /** {@return the hosts (exact names, or {@code .domain} for a domain and its subdomains) allowed; empty: any host} */
    public Set<String> allowedHosts() {
        return hosts;
    }

    /** {@return whether an https input may lead to http URLs} */
    public boolean downgradeAllowed() {
        return allowDowngrade;
    }

    /** {@return FFmpeg's {@code protocol_whitelist} matching this policy (set once, on the input)} */
    public String protocolWhitelist() {
        return "http,https,tls,tcp,crypto";
    }

    /**
     * Null when {@code url} may be opened, else the reason it may not (safe to show: no secrets).
     *
     * @param url the URL to check
     * @param referrer the URL of the playlist that named it (for the downgrade rule), or null
     * @return null, or the reason
     */
    public String refusal(String url, String referrer) {
        String inner = stripCrypto(url);
        String scheme = scheme(inner);
        if (scheme == null) return "not an absolute URL";
        if (!WEB.contains(scheme)) {
            return "the " + scheme + ": protocol is not allowed for a remote live input (only http and https)";
        }
        URI u;
        try {
            u = new URI(inner);
        } catch (Exception e) {
            return "not a valid URL";
        }
        String host = u.getHost();
        if (host == null || host.isEmpty()) return "no host in the URL";
        if (!allowDowngrade && "http".equals(scheme) && referrer != null && "https".equals(scheme(stripCrypto(referrer)))) {
            return "https → http downgrade (allow it with UrlPolicy.allowDowngrade(true))";
        }
        if (!hosts.isEmpty() && !hostAllowed(host.toLowerCase(Locale.ROOT))) {
            return "host " + host + " is not in the allowed hosts";
        }
        return null;
    }

    private boolean hostAllowed(String host) {
        for (String h : hosts) {
            if (h.startsWith(".") ? host.endsWith(h) || host.equals(h.substring(1)) : host.equals(h)) return true;
        }
        return false;
    }

    /** {@code crypto+http://…} and {@code crypto:http://…} (HLS AES-128 segments) name the URL inside. */
    static String stripCrypto(String url) {
        if (url.regionMatches(true, 0, "crypto+", 0, 7)) return url.substring(7);
        if (url.regionMatches(true, 0, "crypto:", 0, 7)) return url.substring(7);
        return url;
    }

    /** The lower-case scheme, or null. */
    static String scheme(String url) {
        int c = url.indexOf(':');
        if (c <= 0) return null;
        String s = url.substring(0, c);
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (!(Character.isLetterOrDigit(ch) || ch == '+' || ch == '-' || ch == '.')) return null;
        }
        return s.toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return "UrlPolicy[http,https" + (allowDowngrade ? ", downgrade allowed" : "")
                + (hosts.isEmpty() ? "" : ", hosts " + hosts)
                + (refusePrivate == null ? "" : refusePrivate ? ", private addresses refused" : ", private addresses allowed") + "]";
    }

    static String shown(String url) {
        return Urls.redact(url);
    }
}
