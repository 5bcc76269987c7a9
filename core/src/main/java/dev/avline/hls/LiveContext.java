package dev.avline.hls;

import dev.avline.Input;
import dev.avline.JobContext;
import dev.avline.ffi.AvError;
import dev.avline.ffi.FfmpegException;

/**
 * What the renditions of one live recording share: its job context, settings, the HTTP fetcher
 * (cookies, URL policy), the outage clock, the progress heartbeat and the stop signal. Waits go
 * through {@link #sleep(long)} so that a stop ends them at once and progress keeps coming.
 */
final class LiveContext {
    final JobContext job;
    final LiveSettings settings;
    final Input input;
    final UrlGuard guard;
    final HttpFetcher http;
    final OutageClock outage;
    private final Runnable heartbeat;
    private final Object wake = new Object();
    private volatile boolean stopped;

    LiveContext(JobContext job, Input input, LiveSettings settings, Runnable heartbeat) {
        this.job = job;
        this.input = input;
        this.settings = settings;
        this.heartbeat = heartbeat;
        this.guard = new UrlGuard(settings.urlPolicy(), input.url(), job.name(), job::emit);
        RequestProfile profile = RequestProfile.of(input, settings);
        this.http = new HttpFetcher(profile, guard, new CookieJar(input.url(), profile.cookies()), this::sleep);
        this.outage = new OutageClock(job, settings.outageBudget().toNanos());
    }

    /** Ends every wait and request of this recording: from any thread. */
    void stop() {
        stopped = true;
        http.cancel();
        synchronized (wake) {
            wake.notifyAll();
        }
    }

    boolean stopped() {
        return stopped || job.stopRequested();
    }

    /** Waits {@code millis} (progress keeps coming); false when the recording was stopped meanwhile. */
    boolean sleep(long millis) {
        long end = System.nanoTime() + millis * 1_000_000;
        synchronized (wake) {
            while (!stopped()) {
                heartbeat.run();
                long left = end - System.nanoTime();
                if (left <= 0) return true;
                try {
                    wake.wait(Math.max(1, Math.min(50, left / 1_000_000)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return false;
    }

    void heartbeat() {
        heartbeat.run();
    }

    /** Fails the recording when media has not flowed for the outage budget. */
    void checkOutageBudget(String url) {
        if (!stopped() && outage.inOutage() && outage.budgetSpent()) {
            throw new FfmpegException("record live input", AvError.EIO.code(), url, "no media for "
                    + (long) outage.quietSeconds() + " s, beyond the outage budget of " + outage.budgetSeconds()
                    + " s; last failure: " + outage.reason(), null);
        }
    }
}
