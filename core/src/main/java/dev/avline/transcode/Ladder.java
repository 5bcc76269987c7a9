package dev.avline.transcode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An adaptive-bitrate ladder: the input decoded once, each {@link Rendition} scaled from the decoded
 * frames and encoded on its own thread, the audio encoded once and muxed into every rendition,
 * written as HLS (see {@code Avline.ladder}). Keyframes are forced at every segment boundary in every
 * rendition, so segments start at the same media time everywhere (a player switches renditions
 * between any two segments).
 *
 * <pre>{@code
 * Ladder ladder = Ladder.builder()
 *         .rendition(Rendition.height(1080, 5_000_000))
 *         .rendition(Rendition.height(720, 3_000_000))
 *         .rendition(Rendition.height(480, 1_200_000))
 *         .video(VideoSettings.h264().preset("veryfast").profile("high"))   // every rendition's encoder
 *         .audio(AudioSettings.aac())                                       // encoded once, shared
 *         .adaptation(Adaptation.defaults())                                // live: keep up with real time
 *         .build();
 * Ladder.presets("1080,720,480");                                           // the same, by heights
 * }</pre>
 *
 * Renditions are listed top first (the master playlist keeps this order). Video is encoded with
 * libx264 in software; the decoder is software too.
 */
public final class Ladder {
    /** The bitrates {@link #presets(String)} uses by height (H.264; Apple's authoring guidelines' range). */
    static final Map<Integer, Long> PRESET_BITRATES = presetBitrates();

    private final List<Rendition> renditions;
    private final VideoSettings video;
    private final AudioSettings audio;
    private final Adaptation adaptation;
    private final boolean twoPass;
    private final double readRate;
    private final int queueSize;

    private Ladder(Builder b) {
        this.renditions = List.copyOf(b.renditions);
        this.video = b.video;
        this.audio = b.audio;
        this.adaptation = b.adaptation;
        this.twoPass = b.twoPass;
        this.readRate = b.readRate;
        this.queueSize = b.queueSize;
    }

