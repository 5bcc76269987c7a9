package dev.avline.hls;

import java.net.InetAddress;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.avline.events.Event;
import dev.avline.events.PolicyRefusal;
import dev.avline.ffi.Urls;

/**
 * The URL policy of one recording, applied to every request avline makes for it, each redirect hop
 * included: the {@link UrlPolicy}'s rules, then private addresses when they are refused. Each
 * refused URL is reported once (a {@link PolicyRefusal} event and a warning); the set of URLs
 * already reported is bounded.
 */
final class UrlGuard {
    private static final Logger LOG = LoggerFactory.getLogger(UrlGuard.class);
    private static final int REMEMBERED = 256;

    private final UrlPolicy policy;
    private final boolean refusePrivate;
    private final String jobName;
    private final java.util.function.Consumer<Event> events;
    private String lastAllowed; // the origin (and referrer scheme) allowed last
    private final Map<String, Boolean> reported = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    };

    UrlGuard(UrlPolicy policy, String inputUrl, String jobName, java.util.function.Consumer<Event> events) {
        this.policy = policy;
        this.refusePrivate = policy.refusesPrivateAddresses(inputUrl);
        this.jobName = jobName;
        this.events = events;
    }

    UrlPolicy policy() {
        return policy;
    }

    /**
     * Null when {@code url} may be requested, else why not (reported once per URL).
     *
     * @param referrer the URL that led here (the playlist, or the previous redirect hop), or null
     */
    String refusal(String url, String referrer) {
        // The rules look at the scheme and host only (and the referrer's scheme): an origin already
        // allowed is not parsed and resolved again for each of its segments.
        String origin = originOf(url);
        String key = origin == null ? null : origin + (referrer != null && referrer.regionMatches(true, 0, "https:", 0, 6) ? " s" : "");
        if (key != null && key.equals(lastAllowed)) return null;
        String why = policy.refusal(url, referrer);
        if (why == null && refusePrivate) {
            String host = hostOf(url);
            InetAddress a = host == null ? null : AddressCheck.privateAddressOf(host);
            if (a != null) {
                why = "host " + host + " is a private address (" + a.getHostAddress() + ") and the input is public "
                        + "(allow it with UrlPolicy.refusePrivateAddresses(false))";
            }
        }
        if (why != null) report(url, why);
        else lastAllowed = key;
        return why;
    }

    /** {@code scheme://authority} of an absolute URL, or null. */
    private static String originOf(String url) {
        int sep = url.indexOf("://");
        if (sep <= 0) return null;
        int end = sep + 3;
        while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) end++;
        return url.substring(0, end);
    }

    private void report(String url, String why) {
        synchronized (reported) {
            if (reported.put(url, Boolean.TRUE) != null) return;
        }
        String shown = Urls.redact(url);
        LOG.warn("{}: refused {}: {}", jobName, shown, why);
        events.accept(new PolicyRefusal(Instant.now(), shown, why));
    }

    private static String hostOf(String url) {
        try {
            return new URI(UrlPolicy.stripCrypto(url)).getHost();
        } catch (Exception e) {
            return null;
        }
    }
}
