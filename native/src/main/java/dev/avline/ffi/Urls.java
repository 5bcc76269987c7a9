package dev.avline.ffi;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Makes a URL safe to show: no {@code user:password@}, no token-like query or path values. */
public final class Urls {
    private static final Pattern USERINFO = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*://)[^/?#]*@"); // greedy: a password may contain '@'
    /** Query keys whose values are secrets in the CDNs and set-top-box servers seen in the field. */
    private static final Pattern SECRET_KEY = Pattern.compile(
            "(?i)(token|tok|key|sig|signature|auth|authorization|pass|passwd|password|pwd|secret|session|"
                    + "sid|hdnts|hdntl|policy|key-pair-id|credential|x-amz-[a-z-]*|x-goog-[a-z-]*|"
                    + "jwt|apikey|api_key|access_token|hash|st|e|expires)");
    private static final Pattern QUERY_PAIR = Pattern.compile("([?&;])([^=&;#]+)=([^&;#]*)");
    /** Long opaque values (base64/hex) in query strings are secrets whatever their key is called. */
    private static final Pattern OPAQUE = Pattern.compile("[A-Za-z0-9_\\-+/=.~%]{24,}");

    private Urls() {
    }

    public static String redact(String url) {
        if (url == null) return null;
        if (url.indexOf('@') < 0 && url.indexOf('?') < 0) return url; // nothing to hide (most segment URLs): no matcher
        String s = USERINFO.matcher(url).replaceFirst("$1***@");
        int q = s.indexOf('?');
        if (q < 0) return s;
        Matcher m = QUERY_PAIR.matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String key = m.group(2);
            String value = m.group(3);
            boolean secret = SECRET_KEY.matcher(key).matches() || OPAQUE.matcher(value).matches();
            m.appendReplacement(out, Matcher.quoteReplacement(
                    m.group(1) + key + "=" + (secret && !value.isEmpty() ? "***" : value)));
        }
        m.appendTail(out);
        return out.toString();
    }
}
