package dev.avline.hls;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URL;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.avline.ffi.Urls;

/**
 * Fetches whole resources (playlists, segments, keys, init sections) for one live recording, over
 * the JDK's HTTP client, so that avline sees every step FFmpeg's client would hide:
 * <ul>
 * <li>redirects are followed here, hop by hop, each hop checked by the {@link UrlGuard} (scheme,
 *     downgrade, hosts, private addresses); the final URL is returned as the base for relative URIs;</li>
 * <li>a body is accepted only complete: exactly its Content-Length (or the byte range asked for);
 *     a retry after a reset or a short body restarts from byte 0, or resumes only on a {@code 206}
 *     whose {@code Content-Range} starts exactly where the kept bytes end. A body is never spliced;</li>
 * <li>byte ranges ({@code EXT-X-BYTERANGE}) are asked with {@code Range}; an origin that ignores it and
 *     sends the whole resource is read from the range's offset, for its length;</li>
 * <li>cookies an origin sets are sent back ({@link CookieJar}); connections are kept alive between
 *     requests to one origin (the JDK's keep-alive cache);</li>
 * <li>{@link #cancel()} from any thread ends a request at once (the connection is closed).</li>
 * </ul>
 * One request at a time (the recording's thread); {@link #cancel()} is the only call from elsewhere.
 */
final class HttpFetcher {
    private static final Logger LOG = LoggerFactory.getLogger(HttpFetcher.class);
    private static final int MAX_REDIRECTS = 10;
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes\\s+(\\d+)-(\\d+)/(\\d+|\\*)");

    /** Waits between attempts (the recording keeps its progress coming meanwhile); false when cancelled. */
    interface Pause {
        boolean sleep(long millis);
    }

    private final RequestProfile profile;
    private final UrlGuard guard;
    private final CookieJar cookies;
    private final Pause pause;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private volatile HttpURLConnection active;
    private boolean rangeIgnoredReported;

    HttpFetcher(RequestProfile profile, UrlGuard guard, CookieJar cookies, Pause pause) {
        this.profile = profile;
        this.guard = guard;
        this.cookies = cookies;
        this.pause = pause;
    }

    /** Ends the request in progress and every later one. */
    void cancel() {
        cancelled.set(true);
        HttpURLConnection c = active;
        if (c != null) c.disconnect();
    }

    boolean isCancelled() {
        return cancelled.get();
    }

    /**
     * Fetches {@code url} (or its sub-range) into {@code into} with up to the profile's attempts.
     *
     * @param referrer the playlist that named it (downgrade rule), or null for the input itself
     * @param cap the largest acceptable body
     */
    FetchResult fetch(String url, String referrer, SegmentRange range, long cap, BodyBuffer into) {
        into.clear();
        Resume resume = new Resume();
        FetchResult r = null;
        int attempt = 0;
        while (attempt < profile.attempts()) {
            attempt++;
            r = once(url, referrer, range, cap, into, resume, attempt);
            if (r.ok() || r.permanent(profile.retriedStatus()::contains) || r.outcome() == FetchResult.Outcome.CANCELLED) break;
            if (attempt >= profile.attempts()) break;
            long wait = Math.min(100L * attempt, profile.pauseMax().toMillis());
            if (profile.respectRetryAfter() && r.retryAfterMillis() > 0) {
                wait = Math.min(r.retryAfterMillis(), profile.maxRetryWait().toMillis());
            }
            LOG.debug("fetch {} failed (attempt {} of {}): {}; again in {} ms{}", Urls.redact(url), attempt,
                    profile.attempts(), r.describe(), wait, resume.usable() ? " from byte " + into.length() : "");
            if (!resume.usable()) into.clear();
            if (!pause.sleep(wait)) return result(FetchResult.Outcome.CANCELLED, 0, url, "stopped", attempt, -1);
        }
        return r;
    }

    /** What a later attempt may keep of a body cut short: only with a validator and byte ranges offered. */
    private static final class Resume {
        long total = -1;        // the whole resource's (or range's) length
        String validator;       // ETag, else Last-Modified: the If-Range of a resumed request
        boolean offered;        // Accept-Ranges: bytes

        boolean usable() {
            return offered && validator != null && total > 0;
        }

        void forget() {
            total = -1;
            validator = null;
            offered = false;
        }
    }

