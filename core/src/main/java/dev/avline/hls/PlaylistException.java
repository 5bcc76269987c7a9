package dev.avline.hls;

/**
 * A playlist that cannot be recorded as it is written: the message names the tag or the reason
 * (shown to the user as it is). Thrown by the parser; the recorder turns it into the job's failure.
 */
final class PlaylistException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    PlaylistException(String message) {
        super(message);
    }
}
