package dev.avline.testkit;

import java.util.List;

/**
 * The server behaviours every test origin has, whatever it serves: the switches real origins
 * differ in (byte ranges, chunked and slow bodies), redirects, a session cookie, faults by path,
 * and the request log. {@code T} is the origin's own type, so that calls chain.
 */
abstract class HttpOrigin<T extends HttpOrigin<T>> {
    /** Where the switches, redirects, cookie gate, path faults and log live. */
    abstract OriginFront front();

    /** {@return the port on 127.0.0.1} */
    public abstract int port();

    @SuppressWarnings("unchecked")
    private T self() {
        return (T) this;
    }

    /**
     * {@return the same path on the other loopback name, {@code http://localhost:PORT…}: another host to a URL policy}
     *
     * @param pathAndQuery the path and query
     */
    public String localhostUrl(String pathAndQuery) {
        return "http://localhost:" + port() + pathAndQuery;
    }

    /** {@return every request so far (the latest 10,000), in arrival order: path, status, range, cookie, host, fault} */
    public List<OriginRequest> requests() {
        return front().requests();
    }

    /**
     * Whether responses advertise {@code Accept-Ranges: bytes} (default true; dynamic origins often do not).
     *
     * @param on whether it is on
     * @return this origin
     */
    public T acceptRanges(boolean on) {
        front().switches.acceptRanges(on);
        return self();
    }

    /**
     * {@code Range} headers are ignored from now on: 200 with the whole body, as some CDNs answer.
     *
     * @return this origin
     */
    public T ignoreRange() {
        front().switches.ignoreRange(true);
        return self();
    }

    /**
     * Bodies go out with {@code Transfer-Encoding: chunked} (no Content-Length).
     *
     * @param on whether it is on
     * @return this origin
     */
    public T chunked(boolean on) {
        front().switches.chunked(on);
        return self();
    }

    /**
     * Bodies go out at {@code bytesPerSecond} (0: full speed).
     *
     * @param bytesPerSecond the rate
     * @return this origin
     */
    public T slowBodies(long bytesPerSecond) {
        front().switches.bytesPerSecond(bytesPerSecond);
        return self();
    }

    /**
     * The next {@code times} requests for {@code target} (a path, or a path with its exact query)
     * are redirected with {@code status} (301, 302, 303, 307, 308) to {@code location}, written as
     * given: relative, root-relative or absolute (e.g. {@link #localhostUrl}, another host to a URL
     * policy). A playlist's relative URIs then resolve against wherever the redirect led.
     *
     * @param target the path and query, as requested
     * @param status the HTTP status to send
     * @param location the Location header, as sent
     * @param times how many responses get it
     * @return this origin
     */
    public T redirect(String target, int status, String location, int times) {
        front().redirects.add(target, status, location, times);
        return self();
    }

    /**
     * Every request for {@code target} is redirected.
     *
     * @param target the path and query, as requested
     * @param status the HTTP status to send
     * @param location the Location header, as sent
     * @return this origin
     */
    public T redirect(String target, int status, String location) {
        return redirect(target, status, location, Integer.MAX_VALUE);
    }

    /**
     * Playlist responses set cookie {@code name}; every other request (segments, keys, init
     * sections) without a valid one gets 403. With {@code renew}, each playlist response issues a
     * new token and only the newest two stay valid.
     *
     * @param name the name
     * @param renew whether each playlist response sets a new value
     * @return this origin
     */
    public T requireCookie(String name, boolean renew) {
        front().requireCookie(name, renew);
        return self();
    }

    /**
     * The next {@code times} responses for {@code target} send half the body (of the range asked), then a TCP reset.
     *
     * @param target the path and query, as requested
     * @param times how many responses get it
     * @return this origin
     */
    public T resetMidBody(String target, int times) {
        front().pathFaults.path(target, FaultPlan.Kind.RESET, 200, times);
        return self();
    }

    /**
     * The next {@code times} responses for {@code target} announce the full Content-Length, send half, and close.
     *
     * @param target the path and query, as requested
     * @param times how many responses get it
     * @return this origin
     */
    public T shortBody(String target, int times) {
        front().pathFaults.path(target, FaultPlan.Kind.SHORT, 200, times);
        return self();
    }

    /**
     * The next {@code times} requests for {@code target} get {@code status} ({@code Integer.MAX_VALUE}: always).
     *
     * @param target the path and query, as requested
     * @param status the HTTP status to send
     * @param times how many responses get it
     * @return this origin
     */
    public T failPath(String target, int status, int times) {
        front().pathFaults.path(target, FaultPlan.Kind.STATUS, status, times);
        return self();
    }
}
