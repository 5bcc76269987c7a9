package dev.avline;

/**
 * Why avline could not do what it was asked: the one exception type a user catches. A job that fails
 * ends with one ({@link RecordingResult#failure()}); {@link Avline#probe}, {@link Avline#remuxSegment}
 * and {@link SegmentRemuxer} throw one.
 *
 * <p>When FFmpeg refused, it says what FFmpeg said: its error code and the code's name
 * ({@code EIO}, {@code HTTP_NOT_FOUND}, {@code INVALIDDATA}, …), FFmpeg's own text for it, the
 * operation, the URL with credentials redacted and the last line FFmpeg logged on the failing thread.
 * The message holds all of these, so logging {@link #getMessage()} is enough. Failures avline detects
 * itself carry a code too where one fits ({@code EINVAL}, {@code EPERM}), and zero where none does
 * (an unexpected exception, then the {@link #getCause() cause}).
 *
 * <p>Subclasses say what a caller may act on: {@link OutputRefused} (an output file avline will not
 * write) and {@link dev.avline.hls.UrlRefused} (the URL policy refused a live input).
 * {@link #getCause()} is diagnostics only: its type is not part of the API.
 */
public class AvlineException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** FFmpeg's AVERROR code, or 0. */
    private final int code;
    /** The code's name, or null. */
    private final String errorName;
    /** FFmpeg's text for the code, or null. */
    private final String ffmpegMessage;
    /** What was being done, or null. */
    private final String operation;
    /** The URL involved, redacted, or null. */
    private final String url;
    /** FFmpeg's last log line on the failing thread, or null. */
    private final String lastLogLine;

    /**
     * For avline's own subclasses and its boundary; every detail but the message may be null (or
     * zero for the code).
     *
     * @param message       the whole story, as {@link #getMessage()} gives it
     * @param cause         what was thrown inside avline, or null
     * @param operation     what was being done ("open input", "record live input", …)
     * @param code          FFmpeg's negative AVERROR code, or 0
     * @param errorName     the code's name ("EIO", "HTTP_NOT_FOUND", …), or null
     * @param ffmpegMessage FFmpeg's own text for the code ({@code av_strerror}), or null
     * @param url           the URL involved, credentials already redacted, or null
     * @param lastLogLine   the last line FFmpeg logged on the failing thread, or null
     */
    protected AvlineException(String message, Throwable cause, String operation, int code, String errorName,
                              String ffmpegMessage, String url, String lastLogLine) {
        super(message, cause);
        this.code = code;
        this.errorName = errorName;
        this.ffmpegMessage = ffmpegMessage;
        this.operation = operation;
        this.url = url;
        this.lastLogLine = lastLogLine;
    }

    /**
     * For avline's own subclasses that wrap a failure from inside (a transcode stage's): the FFmpeg
     * details, when FFmpeg's error is at the root of {@code cause}, are taken from it.
     *
     * @param message the whole story, as {@link #getMessage()} gives it
     * @param cause   what was thrown inside avline
     */
    protected AvlineException(String message, Throwable cause) {
        this(message, cause, Failures.ffmpegCause(cause));
    }

    private AvlineException(String message, Throwable cause, dev.avline.ffi.FfmpegException f) {
        this(message, cause, f == null ? null : f.operation(), f == null ? 0 : f.code(),
                f == null ? null : Failures.errorName(f), f == null ? null : f.ffmpegMessage(),
                f == null ? null : f.url(), f == null ? null : f.lastLogLine());
    }

    /** {@return FFmpeg's negative AVERROR code ({@code -5} for EIO, …), or 0 when there is none} */
    public int code() {
        return code;
    }

    /**
     * The code's name: the POSIX name for system errors ({@code EIO}, {@code ETIMEDOUT}), FFmpeg's
     * for its own ({@code INVALIDDATA}, {@code HTTP_NOT_FOUND}, {@code OPTION_NOT_FOUND}, {@code EXIT}),
     * or null when there is no code or avline's table has no name for it.
     *
     * @return the name, or null
     */
    public String errorName() {
        return errorName;
    }

    /** {@return FFmpeg's own text for the code ({@code av_strerror}), or null} */
    public String ffmpegMessage() {
        return ffmpegMessage;
    }

    /** {@return what was being done when it failed ("open input", "write packet", …), or null} */
    public String operation() {
        return operation;
    }

    /** {@return the URL involved, with credentials and tokens redacted; null when there was none} */
    public String url() {
        return url;
    }

    /** {@return the last line FFmpeg logged on the failing thread before the error, or null} */
    public String lastLogLine() {
        return lastLogLine;
    }
}
