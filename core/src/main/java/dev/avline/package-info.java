/**
 * avline's front door: FFmpeg 7 inside the JVM, to record, remux, transcode and probe.
 *
 * <p>{@link dev.avline.Avline} starts everything; {@link dev.avline.Input} and {@link dev.avline.Output}
 * say what to read and where to write; a job runs as a {@link dev.avline.Recording} and ends with a
 * {@link dev.avline.RecordingResult}; what goes wrong is an {@link dev.avline.AvlineException}. Basic use
 * needs this package only, plus one settings class for a live recording
 * ({@code dev.avline.hls.LiveSettings}) or a transcode ({@code dev.avline.transcode.TranscodeSettings}):
 *
 * <pre>{@code
 * import dev.avline.*;
 *
 * RecordingResult r = Avline.copy(Input.url("in.mkv"), Output.file(Path.of("out.mp4"))).run();
 * if (!r.succeeded()) log.warn("copy failed: {}", r.error().getMessage());
 * MediaInfo info = Avline.probe(Input.url("in.mkv"));
 * }</pre>
 *
 * <p>The API is this package, {@code dev.avline.events}, {@code dev.avline.config}, the settings of
 * {@code dev.avline.hls} ({@code LiveSettings}, {@code UrlPolicy}, {@code UrlRefused}), of
 * {@code dev.avline.transcode} and {@code dev.avline.hw} ({@code Hardware}, {@code HwAccel}), and
 * {@code dev.avline.hlsout.HlsOutput}. A public type or member marked {@link dev.avline.Internal} is
 * not API, nor is {@code dev.avline.remux}, nor the native boundary {@code dev.avline.ffi} (module
 * {@code avline-native}), whose types the API never takes or returns.
 */
package dev.avline;
