package dev.avline.examples.recorder;

import java.time.Duration;
import java.util.Map;

import dev.avline.Avline;
import dev.avline.Input;
import dev.avline.Output;
import dev.avline.Recording;
import dev.avline.config.AvlineConfig;
import dev.avline.config.LivePlan;
import dev.avline.hlsout.HlsOutput;
import dev.avline.transcode.Ladder;

/**
 * The one place where the recorder's settings become an avline job:
 * <ul>
 *   <li>a remote HLS playlist ({@link HlsDetector}) is recorded with {@code Avline.record}: avline's
 *       own live client, which retries every request, re-opens the input when FFmpeg gives up and
 *       reports every loss ({@link LiveOptions} maps the settings onto it); with {@code --transcode}
 *       that recording feeds a transcode through an in-memory pipe ({@link LiveTranscode});</li>
 *   <li>anything else (a file, a plain http stream or file) is copied with {@code Avline.copy} or
 *       transcoded with {@code Avline.transcode}, with FFmpeg's own HTTP reconnect options for
 *       remote inputs.</li>
 * </ul>
 * {@link TranscodeOptions} makes the transcode's settings. Options that only mean something when
 * re-encoding ({@code --hw}, {@code --audio-normalize}) are refused with a stream copy, by the name
 * the user gave them, never dropped; the config's {@code ffmpeg.hw_accel} is accepted there, since
 * every field config carries it.
 */
