package dev.avline.transcode;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The assembled stages, their links, and every native resource they use. Stages run on their own
 * threads; the resources belong to the job's thread, which closes them (in reverse order of
 * creation) only after every stage thread has ended.
 */
final class Pipeline implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);
    private static final long STUCK_AFTER_ABORT_MILLIS = 30_000;

    final Control control = new Control();
    final List<Stage> stages = new ArrayList<>();
    final List<Link<?>> links = new ArrayList<>();
    final List<EncodeStage> encoders = new ArrayList<>();
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();

    /** Registers a resource to close when the pipeline is closed; returns it. */
    <T extends AutoCloseable> T own(T resource) {
        resources.add(resource);
        return resource;
    }

    <H> Link<H> link(Link<H> link) {
        links.add(own(link));
        return link;
    }

    <S extends Stage> S stage(S stage) {
        stages.add(stage);
        if (stage instanceof EncodeStage e) encoders.add(e);
        return stage;
    }

    /** Starts one thread per stage, made by the job's thread factory. */
    void start(dev.avline.JobContext ctx) {
        String jobName = ctx.name();
        for (Stage s : stages) {
            s.attribute(jobName);
            threads.add(ctx.newThread(s, jobName + " " + s.name, true));
        }
        for (Thread t : threads) t.start();
    }

    /** Waits for every stage to end. A stage stuck in native code after an abort is left behind (logged). */
    void join() throws InterruptedException {
        for (Thread t : threads) {
            for (;;) {
                t.join(control.isAborted() ? STUCK_AFTER_ABORT_MILLIS : 1000);
                if (!t.isAlive()) break;
                if (control.isAborted()) {
                    LOG.error("stage thread '{}' did not end within {} s after the pipeline failed; leaving it",
                            t.getName(), TimeUnit.MILLISECONDS.toSeconds(STUCK_AFTER_ABORT_MILLIS));
                    break;
                }
            }
        }
    }

    /**
     * Frees everything. Stage threads still running (the job thread was interrupted while waiting)
     * are aborted and given a moment first; a handle closed under a running call is only freed when
     * that call returns, so even a straggler cannot crash the JVM.
     */
    @Override
    public void close() {
        boolean running = threads.stream().anyMatch(Thread::isAlive);
        if (running) {
            control.fail("job", new IllegalStateException("the job ended while its stages were running"));
            for (Thread t : threads) {
                try {
                    t.join(2000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        RuntimeException first = null;
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                if (first == null) first = e instanceof RuntimeException re ? re : new IllegalStateException(e);
            }
        }
        if (first != null) throw first;
    }
}