    private static Map<Integer, Long> presetBitrates() {
        Map<Integer, Long> m = new LinkedHashMap<>();
        m.put(2160, 16_000_000L);
        m.put(1440, 9_000_000L);
        m.put(1080, 5_000_000L);
        m.put(720, 3_000_000L);
        m.put(540, 2_000_000L);
        m.put(480, 1_200_000L);
        m.put(360, 800_000L);
        m.put(240, 400_000L);
        m.put(144, 200_000L);
        return m;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * A ladder from heights ({@code "1080,720,480"}): each {@link Rendition#height} at the usual
     * bitrate for it (2160: 16, 1440: 9, 1080: 5, 720: 3, 540: 2, 480: 1.2, 360: 0.8, 240: 0.4,
     * 144: 0.2 Mbit/s), highest first, with the default video and audio.
     */
    public static Ladder presets(String heights) {
        Objects.requireNonNull(heights, "ladder");
        Builder b = builder();
        List<Integer> hs = new ArrayList<>();
        for (String part : heights.split(",")) {
            String p = part.trim().toLowerCase(Locale.ROOT);
            if (p.endsWith("p")) p = p.substring(0, p.length() - 1);
            int h;
            try {
                h = Integer.parseInt(p);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("ladder: '" + part.trim() + "' is not a height (expected e.g. 1080,720,480)");
            }
            Long rate = PRESET_BITRATES.get(h);
            if (rate == null) {
                throw new IllegalArgumentException("ladder: no preset for height " + h + " (presets: "
                        + PRESET_BITRATES.keySet() + "; give renditions with their bitrates instead)");
            }
            hs.add(h);
        }
        hs.sort((x, y) -> Integer.compare(y, x));
        for (int h : hs) b.rendition(Rendition.height(h, PRESET_BITRATES.get(h)));
        return b.build();
    }

    public List<Rendition> renditions() {
        return renditions;
    }

    /** Every rendition's encoder settings (its size and bitrate come from the rendition). */
    public VideoSettings video() {
        return video;
    }

    /** The audio, encoded once and muxed into every rendition. */
    public AudioSettings audio() {
        return audio;
    }

    /** How the ladder adapts to CPU load, or null for not at all. */
    public Adaptation adaptation() {
        return adaptation;
    }

    /** Two-pass encoding of every rendition (a finished file as input). */
    public boolean twoPass() {
        return twoPass;
    }

    /** Input read at this many times real time (0: as fast as it comes). */
    public double readRate() {
        return readRate;
    }

    public int queueSize() {
        return queueSize;
    }

    /** A builder starting from this ladder. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.renditions.addAll(renditions);
        b.video = video;
        b.audio = audio;
        b.adaptation = adaptation;
        b.twoPass = twoPass;
        b.readRate = readRate;
        b.queueSize = queueSize;
        return b;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("ladder [");
        for (Rendition r : renditions) {
            if (s.length() > 8) s.append(", ");
            s.append(r.name()).append(' ').append(r.width()).append('x').append(r.height()).append(' ')
                    .append(r.bitrate() / 1000).append("k");
        }
        return s.append("]; ").append(video).append("; ").append(audio)
                .append(adaptation != null ? "; adaptive" : "").append(twoPass ? "; two-pass" : "").toString();
    }

    public static final class Builder {
        private final List<Rendition> renditions = new ArrayList<>();
        private VideoSettings video = VideoSettings.h264().preset("veryfast").profile("high");
        private AudioSettings audio = AudioSettings.aac();
        private Adaptation adaptation;
        private boolean twoPass;
        private double readRate;
        private int queueSize = 8;

        private Builder() {
        }

        public Builder rendition(Rendition r) {
            renditions.add(Objects.requireNonNull(r, "rendition"));
            return this;
        }

        public Builder renditions(List<Rendition> rs) {
            renditions.clear();
            for (Rendition r : rs) rendition(r);
            return this;
        }

        /** The encoder and its settings for every rendition (default: libx264 {@code veryfast}, {@code high}). */
        public Builder video(VideoSettings v) {
            this.video = Objects.requireNonNull(v, "video");
            return this;
        }

        public Builder audio(AudioSettings a) {
            this.audio = Objects.requireNonNull(a, "audio");
            return this;
        }

        /** Adapt to CPU load (live inputs); null: never. */
        public Builder adaptation(Adaptation a) {
            this.adaptation = a;
            return this;
        }

        /** x264 two-pass for every rendition: for a finished file, not a live input. */
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

        /** Items per queue between stages, 1 to 256 (default 8). */
        public Builder queueSize(int n) {
            this.queueSize = SettingsCheck.queueSize(n);
            return this;
        }

        /** Checks every setting (the encoders are opened once, briefly) and builds. */
        public Ladder build() {
            if (renditions.isEmpty()) throw new IllegalArgumentException("ladder: give at least one rendition");
            Set<String> names = new HashSet<>();
            for (Rendition r : renditions) {
                if (!names.add(r.name())) throw new IllegalArgumentException("ladder: two renditions are named " + r.name());
            }
            if (video.mode() != StreamMode.TRANSCODE) {
                throw new IllegalArgumentException("ladder: video.mode must be TRANSCODE (every rendition is encoded)");
            }
            if (!"libx264".equals(video.encoder())) {
                throw new IllegalArgumentException("ladder: video.encoder must be libx264 (forced keyframes, rate "
                        + "changes and two-pass are libx264's), got " + video.encoder());
            }
            if (video.needsFilters() && (video.width() != 0 || video.height() != 0)) {
                throw new IllegalArgumentException("ladder: the picture size comes from each rendition; do not scale video");
            }
            if (audio.mode() == StreamMode.COPY || audio.mode() == StreamMode.COPY_IF_MATCHING) {
                throw new IllegalArgumentException("ladder: audio is encoded once for every rendition: TRANSCODE or DROP");
            }
            Rendition top = renditions.get(0);
            SettingsCheck.video(video.bitrate(top.bitrate()).maxrate(top.maxrate()).bufsize(top.bufsize()));
            SettingsCheck.audio(audio);
            if (twoPass && adaptation != null) {
                throw new IllegalArgumentException("ladder: two-pass is for finished files and adaptation for live inputs; choose one");
            }
            if (twoPass && audio.loudnorm() != null && !audio.loudnorm().twoPass()) {
                audio = audio.loudnorm(audio.loudnorm().withTwoPass(true)); // measured in the same first pass
            }
            return new Ladder(this);
        }
    }
}
