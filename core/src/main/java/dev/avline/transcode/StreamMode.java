package dev.avline.transcode;

/** What happens to a kind of stream in a transcode. */
public enum StreamMode {
    /** Decode, filter and encode with the settings. */
    TRANSCODE,
    /** Copy the packets as they are (the output container must be able to carry the codec). */
    COPY,
    /**
     * Copy when the stream already fits: same codec as the target encoder makes, carried by the
     * output container, and no filter asked for (no scaling, deinterlacing, resampling, loudness);
     * transcode otherwise. AAC audio into MPEG-TS is the usual case.
     */
    COPY_IF_MATCHING,
    /** Leave this kind of stream out of the output. */
    DROP
}
