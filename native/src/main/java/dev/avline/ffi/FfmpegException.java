package dev.avline.ffi;

/**
 * The one exception type of the native boundary: an FFmpeg call that failed, with everything
 * needed to understand it without a debugger: the code and its name, FFmpeg's own text, the
 * operation, the URL (credentials redacted) and the last line FFmpeg logged on this thread.
 */
public class FfmpegException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int code;
    private final AvError error;
    private final String ffmpegMessage;
    private final String operation;
    private final String url;
    private final String lastLogLine;

    public FfmpegException(String operation, int code, String url) {
        this(operation, code, url, null, null);
    }

    public FfmpegException(String operation, int code, String url, String detail, Throwable cause) {
        this(operation, code, Ffmpeg.errorText(code), url, detail, LogBridge.lastLineOnThisThread(), cause);
    }

    /** For failures detected by avline itself, with no FFmpeg code of their own (EINVAL by default). */
    public static FfmpegException invalid(String operation, String url, String detail) {
        return new FfmpegException(operation, AvError.EINVAL.code(), "Invalid argument", url, detail, null, null);
    }

    protected FfmpegException(String operation, int code, String ffmpegMessage, String url, String detail,
                              String lastLogLine, Throwable cause) {
        super(format(operation, code, ffmpegMessage, Urls.redact(url), detail, lastLogLine), cause);
        this.code = code;
        this.error = AvError.of(code);
        this.ffmpegMessage = ffmpegMessage;
        this.operation = operation;
        this.url = Urls.redact(url);
        this.lastLogLine = lastLogLine;
    }

    private static String format(String op, int code, String text, String url, String detail, String log) {
        StringBuilder b = new StringBuilder(op).append(" failed");
        if (url != null) b.append(" for ").append(url);
        b.append(": ");
        if (detail != null) b.append(detail).append(" (");
        b.append(text).append(", ").append(AvError.of(code) == AvError.OTHER ? "AVERROR " + code : AvError.of(code).name());
        if (detail != null) b.append(')');
        if (log != null && !log.isBlank()) b.append("; FFmpeg said: ").append(log);
        return b.toString();
    }

    /** The raw negative AVERROR value. */
    public int code() {
        return code;
    }

    public AvError error() {
        return error;
    }

    /** FFmpeg's own text for the code ({@code av_strerror}). */
    public String ffmpegMessage() {
        return ffmpegMessage;
    }

    public String operation() {
        return operation;
    }

    /** The URL involved, with credentials and tokens redacted; null when there was none. */
    public String url() {
        return url;
    }

    /** The last line FFmpeg logged on the failing thread before the error, or null. */
    public String lastLogLine() {
        return lastLogLine;
    }
}
