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
 * Defaults: libx264 ultrafast/baseline, AAC 128k, every audio track, software only, queues of 8,
 * FFmpeg's automatic threads inside each codec.
 */
public final class TranscodeSettings {
    private final VideoSettings video;
    private final AudioSettings audio;
    private final List<Integer> audioTracks;
    private final Hardware hardware;
    private final int queueSize;
    private final int codecThreads;

    private TranscodeSettings(Builder b) {
        this.video = b.video;
        this.audio = b.audio;
        this.audioTracks = List.copyOf(b.audioTracks);
        this.hardware = b.hardware;
        this.queueSize = b.queueSize;
        this.codecThreads = b.codecThreads;
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

    /**
     * Threads FFmpeg may start inside each decoder, encoder and video filter graph: 0 (the default)
     * lets FFmpeg choose from the CPU count, as its CLI does; 1 starts none.
     */
    public int codecThreads() {
        return codecThreads;
    }

    /** A builder starting from these settings. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.video = video;
        b.audio = audio;
        b.audioTracks = new ArrayList<>(audioTracks);
        b.hardware = hardware;
        b.queueSize = queueSize;
        b.codecThreads = codecThreads;
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
        private int codecThreads = 0;

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

        /**
         * Caps the threads FFmpeg starts inside each decoder, encoder and video filter graph of a
         * job, 0 to 64 (0, the default: FFmpeg's automatic choice, from the CPU count, like its CLI).
         * A transcode runs each stage on a thread of its own, and FFmpeg adds its own per codec: on
         * 2 CPUs the H.264 decoder adds 3 frame threads and libx264 about 4 (its lookahead included),
         * so 10 jobs make ~150 threads. A server running many jobs at once gains little from threads
         * inside each codec (the jobs already keep every core busy) and sets 1: then a job's only
         * threads are its stages'. An explicit {@code threads} option given to an encoder wins.
         */
        public Builder codecThreads(int n) {
            if (n < 0 || n > 64) throw new IllegalArgumentException("codec_threads must be between 0 and 64, got " + n);
            this.codecThreads = n;
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
