package dev.avline.transcode;

/** Deinterlacing before scaling (set-top-box sources are often interlaced MPEG-2 SD). */
public enum Deinterlace {
    NONE(null),
    /** {@code yadif}, one frame per frame, only frames flagged interlaced. */
    YADIF("yadif=mode=send_frame:parity=auto:deint=interlaced"),
    /** {@code bwdif}: better quality than yadif at a similar cost. */
    BWDIF("bwdif=mode=send_frame:parity=auto:deint=interlaced");

    private final String filter;

    Deinterlace(String filter) {
        this.filter = filter;
    }

    /** The software filter, or null for NONE. Frame rate and timestamps are unchanged (one frame per frame). */
    public String filter() {
        return filter;
    }
}
