package dev.avline;

import java.time.Duration;

/**
 * Lets the per-packet benchmark drive {@link dev.avline.remux.CopyWriter} (the output side of a
 * stream copy) directly, without a {@link Recording} thread around it. It lives in package
 * {@code dev.avline} only to reach {@link JobContext}'s package-private constructor, the way
 * {@link SegmentRemuxer} does; nothing outside the bench module uses it.
 */
public final class BenchContexts {
    private BenchContexts() {
    }

    /** A context with no listeners (events are only collected), no duration limit, 5 s progress period. */
    public static JobContext detached(String name) {
        return new JobContext(name, Duration.ofSeconds(5), null, null);
    }
}
