package dev.avline.examples.recorder;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.avline.Avline;
import dev.avline.Input;
import dev.avline.Output;
import dev.avline.Recording;

/**
 * The one place where the recorder's settings become an avline job. Features that have not landed
 * in this build are refused here, by the name the user gave them, never dropped:
 * <ul>
 *   <li>{@code --transcode}, {@code --hw}, {@code --audio-normalize}: wait for {@code Avline.transcode}
 *       (issue 3). Wiring: build the transcode job in {@link #transcode} from {@code s.hardware()} and
 *       {@code s.audioNormalize()}, and let {@link #rejectTranscodeOnly} say "applies to --transcode only".</li>
 *   <li>Resilient live recording (issue 4): when {@code Avline.record} lands, {@link #copy} returns it for
 *       remote inputs with the live settings (reconnect policy from {@code s.reconnect()}) instead of
 *       {@code Avline.copy} with FFmpeg's own reconnect options.</li>
 * </ul>
 */
public final class JobPlanner {
    /**
     * FFmpeg's HTTP reconnect options (what {@code ffmpeg.reconnect_enabled} means in the field), for the
     * input's own connection. Not {@code reconnect_at_eof}: it makes a live playlist request loop.
     */
    static final Map<String, String> RECONNECT_OPTIONS = reconnectOptions();

    private static Map<String, String> reconnectOptions() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("reconnect", "1");
        m.put("reconnect_streamed", "1");
        m.put("reconnect_on_network_error", "1");
        m.put("reconnect_delay_max", "10");
        return m;
    }

    /** The job for {@code s}, reading {@code inputUrl} (the demo's URL, or {@code s.input()}). */
    public Recording.Builder plan(RecorderSettings s, String inputUrl) {
        Input in = input(s, inputUrl);
        Output out = Output.file(s.output(), s.container());
        Recording.Builder job = s.mode().value() == Mode.TRANSCODE ? transcode(s, in, out) : copy(s, in, out);
        job.name("recorder").statsPeriod(s.statsPeriod());
        if (s.duration() != null) job.maxDuration(s.duration());
        return job;
    }

    private Recording.Builder copy(RecorderSettings s, Input in, Output out) {
        rejectTranscodeOnly(s);
        return Avline.copy(in, out);
    }

    private Recording.Builder transcode(RecorderSettings s, Input in, Output out) {
        throw unavailable(s.mode().source().equals("--transcode") ? "--transcode" : s.mode().source() + ": transcode",
                "re-encoding (Avline.transcode) has not landed yet; record with --copy");
    }

    /** Options that only mean something when re-encoding. */
    private void rejectTranscodeOnly(RecorderSettings s) {
        if (s.audioNormalize().value()) {
            String what = s.audioNormalize().source().equals("--audio-normalize")
                    ? "--audio-normalize" : s.audioNormalize().source() + ": true";
            throw unavailable(what, "loudness normalisation needs --transcode (Avline.transcode), which has not landed yet");
        }
        // The field's config always carries ffmpeg.hw_accel; it only matters for --transcode. An explicit --hw is refused.
        if (s.hardware().source().equals("--hw")) {
            throw unavailable("--hw", "hardware is used by --transcode (Avline.transcode), which has not landed yet");
        }
    }

    private static Input input(RecorderSettings s, String url) {
        Input in = Input.url(url);
        if (s.reconnect() && in.isRemote()) in = in.options(RECONNECT_OPTIONS);
        for (Map.Entry<String, String> h : s.headers().entrySet()) in = in.header(h.getKey(), h.getValue());
        if (s.probeSizeBytes() != null) in = in.probeSize(s.probeSizeBytes());
        in = in.variant(s.variant());
        if (!s.inputOptions().isEmpty()) in = in.options(s.inputOptions());
        return in;
    }

    private static UsageException unavailable(String what, String why) {
        return new UsageException(what + " is not available in this build: " + why);
    }
}
