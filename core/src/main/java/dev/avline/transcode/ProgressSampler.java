package dev.avline.transcode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.avline.JobContext;
import dev.avline.Progress;

/**
 * Builds progress snapshots from the stages' counters: frames, fps, out time, bytes, bitrate,
 * speed, dropped/duplicated frames, hardware in use and every queue's depth. Runs on the mux thread
 * (one snapshot per stats period) and once at the end; a snapshot allocates, a packet never does.
 */
final class ProgressSampler {
    private final JobContext context;
    private final String hardware;
    private final List<Link<?>> links;
    private final List<EncodeStage> encoders;
    private volatile String hardwareNow;

    ProgressSampler(JobContext context, String hardware, List<Link<?>> links, List<EncodeStage> encoders) {
        this.context = context;
        this.hardware = hardware;
        this.hardwareNow = hardware;
        this.links = links;
        this.encoders = encoders;
    }

    /** Changes what is reported as hardware in use (after a fallback seen while running). */
    void hardware(String now) {
        this.hardwareNow = now;
    }

    Progress snapshot(MuxStage mux, boolean last) {
        double wall = Math.max(1e-9, context.elapsed().toNanos() / 1e9);
        double media = mux.outSeconds();
        long bytes = mux.bytes();
        long frames = -1;
        long dropped = 0;
        for (EncodeStage e : encoders) {
            dropped += e.dropped();
            if (e.isVideo() && frames < 0) frames = e.frames();
        }
        if (frames < 0) frames = mux.videoPackets();
        Map<String, Integer> depths = new LinkedHashMap<>();
        for (Link<?> l : links) depths.put(l.name(), l.depth());
        return new Progress(context.elapsed(), frames, frames / wall, media, bytes,
                media > 0 ? bytes * 8 / media / 1000 : 0, media / wall, dropped, 0, 0, hardwareNow,
                java.util.Collections.unmodifiableMap(depths), last);
    }

    void report(MuxStage mux, boolean last) {
        context.progress(snapshot(mux, last));
    }

    String hardware() {
        return hardware;
    }
}
