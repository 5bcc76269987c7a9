package dev.avline.micrometer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import dev.avline.Progress;
import dev.avline.ProgressListener;
import dev.avline.Recording;
import dev.avline.RecordingResult;
import dev.avline.events.Event;
import dev.avline.events.EventListener;
import dev.avline.events.Fallback;
import dev.avline.events.Gap;

/**
 * One avline job's progress and events as Micrometer meters, tagged {@code kind} (what the job is:
 * "live", "copy", "transcode", or your own word) and {@code label} (which one: a channel, a
 * customer; keep its values few, as for any tag).
 *
 * <pre>{@code
 * JobMetrics metrics = JobMetrics.of(registry, "live", "channel-7");
 * Recording r = Avline.record(input, output, settings)
 *         .onProgress(metrics.progress(p -> log.info("{}", p)))    // or metrics.progress(null)
 *         .onEvent(metrics.events(null))
 *         .start();
 * metrics.track(r);                                               // counts the end, then removes the gauges
 * }</pre>
 *
 * <table>
 * <caption>Meters</caption>
 * <tr><th>name</th><th>type</th><th>what</th></tr>
 * <tr><td>{@code avline.output.bytes}</td><td>counter (bytes)</td><td>bytes written</td></tr>
 * <tr><td>{@code avline.media.seconds}</td><td>counter (seconds)</td><td>media time written</td></tr>
 * <tr><td>{@code avline.frames}</td><td>counter</td><td>video frames written (packets for a copy)</td></tr>
 * <tr><td>{@code avline.gaps}</td><td>counter</td><td>{@code gap} events: losses in a live recording</td></tr>
 * <tr><td>{@code avline.gap.seconds}</td><td>counter (seconds)</td><td>media lost in those gaps</td></tr>
 * <tr><td>{@code avline.reconnects}</td><td>counter</td><td>{@code reconnect} events: outages survived</td></tr>
 * <tr><td>{@code avline.fallbacks}</td><td>counter, tag {@code stage}</td><td>{@code fallback} events: hardware not used</td></tr>
 * <tr><td>{@code avline.events}</td><td>counter, tag {@code event}</td><td>every event, by kind</td></tr>
 * <tr><td>{@code avline.jobs.ended}</td><td>counter, tag {@code state}</td><td>jobs ended: done, stopped, failed ({@link #track})</td></tr>
 * <tr><td>{@code avline.speed}</td><td>gauge</td><td>media time / wall time of the running job (1 = real time)</td></tr>
 * <tr><td>{@code avline.output.bitrate}</td><td>gauge (bits/s)</td><td>bit rate written so far</td></tr>
 * <tr><td>{@code avline.queue.depth}</td><td>gauge, tag {@code queue}</td><td>a transcode's queues ("decode#0", "encode#0", "mux")</td></tr>
 * </table>
 *
 * <p>Counters add up over every job with the same tags. Gauges belong to one running job: they are
 * removed from the registry when it ends ({@link #track}) or on {@link #close()}, so a finished
 * job leaves nothing behind; two jobs running at once with the same kind and label share the
 * counters, but the gauges show the first one.
 *
 * <p>Listeners run on avline's notifier thread, never on a pipeline thread: a slow registry never
 * slows the media.
 */
public final class JobMetrics implements AutoCloseable {
    private final MeterRegistry registry;
    private final Tags tags;
    private final Counter bytes;
    private final Counter mediaSeconds;
    private final Counter frames;
    private final Counter gaps;
    private final Counter gapSeconds;
    private final Counter reconnects;
    private final List<Meter> gauges = new ArrayList<>();
    private final Map<String, QueueDepth> queues = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    // Written by the notifier thread, read by the registry's: volatile is enough (one writer).
    private volatile double speed;
    private volatile double bitrate;
    private long countedBytes;
    private double countedSeconds;
    private long countedFrames;

