package dev.avline.transcode;

import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.avline.JobContext;
import dev.avline.events.Fallback;
import dev.avline.events.FilterDelay;
import dev.avline.ffi.CodecResult;
import dev.avline.ffi.FfmpegException;
import dev.avline.ffi.FilterGraph;
import dev.avline.ffi.Frame;
import dev.avline.ffi.HwDevice;
import dev.avline.ffi.Rational;
import dev.avline.ffi.Timestamps;

/**
 * Runs one stream's filter graph: scaling, pixel format, deinterlacing (video); resampling, channel
 * layout, loudness (audio). The graph is built from the first frame as it really is (size, format,
 * on the GPU or not) and rebuilt when the input changes mid-stream (a resolution change in a live
 * feed): its output is pinned to what the encoder was opened with, so the encoder never notices.
 */
final class FilterStage extends Stage {
    private static final Logger LOG = LoggerFactory.getLogger(FilterStage.class);

    private FilterChains.Target target;
    /** A new output size from some media time on (adaptation's last resort), or null. */
    private volatile Resize resize;

    /** Scale to {@code width}x{@code height} from the first frame at or after {@code fromSeconds}. */
    record Resize(double fromSeconds, int width, int height) {
    }
    private final Link<Frame> in;
    private final Link<Frame> out;
    private final HwDevice device;
    private final int frameSize;
    private FilterGraph graph;
    private Rational outputTimeBase;
    private String description;
    private int width;
    private int height;
    private int format;
    private int rate;
    private int channels;
    private Slot<Frame> pending;
    private volatile long rebuilds;
    private volatile double firstOutputLagSeconds = Double.NaN;
    private long lastInputEnd = Timestamps.NOPTS;
    private Rational inputTimeBase;
    private final boolean restamp;
    private final Rational sampleTicks;
    private long nextPts = Timestamps.NOPTS;
    private final JobContext context;
    private final int outputStream;
    private int videoThreads; // FFmpeg's slice threads for a video graph; 0 = its choice
    private Frame spare;              // a reference to the frame a new GPU graph is trying (to send again after a fallback)
    private boolean gpuUnproven;      // the graph has GPU filters and has not produced a frame yet
    private boolean gpuFellBack;
    private long produced;

    /**
     * @param frameSize samples per audio frame the encoder wants (0: any)
     * @param device for GPU filters and uploads, or null
     */
    FilterStage(String name, Control control, FilterChains.Target target, Link<Frame> in, Link<Frame> out, HwDevice device,
                int frameSize, JobContext context, int outputStream) {
        super(name, control);
        this.context = context;
        this.outputStream = outputStream;
        this.target = target;
        this.in = in;
        this.out = out;
        this.device = device;
        this.frameSize = frameSize;
        this.restamp = !target.video() && target.loudnorm() != null;
        this.sampleTicks = target.video() ? null : new Rational(1, target.sampleRate());
    }

    /** Caps a video graph's slice threads (0: FFmpeg's choice); call before the stage runs. */
    FilterStage threads(int n) {
        this.videoThreads = n;
        return this;
    }

    @Override
    void work() {
        try {
            for (;;) {
                Slot<Frame> s = in.take();
                if (s.end) {
                    in.release(s);
                    if (graph != null) {
                        graph.pushEnd(0, Timestamps.NOPTS);
                        drain();
                    }
                    out.publishEnd(0);
                    return;
                }
                Frame f = s.item;
                Resize r = resize;
                if (r != null && target.video() && f.pts() != Timestamps.NOPTS
                        && s.timeBase.seconds(f.pts()) + 1e-6 >= r.fromSeconds()) {
                    resize = null;
                    target = target.withSize(r.width(), r.height());
                    if (graph != null) rebuild(f, s.timeBase); // the encoder follows the new frame size
                }
                if (gpuUnproven || graph == null || changed(f)) {
                    filterWithFallback(f, s.timeBase);
                    in.release(s);
                    continue;
                }
                noteInput(f, s.timeBase);
                graph.push(0, f);
                in.release(s);
                drain();
            }
        } finally {
            if (graph != null) graph.close();
            if (spare != null) spare.close();
        }
    }

    /**
     * Builds the graph when needed and filters {@code f}; while a graph of GPU filters has not yet
     * produced a frame, a failure (the filter refuses the device, the format, the size) is not the
     * end of the job: the graph is rebuilt with software filters (download, filter, upload again if
     * the encoder takes GPU frames) and the same frame goes through it, as a decoder falls back.
     */
    private void filterWithFallback(Frame f, Rational timeBase) {
        boolean gpu = !gpuFellBack && target.video() && target.gpuKind() != null && f.isHardware();
        if (gpu) {
            if (spare == null) spare = new Frame();
            f.refInto(spare); // the push gives the frame away: keep it to send again
        }
        try {
            if (graph == null || changed(f)) rebuild(f, timeBase);
            noteInput(f, timeBase);
            graph.push(0, f);
            drain();
            gpuUnproven = gpu && produced == 0;
        } catch (FfmpegException e) {
            if (!gpu) throw e;
            gpuFellBack = true;
            gpuUnproven = false;
            String failed = description;
            if (graph != null) {
                graph.close();
                graph = null;
            }
            target = target.withoutGpuFilters();
            String reason = "the GPU filter graph '" + failed + "' failed: " + e.getMessage();
            LOG.warn("{}: {}; filtering in software", name, reason);
            context.emit(new Fallback(Instant.now(), "filter", failed, "software filters", reason, produced));
            rebuild(spare, timeBase);
            noteInput(spare, timeBase);
            graph.push(0, spare);
            drain();
        } finally {
            if (spare != null) spare.unref();
        }
    }

