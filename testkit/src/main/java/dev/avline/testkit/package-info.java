/**
 * avline's test kit ({@code avline-testkit}, module {@code dev.avline.testkit}), for your tests as for
 * avline's own, like OkHttp's mockwebserver: take it with {@code <scope>test</scope>}.
 *
 * <ul>
 *   <li>{@link dev.avline.testkit.LiveHlsOrigin}: a live HLS origin on 127.0.0.1 (test pattern and
 *       tone, made in-process) that injects faults into real sockets on demand: 5xx and 404 for a
 *       segment, resets mid-body, short bodies, a blackhole, a frozen or failing playlist,
 *       discontinuities; every request is logged ({@link dev.avline.testkit.OriginRequest}).</li>
 *   <li>{@link dev.avline.testkit.StaticOrigin}: playlists, segments, keys and init sections served
 *       from memory by path, with the behaviours of real origins switchable (no {@code Accept-Ranges},
 *       redirects, cookies, resets, short bodies); {@link dev.avline.testkit.PlaylistTimeline} replays
 *       a whole playlist in real time as an EVENT playlist or a live window.</li>
 *   <li>{@link dev.avline.testkit.TestMedia}: media made with libavfilter's {@code testsrc2} and
 *       {@code sine} and the bundled encoders: no downloaded fixtures.</li>
 *   <li>{@link dev.avline.testkit.MediaProbe}: an output opened again and decoded whole
 *       ({@link dev.avline.testkit.MediaReport}: streams, codecs, durations, DTS order, decode errors).</li>
 * </ul>
 *
 * <p>It depends on {@code avline-native} only (never on {@code avline-core}, which it tests), and its
 * servers bind to 127.0.0.1.
 */
package dev.avline.testkit;