public final class JobPlanner {
    /**
     * FFmpeg's HTTP reconnect options (what {@code ffmpeg.reconnect_enabled} means in the field), for a
     * remote input that is not HLS. Not {@code reconnect_at_eof}: it makes a live playlist request loop.
     */
    static final Map<String, String> RECONNECT_OPTIONS = AvlineConfig.RECONNECT_OPTIONS;
    /** How long the probe of a URL that does not say what it is may take. */
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);

    private final HlsDetector detector;

    public JobPlanner() {
        this(new HlsDetector(PROBE_TIMEOUT));
    }

    JobPlanner(HlsDetector detector) {
        this.detector = detector;
    }

    /** The job for {@code s}, reading {@code inputUrl} (the demo's URL, or {@code s.input()}). */
    public Recording.Builder plan(RecorderSettings s, String inputUrl) {
        PackagingOptions p = s.packaging();
        Recording.Builder job;
        if (p.ladder() != null) {
            job = ladder(s, inputUrl);
        } else {
            boolean live = isLiveHls(s, inputUrl);
            Output out = p.hlsDirectory() != null ? Output.hls(hls(s, live)) : Output.file(s.output(), s.container()).overwrite(s.overwrite());
            job = s.mode().value() == Mode.TRANSCODE ? transcode(s, inputUrl, out, live) : copy(s, inputUrl, out, live);
        }
        job.name("recorder").statsPeriod(s.statsPeriod());
        if (s.duration() != null) job.maxDuration(s.duration());
        return job;
    }

    /**
     * The HLS output of {@code --hls-out}: a live playlist for a live input (a sliding window with
     * program date-times, what a time-shift server serves), a VOD playlist otherwise, or what
     * {@code --hls-type} says; segments in the container of {@code --format} (TS by default).
     */
    static HlsOutput hls(RecorderSettings s, boolean live) {
        PackagingOptions p = s.packaging();
        String type = p.hlsType() != null ? p.hlsType() : live ? "live" : "vod";
        HlsOutput h = switch (type) {
            case "live" -> HlsOutput.live(p.hlsDirectory(), p.hlsWindow());
            case "event" -> HlsOutput.event(p.hlsDirectory());
            default -> HlsOutput.vod(p.hlsDirectory());
        };
        return h.segmentSeconds(p.segmentSeconds()).segments(s.container());
    }

    /**
     * A ladder ({@code --ladder}): decoded once, each rendition encoded on its own thread, written as
     * HLS with a master playlist. A live HLS input is recorded by avline's live client and handed
     * to the ladder through an in-memory pipe, as a live transcode is ({@link LiveTranscode}).
     */
    private Recording.Builder ladder(RecorderSettings s, String url) {
        if (s.hardware().source().equals("--hw") && s.hardware().value() != Hardware.NONE) {
            throw new UsageException("--hw: a --ladder encodes with libx264 in software (give --hw none or leave it out)");
        }
        boolean live = isLiveHls(s, url);
        HlsOutput h = hls(s, live);
        Ladder ladder = s.packaging().ladder();
        Input in = input(s, url);
        if (live) {
            LivePlan plan = LiveOptions.plan(s);
            if (!plan.inputOptions().isEmpty()) in = in.options(plan.inputOptions());
            return Avline.run(new LiveTranscode(in, plan.settings(), h.directory().resolve("master.m3u8").toString(),
                    feed -> Avline.ladder(feed, h, ladder)), "live-ladder");
        }
        if (s.reconnect() && in.isRemote()) in = in.options(RECONNECT_OPTIONS);
        if (!s.inputOptions().isEmpty()) in = in.options(s.inputOptions()); // the user's own win
        return Avline.ladder(in, h, ladder);
    }

    /** True when {@code url} is recorded as live HLS ({@code Avline.record}), false for {@code Avline.copy}. */
    boolean isLiveHls(RecorderSettings s, String url) {
        Input in = Input.url(url);
        return in.isRemote() && detector.isHls(url, s.headers());
    }

    private Recording.Builder copy(RecorderSettings s, String url, Output out, boolean live) {
        rejectTranscodeOnly(s);
        Input in = input(s, url);
        if (live) {
            LivePlan plan = LiveOptions.plan(s);
            if (!plan.inputOptions().isEmpty()) in = in.options(plan.inputOptions());
            return Avline.record(in, out, plan.settings());
        }
        if (s.reconnect() && in.isRemote()) in = in.options(RECONNECT_OPTIONS);
        if (!s.inputOptions().isEmpty()) in = in.options(s.inputOptions()); // the user's own win
        return Avline.copy(in, out);
    }

    private Recording.Builder transcode(RecorderSettings s, String url, Output out, boolean live) {
        Input in = input(s, url);
        if (live) {
            LivePlan plan = LiveOptions.plan(s);
            if (!plan.inputOptions().isEmpty()) in = in.options(plan.inputOptions());
            return Avline.run(new LiveTranscode(in, plan.settings(), out, TranscodeOptions.settings(s, url, true)),
                    "live-transcode");
        }
        if (s.reconnect() && in.isRemote()) in = in.options(RECONNECT_OPTIONS);
        if (!s.inputOptions().isEmpty()) in = in.options(s.inputOptions()); // the user's own win
        return Avline.transcode(in, out, TranscodeOptions.settings(s, url, false));
    }

    /** Options that only mean something when re-encoding. */
    private static void rejectTranscodeOnly(RecorderSettings s) {
        String copy = s.mode().isDefault() ? "a stream copy, the default" : "a stream copy (" + s.mode().source() + ")";
        if (s.audioNormalize().value()) {
            String what = s.audioNormalize().source().equals("--audio-normalize")
                    ? "--audio-normalize" : s.audioNormalize().source() + ": true";
            throw new UsageException(what + " applies to --transcode only: this is " + copy
                    + ", which passes the audio through unchanged");
        }
        // The field's config always carries ffmpeg.hw_accel; it only matters for --transcode. An explicit --hw is refused.
        if (s.hardware().source().equals("--hw")) {
            throw new UsageException("--hw applies to --transcode only: this is " + copy + ", which decodes nothing");
        }
    }

    /** The input without its options: those depend on the job. */
    private static Input input(RecorderSettings s, String url) {
        Input in = Input.url(url);
        for (Map.Entry<String, String> h : s.headers().entrySet()) in = in.header(h.getKey(), h.getValue());
        if (s.probeSizeBytes() != null) in = in.probeSize(s.probeSizeBytes());
        return in.variant(s.variant());
    }
}
