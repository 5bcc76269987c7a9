package dev.avline.ffi;

/** The outcome of a send or receive on a codec or filter graph: EAGAIN and EOF are control flow. */
public enum CodecResult {
    /** One frame or packet was produced or accepted. */
    OK,
    /** Nothing now: feed more input (receive) or drain output first (send). */
    AGAIN,
    /** Fully drained: nothing more will come. */
    END
}
