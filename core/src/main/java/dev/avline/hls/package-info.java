/**
 * Live HLS recording: avline's own client for RFC 8216 playlists, used by {@code Avline.record}.
 *
 * <p>API: {@link dev.avline.hls.LiveSettings} (outage budget, timeouts, attempts, size caps,
 * rotation), {@link dev.avline.hls.UrlPolicy} (which URLs a recording may fetch) and
 * {@link dev.avline.hls.UrlRefused} (what a refused input fails with). The recorder itself
 * ({@code LiveRecorder}) and the playlist reader behind {@code Avline.probe} are
 * {@link dev.avline.Internal}; everything else is package-private.
 */
package dev.avline.hls;
