package dev.avline.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What every origin does around its content, whatever the content is: the HTTP switches
 * (ranges, chunked, rate), redirects, the session cookie, per-path faults, and the request log.
 * {@link StaticOrigin} and {@link LiveHlsOrigin} differ only in how they find a body.
 */
final class OriginFront {
    private static final int REQUEST_LOG_LIMIT = 10_000;

    final HttpSwitches switches = new HttpSwitches();
    final Redirects redirects = new Redirects();
    final FaultPlan pathFaults = new FaultPlan();
    private final RequestLog log = new RequestLog(REQUEST_LOG_LIMIT);
    private final HttpResponses responses;
    private volatile CookieGate cookies;

    /** {@code stalled}: while true, no body byte is written (a blackhole). */
    OriginFront(java.util.function.BooleanSupplier stalled) {
        this.responses = new HttpResponses(stalled, switches);
    }

    HttpResponses responses() {
        return responses;
    }

    void requireCookie(String name, boolean renew) {
        this.cookies = new CookieGate(name, renew);
    }

    List<OriginRequest> requests() {
        return log.snapshot();
    }

    /**
     * Redirects and the cookie gate, before any content is looked up: answers the request and
     * returns whether to keep the connection, or returns null when the request goes on to content.
     * Playlists ({@code issuesCookie}) are never refused for a missing cookie: they hand it out.
     */
    Boolean intercept(HttpRequest r, OutputStream out, Instant at, String path, boolean issuesCookie) throws IOException {
        boolean keepAlive = r.keepAlive();
        Redirects.Rule rule = redirects.take(r.target, path);
        if (rule != null) {
            HttpResponses.sendRedirect(out, rule.status(), rule.location(), keepAlive, r.head);
            record(r, at, -1, rule.status(), 0, "redirect");
            return keepAlive;
        }
        CookieGate gate = cookies;
        if (gate != null && !issuesCookie && !gate.admits(r.headers.get("cookie"))) {
            HttpResponses.sendStatus(out, 403, keepAlive, r.head);
            record(r, at, -1, 403, 0, gate.present(r.headers.get("cookie")) ? "stale_cookie" : "no_cookie");
            return keepAlive;
        }
        return null;
    }

    /** Writes one response body; {@code cutAt} as in {@link HttpResponses#send}. */
    private interface BodyWriter {
        long write(boolean keepAlive, long cutAt, Map<String, String> extra) throws IOException;
    }

    /**
     * Sends a body the origin found: a fault for this request ({@code fault}, or one planned for its
     * path), else the body or the requested range of it, with the session cookie on playlists.
     *
     * @param sequence the media sequence number for the log (-1 when not a segment)
     * @return whether to keep the connection
     */
    boolean serve(HttpRequest r, Socket s, OutputStream out, Instant at, long sequence, String type, byte[] body,
                  boolean issuesCookie, FaultPlan.Fault fault) throws IOException {
        int status = responses.statusFor(r, body.length);
        return answer(r, s, out, at, sequence, status, issuesCookie, fault,
                (keep, cut, extra) -> responses.send(out, status, type, body, r, keep, cut, extra));
    }

    /**
     * Sends bytes {@code offset…} of a resource of {@code total} bytes that the origin does not
     * hold whole (a byte range of a growing file) as a 206, or a fault, like {@link #serve}.
     */
    boolean servePart(HttpRequest r, Socket s, OutputStream out, Instant at, long sequence, String type, byte[] part,
                      long offset, long total, FaultPlan.Fault fault) throws IOException {
        return answer(r, s, out, at, sequence, 206, false, fault,
                (keep, cut, extra) -> responses.sendPart(out, type, part, offset, total, r, keep, cut, extra));
    }

    private boolean answer(HttpRequest r, Socket s, OutputStream out, Instant at, long sequence, int status,
                           boolean issuesCookie, FaultPlan.Fault fault, BodyWriter body) throws IOException {
        boolean keepAlive = r.keepAlive();
        int q = r.target.indexOf('?');
        String path = q < 0 ? r.target : r.target.substring(0, q);
        FaultPlan.Fault f = fault != null ? fault : pathFaults.takePath(r.target, path);
        if (f == null && fault == null) f = pathFaults.takePath(decode(path), decode(path));
        CookieGate gate = cookies;
        Map<String, String> extra = gate != null && issuesCookie ? Map.of("Set-Cookie", gate.issue()) : Map.of();
        if (f != null && f.kind == FaultPlan.Kind.STATUS) return status(r, out, at, sequence, f.status, "status");
        if (f != null && f.kind == FaultPlan.Kind.RESET) {
            long sent = body.write(false, HttpResponses.CUT_HALF, extra);
            record(r, at, sequence, status, sent, "reset");
            s.setSoLinger(true, 0); // close() now sends RST
            return false;
        }
        if (f != null) { // SHORT: the full Content-Length announced, half sent, then the connection ends
            long sent = body.write(false, HttpResponses.CUT_HALF, extra);
            record(r, at, sequence, status, sent, "short");
            s.shutdownOutput();
            return false;
        }
        long sent = body.write(keepAlive, -1, extra);
        record(r, at, sequence, status, sent, null);
        return keepAlive;
    }

    /** A plain status answer (404, an injected 503), logged. */
    boolean status(HttpRequest r, OutputStream out, Instant at, long sequence, int status, String fault) throws IOException {
        boolean keepAlive = r.keepAlive();
        HttpResponses.sendStatus(out, status, keepAlive, r.head);
        record(r, at, sequence, status, 0, fault);
        return keepAlive;
    }

    /** A path with its percent-escapes decoded ({@code %20} → space; {@code +} stays), as resources are named. */
    static String decode(String path) {
        try {
            return java.net.URLDecoder.decode(path.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return path; // a stray % is just part of the name
        }
    }

    void record(HttpRequest r, Instant at, long sequence, int status, long bytes, String fault) {
        log.add(new OriginRequest(at, r.target, sequence, status, bytes, fault, r.headers));
    }
}