    private JobMetrics(MeterRegistry registry, String kind, String label) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.tags = Tags.of("kind", Objects.requireNonNull(kind, "kind"), "label", Objects.requireNonNull(label, "label"));
        this.bytes = Counter.builder("avline.output.bytes").baseUnit("bytes").description("bytes written").tags(tags).register(registry);
        this.mediaSeconds = Counter.builder("avline.media.seconds").baseUnit("seconds").description("media time written")
                .tags(tags).register(registry);
        this.frames = Counter.builder("avline.frames").description("video frames written (packets for a stream copy)")
                .tags(tags).register(registry);
        this.gaps = Counter.builder("avline.gaps").description("losses in a live recording (gap events)").tags(tags).register(registry);
        this.gapSeconds = Counter.builder("avline.gap.seconds").baseUnit("seconds").description("media lost in gaps")
                .tags(tags).register(registry);
        this.reconnects = Counter.builder("avline.reconnects").description("outages survived (reconnect events)")
                .tags(tags).register(registry);
        gauges.add(Gauge.builder("avline.speed", this, m -> m.speed).description("media time / wall time of the running job")
                .tags(tags).register(registry));
        gauges.add(Gauge.builder("avline.output.bitrate", this, m -> m.bitrate).baseUnit("bits/s")
                .description("bit rate written so far").tags(tags).register(registry));
    }

    /**
     * Meters for one job, registered in {@code registry} at once.
     *
     * @param kind what the job is ("live", "copy", "transcode", …): the {@code kind} tag
     * @param label which job it is (a channel's name): the {@code label} tag
     */
    public static JobMetrics of(MeterRegistry registry, String kind, String label) {
        return new JobMetrics(registry, kind, label);
    }

    /** A progress listener that updates the meters, then calls {@code next} (which may be null). */
    public ProgressListener progress(ProgressListener next) {
        return p -> {
            onProgress(p);
            if (next != null) next.onProgress(p);
        };
    }

    /** An event listener that counts the event, then calls {@code next} (which may be null). */
    public EventListener events(EventListener next) {
        return e -> {
            onEvent(e);
            if (next != null) next.onEvent(e);
        };
    }

    /**
     * Counts how {@code recording} ends ({@code avline.jobs.ended}), brings the byte and media-time
     * counters to the result's final figures, and removes this job's gauges.
     */
    public JobMetrics track(Recording recording) {
        recording.completion().whenComplete((result, failure) -> {
            if (result != null) ended(result);
            else close();
        });
        return this;
    }

    /** Records a job's end from its result (what {@link #track} does when the job ends). */
    public synchronized void ended(RecordingResult result) {
        catchUp(result.bytes(), result.mediaSeconds());
        Counter.builder("avline.jobs.ended").description("jobs ended, by how").tags(tags)
                .tag("state", result.state().name().toLowerCase(java.util.Locale.ROOT)).register(registry).increment();
        close();
    }

    synchronized void onProgress(Progress p) {
        if (closed.get()) return;
        catchUp(p.bytes(), p.outTimeSeconds());
        if (p.frames() > countedFrames) {
            frames.increment(p.frames() - countedFrames);
            countedFrames = p.frames();
        }
        speed = p.speed();
        bitrate = p.bitrateKbps() * 1000;
        for (Map.Entry<String, Integer> q : p.queueDepths().entrySet()) {
            queues.computeIfAbsent(q.getKey(), this::queueGauge).depth = q.getValue();
        }
    }

    /** Progress and results give totals since the job started; the counters get what is new. */
    private void catchUp(long totalBytes, double totalSeconds) {
        if (totalBytes > countedBytes) {
            bytes.increment(totalBytes - countedBytes);
            countedBytes = totalBytes;
        }
        if (totalSeconds > countedSeconds) {
            mediaSeconds.increment(totalSeconds - countedSeconds);
            countedSeconds = totalSeconds;
        }
    }

    void onEvent(Event e) {
        if (e instanceof Gap g) {
            gaps.increment();
            gapSeconds.increment(Math.max(0, g.lostSeconds()));
        } else if (e.kind().equals("reconnect")) {
            reconnects.increment();
        } else if (e instanceof Fallback f) {
            Counter.builder("avline.fallbacks").description("hardware not used, by stage (fallback events)").tags(tags)
                    .tag("stage", f.stage()).register(registry).increment();
        }
        Counter.builder("avline.events").description("events, by kind").tags(tags).tag("event", e.kind())
                .register(registry).increment();
    }

    private QueueDepth queueGauge(String queue) {
        QueueDepth q = new QueueDepth();
        synchronized (gauges) {
            if (!closed.get()) {
                gauges.add(Gauge.builder("avline.queue.depth", q, d -> d.depth).description("items waiting in a transcode's queue")
                        .tags(tags).tag("queue", queue).register(registry));
            }
        }
        return q;
    }

    /** A queue's latest depth, read by its gauge. */
    private static final class QueueDepth {
        volatile double depth;
    }

    /** Removes this job's gauges from the registry (counters stay: they add up over jobs). Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        synchronized (gauges) {
            for (Meter m : gauges) registry.remove(m);
            gauges.clear();
        }
        queues.clear();
    }
}
