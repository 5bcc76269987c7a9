package dev.avline.transcode;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.avline.hw.Hardware;

/**
 * Everything a transcode needs to know, typed and immutable, checked before anything starts: an
 * unknown encoder, a bad preset, a negative bitrate or an option the encoder does not have is an
 * {@link IllegalArgumentException} from {@link Builder#build()} that names the setting.
 *
 * <pre>{@code
 * TranscodeSettings s = TranscodeSettings.builder()
 *         .video(VideoSettings.h264().crf(23).gop(60))
 *         .audio(AudioSettings.aac().loudnorm(Loudnorm.ebuR128()))
 *         .hardware(Hardware.auto())
 *         .build();
 * }</pre>
 * Defaults: libx264 ultrafast/baseline, AAC 128k, every audio track, software only, queues of 8.
 */
public final class TranscodeSettings {
    private final VideoSettings video;
    private final AudioSettings audio;
    private final List<Integer> audioTracks;
    private final Hardware hardware;
    private final int queueSize;

    private TranscodeSettings(Builder b) {
        this.video = b.video;
        this.audio = b.audio;
        this.audioTracks = List.copyOf(b.audioTracks);
        this.hardware = b.hardware;
        this.queueSize = b.queueSize;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** libx264 ultrafast/baseline + AAC 128k, all audio tracks, software. */
    public static TranscodeSettings defaults() {
        return builder().build();
    }

    public VideoSettings video() {
        return video;
    }

    public AudioSettings audio() {
        return audio;
    }

    /** Which audio tracks to keep, by their order among the input's audio streams (0 = first); empty = all. */
    public List<Integer> audioTracks() {
        return audioTracks;
    }

    public Hardware hardware() {
        return hardware;
    }

    /** Items each queue between two stages holds (packets or frames). */
    public int queueSize() {
        return queueSize;
    }

    /** A builder starting from these settings. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.video = video;
        b.audio = audio;
        b.audioTracks = new ArrayList<>(audioTracks);
        b.hardware = hardware;
        b.queueSize = queueSize;
        return b;
    }

    @Override
    public String toString() {
        return video + "; " + audio + (audioTracks.isEmpty() ? "" : " tracks " + audioTracks) + "; hw " + hardware;
    }

    public static final class Builder {
        private VideoSettings video = VideoSettings.h264();
        private AudioSettings audio = AudioSettings.aac();
        private List<Integer> audioTracks = new ArrayList<>();
        private Hardware hardware = Hardware.none();
        private int queueSize = 8;

        private Builder() {
        }

        public Builder video(VideoSettings v) {
            this.video = Objects.requireNonNull(v, "video");
            return this;
        }

        public Builder audio(AudioSettings a) {
            this.audio = Objects.requireNonNull(a, "audio");
            return this;
        }

        /** Keeps only these audio tracks (0 = the input's first audio stream); none given = all. */
        public Builder audioTracks(int... ordinals) {
            List<Integer> l = new ArrayList<>();
            for (int o : ordinals) {
                if (o < 0) throw new IllegalArgumentException("audio_tracks: a track number cannot be negative: " + o);
                if (l.contains(o)) throw new IllegalArgumentException("audio_tracks: track " + o + " is listed twice");
                l.add(o);
            }
            this.audioTracks = l;
            return this;
        }

        public Builder hardware(Hardware h) {
            this.hardware = Objects.requireNonNull(h, "hw_accel");
            return this;
        }

        /** Items per queue between stages, 1 to 256 (default 8, as FFmpeg's CLI). */
        public Builder queueSize(int n) {
            if (n < 1 || n > 256) throw new IllegalArgumentException("queue_size must be between 1 and 256, got " + n);
            this.queueSize = n;
            return this;
        }

        /** Checks every setting (opening software encoders once, briefly) and builds. */
        public TranscodeSettings build() {
            SettingsCheck.video(video);
            SettingsCheck.audio(audio);
            if (video.mode() == StreamMode.DROP && audio.mode() == StreamMode.DROP) {
                throw new IllegalArgumentException("video.mode and audio.mode: both are DROP, the output would be empty");
            }
            return new TranscodeSettings(this);
        }
    }
}
