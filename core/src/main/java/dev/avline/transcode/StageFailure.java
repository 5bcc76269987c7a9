package dev.avline.transcode;

import dev.avline.AvlineException;

/**
 * The first error of a transcode, with the stage it came from ("demux", "decode #0 h264",
 * "filter #1", "encode #0 libx264", "mux"). The cause is the original exception (usually an
 * {@link dev.avline.ffi.FfmpegException} with FFmpeg's own message).
 */
public final class StageFailure extends AvlineException {
    private static final long serialVersionUID = 1L;
    private final String stage;

    public StageFailure(String stage, Throwable cause) {
        super(stage + ": " + cause.getMessage(), cause);
        this.stage = stage;
    }

    public String stage() {
        return stage;
    }
}
