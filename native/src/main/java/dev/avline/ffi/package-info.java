/**
 * Not API: avline's native boundary, the only code that touches the JavaCPP bindings of FFmpeg
 * ({@code org.bytedeco}). One small owning class per FFmpeg object, closed exactly once, guarded
 * against use after close; one exception type for FFmpeg's errors, which avline-core's API turns into
 * {@code dev.avline.AvlineException} before a user sees it.
 *
 * <p>It is its own artifact ({@code avline-native}, module {@code dev.avline.ffi}) that
 * {@code avline-core} and {@code avline-testkit} depend on. Its types are public because those
 * modules use them; avline-core's API never takes or returns one (a test keeps it so). It may
 * change in any release: use {@code dev.avline} instead.
 */
package dev.avline.ffi;