    private FetchResult once(String url, String referrer, SegmentRange range, long cap, BodyBuffer into, Resume resume, int attempt) {
        String current = url;
        String previous = referrer;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            if (cancelled.get()) return result(FetchResult.Outcome.CANCELLED, 0, current, "stopped", attempt, -1);
            String refused = guard.refusal(current, previous);
            if (refused != null) {
                return result(FetchResult.Outcome.REFUSED, 0, current, (hop > 0 ? "redirected to " + Urls.redact(current) + ": " : "")
                        + refused, attempt, -1);
            }
            HttpURLConnection c = null;
            try {
                URL target = new URL(current);
                // No http_proxy option: the JVM's own proxy settings (http.proxyHost, a ProxySelector) apply.
                c = (HttpURLConnection) (profile.proxy() == java.net.Proxy.NO_PROXY ? target.openConnection()
                        : target.openConnection(profile.proxy()));
                active = c;
                if (cancelled.get()) c.disconnect();
                long kept = resume.usable() ? into.length() : 0;
                if (kept == 0) into.clear();
                prepare(c, current, range, kept, resume);
                int status = c.getResponseCode();
                if (c.getHeaderField("Set-Cookie") != null || c.getHeaderField("Set-Cookie2") != null) {
                    cookies.store(current, c.getHeaderFields());
                }
                if (status >= 300 && status < 400 && status != 304 && c.getHeaderField("Location") != null) {
                    String next = URI.create(current).resolve(c.getHeaderField("Location").strip()).toString();
                    drain(c);
                    previous = current;
                    current = next;
                    continue;
                }
                if (status < 200 || status >= 300) {
                    long retryAfter = retryAfter(c.getHeaderField("Retry-After"));
                    String reason = c.getResponseMessage();
                    drain(c);
                    return result(FetchResult.Outcome.HTTP_ERROR, status, current, reason, attempt, retryAfter);
                }
                return body(c, status, current, range, cap, into, resume, kept, attempt);
            } catch (SocketTimeoutException e) {
                return failure(FetchResult.Outcome.TIMEOUT, current, "no data for " + profile.readTimeout().toMillis() + " ms", attempt);
            } catch (IOException | IllegalArgumentException | ClassCastException e) {
                if (cancelled.get()) return result(FetchResult.Outcome.CANCELLED, 0, current, "stopped", attempt, -1);
                return failure(FetchResult.Outcome.NETWORK, current, describe(e), attempt);
            } finally {
                active = null;
            }
        }
        return result(FetchResult.Outcome.NETWORK, 0, current, "more than " + MAX_REDIRECTS + " redirects", attempt, -1);
    }

    private void prepare(HttpURLConnection c, String url, SegmentRange range, long kept, Resume resume) {
        int timeout = (int) Math.min(Integer.MAX_VALUE, Math.max(1, profile.readTimeout().toMillis()));
        c.setConnectTimeout(timeout);
        c.setReadTimeout(timeout);
        c.setInstanceFollowRedirects(false);
        c.setUseCaches(false);
        c.setRequestProperty("User-Agent", profile.userAgent());
        c.setRequestProperty("Accept", "*/*");
        c.setRequestProperty("Accept-Encoding", "identity"); // Content-Length must count the bytes read
        if (profile.referer() != null) c.setRequestProperty("Referer", profile.referer());
        profile.headers().forEach(c::setRequestProperty);
        String userInfo = URI.create(url).getRawUserInfo();
        if (userInfo != null) {
            // user:password in the URL is Basic authentication, as FFmpeg's http client sends it
            String plain = java.net.URLDecoder.decode(userInfo, java.nio.charset.StandardCharsets.UTF_8);
            c.setRequestProperty("Authorization", "Basic " + java.util.Base64.getEncoder()
                    .encodeToString(plain.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        String cookie = cookies.headerFor(url);
        if (cookie != null) c.setRequestProperty("Cookie", cookie);
        if (range != null) {
            c.setRequestProperty("Range", "bytes=" + (range.offset() + kept) + "-" + (range.end() - 1));
        } else if (kept > 0) {
            c.setRequestProperty("Range", "bytes=" + kept + "-");
        }
        if (kept > 0) c.setRequestProperty("If-Range", resume.validator);
    }

    private FetchResult body(HttpURLConnection c, int status, String url, SegmentRange range, long cap, BodyBuffer into,
                             Resume resume, long kept, int attempt) throws IOException {
        long wantFrom;   // offset in the response body where the wanted bytes start
        long wantLength; // -1: to the end
        if (status == 206) {
            Matcher m = CONTENT_RANGE.matcher(String.valueOf(c.getHeaderField("Content-Range")));
            long expectedStart = (range == null ? 0 : range.offset()) + kept;
            if (!m.find() || Long.parseLong(m.group(1)) != expectedStart
                    || (range != null && Long.parseLong(m.group(2)) != range.end() - 1)
                    || (range == null && kept > 0 && !m.group(3).equals(String.valueOf(resume.total)))) {
                // Not the bytes asked for: nothing of it is used, and nothing kept is trusted.
                c.disconnect();
                resume.forget();
                into.clear();
                return result(FetchResult.Outcome.NETWORK, status, url, "the origin answered with Content-Range '"
                        + c.getHeaderField("Content-Range") + "', not the range asked for", attempt, -1);
            }
            wantFrom = 0;
            wantLength = Long.parseLong(m.group(2)) - Long.parseLong(m.group(1)) + 1;
            if (range == null && kept == 0 && !"*".equals(m.group(3))) resume.total = Long.parseLong(m.group(3));
        } else {
            // The whole resource from byte 0: whatever an earlier attempt kept is dropped (never spliced).
            into.clear();
            kept = 0;
            if (range != null) {
                if (!rangeIgnoredReported) {
                    rangeIgnoredReported = true;
                    LOG.info("{} ignores Range requests: each byte-range segment is read out of the whole resource", hostOf(url));
                }
                wantFrom = range.offset();
                wantLength = range.length();
            } else {
                wantFrom = 0;
                wantLength = c.getContentLengthLong();
                resume.total = wantLength;
                resume.offered = "bytes".equalsIgnoreCase(String.valueOf(c.getHeaderField("Accept-Ranges")).strip());
                String etag = c.getHeaderField("ETag");
                resume.validator = etag != null && !etag.startsWith("W/") ? etag : c.getHeaderField("Last-Modified");
            }
        }
        if (wantLength > cap - kept) {
            c.disconnect();
            return result(FetchResult.Outcome.TOO_LARGE, status, url, "larger than the " + cap + "-byte limit", attempt, -1);
        }
        if (wantLength > 0) into.reserve(kept + wantLength);
        InputStream in = c.getInputStream();
        boolean whole = true;
        try {
            if (wantFrom > 0 && BodyBuffer.skip(in, wantFrom) < wantFrom) {
                whole = false;
                return result(FetchResult.Outcome.TRUNCATED, status, url, "the resource ended before byte " + wantFrom, attempt, -1);
            }
            long got = into.readFrom(in, wantLength < 0 ? Long.MAX_VALUE : wantLength, cap);
            if (got < 0) {
                whole = false;
                return result(FetchResult.Outcome.TOO_LARGE, status, url, "larger than the " + cap + "-byte limit", attempt, -1);
            }
            if (wantLength >= 0 && got < wantLength) {
                whole = false;
                return result(FetchResult.Outcome.TRUNCATED, status, url, "the body ended after " + (kept + got) + " of "
                        + (kept + wantLength) + " bytes", attempt, -1);
            }
            if (range != null && status != 206) whole = false; // the rest of the resource is not read: close, not kept alive
            return result(FetchResult.Outcome.OK, status, url, null, attempt, -1);
        } finally {
            if (whole) in.close();
            else c.disconnect();
        }
    }

    private FetchResult failure(FetchResult.Outcome o, String url, String detail, int attempt) {
        if (cancelled.get()) return result(FetchResult.Outcome.CANCELLED, 0, url, "stopped", attempt, -1);
        return result(o, 0, url, detail, attempt, -1);
    }

    private static FetchResult result(FetchResult.Outcome o, int status, String url, String detail, int attempts, long retryAfter) {
        return new FetchResult(o, status, url, detail, attempts, retryAfter);
    }

    /** Reads what is left of an error or redirect body (small), so the connection can be kept alive. */
    private static void drain(HttpURLConnection c) {
        try (InputStream e = c.getErrorStream() != null ? c.getErrorStream() : c.getInputStream()) {
            if (e == null) return;
            byte[] scratch = new byte[4096];
            int total = 0;
            int n;
            while (total < 65536 && (n = e.read(scratch)) > 0) total += n;
            if (total >= 65536) c.disconnect();
        } catch (IOException e) {
            c.disconnect();
        }
    }

    private static long retryAfter(String value) {
        if (value == null) return -1;
        try {
            return Math.max(0, Long.parseLong(value.strip())) * 1000;
        } catch (NumberFormatException e) {
            return -1; // an HTTP date: not worth a clock comparison here
        }
    }

    private static String describe(Exception e) {
        String m = e.getMessage();
        String type = e.getClass().getSimpleName();
        return m == null ? type : type + ": " + Urls.redact(m);
    }

    private static String hostOf(String url) {
        try {
            return URI.create(url).getHost();
        } catch (IllegalArgumentException e) {
            return "the origin";
        }
    }
}
