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
    private final Adaptation adaptation;
    private final boolean twoPass;
    private final double readRate;

    private TranscodeSettings(Builder b) {
        this.adaptation = b.adaptation;
        this.twoPass = b.twoPass;
        this.readRate = b.readRate;
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

    /** How a live transcode adapts to CPU load, or null for not at all. */
    public Adaptation adaptation() {
        return adaptation;
    }

    /** x264 two-pass encoding to the video bitrate (a finished file as input). */
    public boolean twoPass() {
        return twoPass;
    }

    /** Input read at this many times real time (0: as fast as it comes). */
    public double readRate() {
        return readRate;
    }

    /** A builder starting from these settings. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.adaptation = adaptation;
        b.twoPass = twoPass;
        b.readRate = readRate;
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
        return video + "; " + audio + (audioTracks.isEmpty() ? "" : " tracks " + audioTracks) + "; hw " + hardware
                + (adaptation != null ? "; adaptive" : "") + (twoPass ? "; two-pass" : "");
    }

    public static final class Builder {
        private VideoSettings video = VideoSettings.h264();
        private AudioSettings audio = AudioSettings.aac();
        private List<Integer> audioTracks = new ArrayList<>();
        private Hardware hardware = Hardware.none();
        private int queueSize = 8;
        private int codecThreads = 0;
        private Adaptation adaptation;
        private boolean twoPass;
        private double readRate;

        private Builder() {
        }

        /**
         * Adapt to CPU load (live inputs; libx264 in software): see {@link Adaptation}. A new preset or
         * a smaller picture needs new stream headers mid-stream, which MPEG-TS carries: for MP4 and
         * fMP4 HLS outputs only the bitrate is changed (and only when a bitrate is set). Null: never.
         */
        public Builder adaptation(Adaptation a) {
            this.adaptation = a;
            return this;
        }

        /**
         * x264 two-pass encoding for a finished file: a first pass writes x264's statistics (and, with
         * two-pass loudness normalisation, measures the audio in the same read), the second encodes
         * to {@link VideoSettings#bitrate} with them. Needs libx264 and a bitrate.
         */
        public Builder twoPass(boolean on) {
            this.twoPass = on;
            return this;
        }

        /**
         * Reads the input no faster than {@code rate} times real time (FFmpeg's {@code -readrate};
         * 1.0 is {@code -re}): a file played out as if it were live. 0 (the default): as fast as it comes.
         */
        public Builder readRate(double rate) {
            this.readRate = SettingsCheck.readRate(rate);
            return this;
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
            this.queueSize = SettingsCheck.queueSize(n);
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
            boolean x264 = video.mode() != StreamMode.DROP && video.mode() != StreamMode.COPY && "libx264".equals(video.encoder());
            if (twoPass) {
                if (!x264) throw new IllegalArgumentException("two_pass needs video.encoder libx264 (it is x264's two-pass)");
                if (video.bitrate() <= 0) {
                    throw new IllegalArgumentException("two_pass needs video.bitrate: the second pass spends that many bits where "
                            + "the first found they matter");
                }
                if (adaptation != null) {
                    throw new IllegalArgumentException("two_pass is for finished files and adaptation for live inputs; choose one");
                }
                if (!hardware.isNone()) {
                    throw new IllegalArgumentException("two_pass encodes with libx264: set hw_accel to none");
                }
                if (audio.loudnorm() != null && !audio.loudnorm().twoPass()) {
                    audio = audio.loudnorm(audio.loudnorm().withTwoPass(true)); // measured in the same first pass
                }
            }
            if (adaptation != null && !x264) {
                throw new IllegalArgumentException("adaptation needs video.encoder libx264 (presets and rate changes are x264's)");
            }
            return new TranscodeSettings(this);
        }
    }
}
