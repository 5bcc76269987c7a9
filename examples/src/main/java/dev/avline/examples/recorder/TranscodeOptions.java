package dev.avline.examples.recorder;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.regex.Pattern;

import dev.avline.config.AvlineConfig;
import dev.avline.transcode.Adaptation;
import dev.avline.transcode.TranscodeSettings;

/**
 * The recorder's settings as a transcode's {@link TranscodeSettings}: the field's software path
 * (libx264 {@code ultrafast}/{@code baseline}, AAC 128 kbit/s), the hardware of {@code --hw} or
 * {@code ffmpeg.hw_accel}, and {@code loudnorm} for {@code --audio-normalize}.
 *
 * <p><b>Every stream is re-encoded</b>, also an AAC track that a mixed-mode transcode
 * ({@code AudioSettings.copyIfMatching()}) could copy: {@code --transcode} promises H.264 + AAC
 * 128k, as the field's {@code -c:a aac -b:a 128k} does, and "matching" only compares the codec
 * name, so an HE-AAC, 5.1 or 320 kbit/s track would come through unchanged. Audio encoding costs
 * little next to video; users who want the copy embed avline and say so.
 *
 * <p><b>Loudness normalisation</b> (EBU R128: I=-16, TP=-1.5, LRA=11) runs in two-pass linear mode
 * for a local file recorded whole (one quick audio-only pass measures it, the second applies one
 * constant gain: no 3 s hold, the dynamics kept), and in dynamic mode for everything else: live and
 * remote inputs cannot be read twice, and with {@code --duration} the first pass would measure
 * (and read) media that is not in the output. With {@code --two-pass} it is measured in the video's
 * first pass, which reads the same media.
 *
 * <p>{@code --adaptive} and {@code --two-pass} act on libx264, so they encode in software whatever
 * {@code --hw} says: a GPU encoder has neither x264's presets nor its two-pass statistics.
 */
final class TranscodeOptions {
    /** A URL scheme ("http:", "udp:", "pipe:"); one letter is a Windows drive, not a scheme. */
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]+:");

    private TranscodeOptions() {
    }

    /**
     * @param input the URL or path being transcoded (decides the loudness mode)
     * @param live whether it is recorded as live HLS
     */
    static TranscodeSettings settings(RecorderSettings s, String input, boolean live) {
        boolean twoPassLoudnorm = !live && s.duration() == null && isLocalFile(input);
        PackagingOptions p = s.packaging();
        TranscodeSettings base = AvlineConfig.transcodeSettings(dev.avline.hw.Hardware.parse(s.hardware().value().label()),
                s.audioNormalize().value(), twoPassLoudnorm || p.twoPass());
        TranscodeSettings.Builder b = base.toBuilder();
        if (p.videoBitrate() != null) b.video(base.video().bitrate(p.videoBitrate()));
        // adaptation and two-pass are libx264's: the GPU is left out of those
        if (p.adaptive()) b.adaptation(Adaptation.defaults()).hardware(dev.avline.hw.Hardware.none());
        if (p.twoPass()) b.twoPass(true).hardware(dev.avline.hw.Hardware.none());
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** True for a regular file given as a path or a {@code file:} URL: an input that can be read twice. */
    static boolean isLocalFile(String input) {
        if (input == null) return false;
        String path = input;
        if (path.regionMatches(true, 0, "file:", 0, 5)) path = path.substring(5);
        else if (SCHEME.matcher(path).find()) return false;
        try {
            return Files.isRegularFile(Path.of(path)); // not a FIFO or /dev/stdin: those are read once
        } catch (InvalidPathException e) {
            return false;
        }
    }
}
