package dev.avline.ffi;

import java.util.HashMap;
import java.util.Map;

/**
 * The one table of FFmpeg error codes. FFmpeg returns {@code AVERROR(errno)} for system errors and
 * {@code FFERRTAG(a,b,c,d)} tags for its own; this maps both to stable names a caller can switch on.
 * Errno values are Linux's (the only platform the bindings are shipped for here).
 */
public enum AvError {
    EPERM(-1), ENOENT(-2), EIO(-5), EAGAIN(-11), ENOMEM(-12), EACCES(-13), EINVAL(-22), EPIPE(-32),
    ENOSYS(-38), ENETUNREACH(-101), ECONNRESET(-104), ETIMEDOUT(-110), ECONNREFUSED(-111),
    EHOSTUNREACH(-113),
    BSF_NOT_FOUND(tag(0xF8, 'B', 'S', 'F')),
    BUG(tag('B', 'U', 'G', '!')),
    BUFFER_TOO_SMALL(tag('B', 'U', 'F', 'S')),
    DECODER_NOT_FOUND(tag(0xF8, 'D', 'E', 'C')),
    DEMUXER_NOT_FOUND(tag(0xF8, 'D', 'E', 'M')),
    ENCODER_NOT_FOUND(tag(0xF8, 'E', 'N', 'C')),
    EOF(tag('E', 'O', 'F', ' ')),
    EXIT(tag('E', 'X', 'I', 'T')),
    EXTERNAL(tag('E', 'X', 'T', ' ')),
    FILTER_NOT_FOUND(tag(0xF8, 'F', 'I', 'L')),
    INVALIDDATA(tag('I', 'N', 'D', 'A')),
    MUXER_NOT_FOUND(tag(0xF8, 'M', 'U', 'X')),
    OPTION_NOT_FOUND(tag(0xF8, 'O', 'P', 'T')),
    PATCHWELCOME(tag('P', 'A', 'W', 'E')),
    PROTOCOL_NOT_FOUND(tag(0xF8, 'P', 'R', 'O')),
    STREAM_NOT_FOUND(tag(0xF8, 'S', 'T', 'R')),
    BUG2(tag('B', 'U', 'G', ' ')),
    UNKNOWN(tag('U', 'N', 'K', 'N')),
    EXPERIMENTAL(-0x2bb2afa8),
    INPUT_CHANGED(-0x636e6701),
    OUTPUT_CHANGED(-0x636e6702),
    HTTP_BAD_REQUEST(tag(0xF8, '4', '0', '0')),
    HTTP_UNAUTHORIZED(tag(0xF8, '4', '0', '1')),
    HTTP_FORBIDDEN(tag(0xF8, '4', '0', '3')),
    HTTP_NOT_FOUND(tag(0xF8, '4', '0', '4')),
    HTTP_TOO_MANY_REQUESTS(tag(0xF8, '4', '2', '9')),
    HTTP_OTHER_4XX(tag(0xF8, '4', 'X', 'X')),
    HTTP_SERVER_ERROR(tag(0xF8, '5', 'X', 'X')),
    /** Anything not in this table; {@link FfmpegException#code()} still has the raw value. */
    OTHER(Integer.MIN_VALUE);

    private static final Map<Integer, AvError> BY_CODE = new HashMap<>();
    static {
        for (AvError e : values()) {
            if (e != OTHER) BY_CODE.put(e.code, e);
        }
    }

    private final int code;

    AvError(int code) {
        this.code = code;
    }

    /** The negative value FFmpeg returns for this error. */
    public int code() {
        return code;
    }

    public static AvError of(int code) {
        return BY_CODE.getOrDefault(code, OTHER);
    }

    /** True for errors that mean "the network or the origin failed", worth a reconnect. */
    public boolean isNetwork() {
        switch (this) {
            case EIO: case ECONNRESET: case ETIMEDOUT: case ECONNREFUSED: case EHOSTUNREACH:
            case ENETUNREACH: case EPIPE: case HTTP_SERVER_ERROR: case HTTP_NOT_FOUND:
            case HTTP_TOO_MANY_REQUESTS: case HTTP_FORBIDDEN: case HTTP_OTHER_4XX: case EOF:
                return true;
            default:
                return false;
        }
    }

    private static int tag(int a, int b, int c, int d) {
        return -(a | (b << 8) | (c << 16) | (d << 24));
    }
}
