package dev.avline.testkit;

import java.util.ArrayList;
import java.util.List;

/**
 * Encodes the origin's media pools with its fixed settings (rate, audio, segment and pool
 * length, packaging) and owns them: every pool made is closed with the origin, including those
 * of earlier media switches that a client may still be fetching.
 */
final class MediaPools {
    private final int fps;
    private final boolean audio;
    private final double segmentSeconds;
    private final double poolSeconds;
    private final LiveMediaPool.Packaging packaging;
    private final List<LiveMediaPool> pools = new ArrayList<>();

    MediaPools(int fps, boolean audio, double segmentSeconds, double poolSeconds, boolean fmp4) {
        this.fps = fps;
        this.audio = audio;
        this.segmentSeconds = segmentSeconds;
        this.poolSeconds = poolSeconds;
        this.packaging = fmp4 ? LiveMediaPool.Packaging.FMP4 : LiveMediaPool.Packaging.TS;
    }

    /** Encodes new media (a second or so). */
    LiveMediaPool create(int width, int height, int channels) {
        LiveMediaPool p = new LiveMediaPool(width, height, fps, audio, channels, segmentSeconds, poolSeconds, packaging);
        synchronized (pools) {
            pools.add(p);
        }
        return p;
    }

    void closeAll() {
        synchronized (pools) {
            for (LiveMediaPool p : pools) {
                synchronized (p) { // waits for a mux in progress on it
                    p.close();
                }
            }
        }
    }
}
