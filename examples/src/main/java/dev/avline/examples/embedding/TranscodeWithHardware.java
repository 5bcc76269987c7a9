package dev.avline.examples.embedding;

import java.nio.file.Path;
import java.time.Duration;

import dev.avline.Avline;
import dev.avline.Input;
import dev.avline.Output;
import dev.avline.Recording;
import dev.avline.RecordingResult;
import dev.avline.hw.Hardware;
import dev.avline.transcode.AudioSettings;
import dev.avline.transcode.Loudnorm;
import dev.avline.transcode.TranscodeSettings;
import dev.avline.transcode.VideoSettings;

/**
 * Embedding: transcode anything FFmpeg reads to H.264 + AAC on a GPU when there is one, in software
 * when not. {@code Hardware.auto()} probes CUDA, VAAPI and QSV for real (a device created, a tiny
 * encoder opened; cached per process) and falls back stage by stage; each step down is a
 * {@code fallback} event with FFmpeg's reason, and every progress snapshot names the hardware in use.
 *
 * <pre>java -cp avline-recorder.jar dev.avline.examples.embedding.TranscodeWithHardware IN OUT.ts [normalize]</pre>
 */
public final class TranscodeWithHardware {
    private TranscodeWithHardware() {
    }

    public static RecordingResult transcode(String in, Path out, boolean normalizeLoudness) {
        TranscodeSettings settings = TranscodeSettings.builder()
                .video(VideoSettings.h264())                     // libx264 ultrafast/baseline where no GPU encodes
                .audio(normalizeLoudness
                        ? AudioSettings.aac().loudnorm(Loudnorm.ebuR128())   // I=-16, TP=-1.5, LRA=11, one pass
                        : AudioSettings.aac())                               // AAC 128 kbit/s
                .hardware(Hardware.auto())
                .build();                                        // a bad encoder, preset or bitrate fails here, by name
        try (Recording r = Avline.transcode(Input.url(in), Output.file(out), settings)
                .statsPeriod(Duration.ofSeconds(1))
                .onProgress(p -> System.err.printf("%.1f s, %d frames, %.0f fps, %.2fx on %s, queues %s%n",
                        p.outTimeSeconds(), p.frames(), p.fps(), p.speed(), p.hardware(), p.queueDepths()))
                .onEvent(e -> System.err.println(e.kind() + " " + e.details()))   // fallback, filter_delay, …
                .start()) {
            return r.await();
        }
    }

    public static void main(String[] args) {
        if (args.length < 2 || args.length > 3 || args.length == 3 && !args[2].equals("normalize")) {
            System.err.println("usage: TranscodeWithHardware IN OUT.ts [normalize]");
            System.exit(2);
        }
        RecordingResult r = transcode(args[0], Path.of(args[1]), args.length == 3);
        System.out.println(r.state() + ": " + r.mediaSeconds() + " s, " + r.bytes() + " bytes in " + r.output()
                + (r.failure() != null ? " (" + r.failure().getMessage() + ")" : ""));
        System.exit(r.succeeded() ? 0 : 1);
    }
}