    private boolean changed(Frame f) {
        if (target.video()) return f.width() != width || f.height() != height || f.format() != format;
        return f.sampleRate() != rate || f.format() != format || f.channels() != channels;
    }

    private void rebuild(Frame f, Rational timeBase) {
        if (graph != null) {
            LOG.info("{}: input changed to {}, rebuilding the filter graph", name, describeInput(f));
            graph.pushEnd(0, Timestamps.NOPTS);
            drain();
            graph.close();
            graph = null;
            rebuilds++;
        }
        description = target.video() ? FilterChains.video(target, f) : FilterChains.audio(target);
        // Video filters may use FFmpeg's slice threads (scaling a large picture); audio needs none.
        FilterGraph.Builder b = FilterGraph.describe(description).threads(target.video() ? videoThreads : 1);
        if (target.video()) b.videoInputLike("in", f, timeBase, target.frameRate()).videoOutput("out");
        else b.audioInputLike("in", f, timeBase).audioOutput("out");
        if (device != null) b.device(device);
        graph = b.build();
        if (frameSize > 0) graph.setFrameSize(0, frameSize);
        outputTimeBase = graph.outputTimeBase(0);
        nextPts = Timestamps.NOPTS; // a new graph follows its input's time again
        inputTimeBase = timeBase;
        width = f.width();
        height = f.height();
        format = f.format();
        rate = f.sampleRate();
        channels = f.channels();
        LOG.debug("{}: {} → '{}'", name, describeInput(f), description);
    }

    private static String describeInput(Frame f) {
        return f.isVideo() ? f.width() + "x" + f.height() + " " + f.formatName()
                : f.sampleRate() + " Hz " + f.channelLayoutName() + " " + f.formatName();
    }

    /** Remembers how far the input has got, to measure the latency of the first output. */
    private void noteInput(Frame f, Rational tb) {
        if (!Double.isNaN(firstOutputLagSeconds)) return;
        long pts = f.pts();
        if (pts == Timestamps.NOPTS) return;
        long dur = target.video() ? 0 : new Rational(1, Math.max(1, f.sampleRate())).rescale(f.samples(), tb);
        lastInputEnd = pts + dur;
        inputTimeBase = tb;
    }

    private void drain() {
        for (;;) {
            if (pending == null) pending = out.acquire();
            CodecResult r = graph.pull(0, pending.item);
            if (r != CodecResult.OK) return;
            if (Double.isNaN(firstOutputLagSeconds) && lastInputEnd != Timestamps.NOPTS) {
                long pts = pending.item.pts();
                if (pts != Timestamps.NOPTS) {
                    firstOutputLagSeconds = inputTimeBase.seconds(lastInputEnd) - outputTimeBase.seconds(pts);
                    if (firstOutputLagSeconds > 0.5) {
                        context.emit(new FilterDelay(Instant.now(), outputStream, firstOutputLagSeconds, description));
                        LOG.info("{}: the filter graph held {} s of input before its first output ('{}')", name,
                                String.format(java.util.Locale.ROOT, "%.2f", firstOutputLagSeconds), description);
                    }
                }
            }
            if (restamp) restamp(pending.item);
            pending.timeBase = outputTimeBase;
            out.publish(pending);
            pending = null;
            produced++;
        }
    }

    /**
     * After loudnorm, audio is one continuous run of samples (its input gaps were filled before it):
     * each frame starts where the previous ended. This also corrects loudnorm's last frame, which
     * it stamps (100 ms − the last partial block) too late when the input does not end on a 100 ms
     * boundary, a jump that would put the end of the audio behind the video.
     */
    private void restamp(Frame f) {
        if (nextPts == Timestamps.NOPTS) {
            nextPts = f.pts();
            if (nextPts == Timestamps.NOPTS) return;
        } else {
            f.setPts(nextPts);
        }
        nextPts += sampleTicks.rescale(f.samples(), outputTimeBase);
    }

    /** Asks for another output size from {@code fromSeconds} on (any thread; applied on the stage's thread). */
    void resize(Resize r) {
        this.resize = r;
    }

    /** The output size asked for now (video). */
    int[] outputSize() {
        FilterChains.Target t = target;
        return new int[] {t.width(), t.height()};
    }

    @Override
    void cleanup() {
        if (pending != null) {
            out.release(pending);
            pending = null;
        }
    }

    /**
     * Media time the graph had taken in when its first frame came out, minus that frame's time: the
     * latency the graph adds (about 3 s for dynamic loudnorm, ~0 otherwise); NaN before the first output.
     */
    double firstOutputLagSeconds() {
        return firstOutputLagSeconds;
    }

    long rebuilds() {
        return rebuilds;
    }
}
