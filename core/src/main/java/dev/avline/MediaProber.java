package dev.avline;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.avline.ffi.FfmpegException;
import dev.avline.ffi.InputContainer;
import dev.avline.ffi.IoInterrupt;
import dev.avline.ffi.Rational;
import dev.avline.ffi.StreamDetails;
import dev.avline.ffi.StreamInfo;
import dev.avline.ffi.Timestamps;
import dev.avline.hls.LiveSettings;
import dev.avline.hls.PlaylistProbe;

/**
 * {@link Avline#probe(Input)}: opens an input only as far as FFmpeg needs to name its streams.
 * http(s) HLS playlists are read by avline's own client ({@link PlaylistProbe}): the playlists,
 * then one segment of the recorded variant (and of its alternate audio), read by FFmpeg from
 * memory. Anything else is opened by FFmpeg with quick limits, unless the input sets its own.
 */
final class MediaProber {
    /** FFmpeg reads 5 MB and 5 s (7 s for MPEG-TS) by default; a probe needs less to name the streams. */
    static final long QUICK_PROBE_BYTES = 2_000_000;
    static final long QUICK_ANALYZE_MICROS = 2_000_000;
    /** A remote input that sends nothing for this long fails the probe. */
    static final long REMOTE_READ_TIMEOUT_MICROS = 5_000_000;
    /** The whole open, however the input trickles. */
    static final Duration OPEN_DEADLINE = Duration.ofSeconds(20);

    private MediaProber() {
    }

    static MediaInfo probe(Input input) {
        if (input.isRemote() && looksLikeHls(input)) return hls(input);
        Input quick = quick(input);
        List<String> notes = new ArrayList<>();
        try (InputContainer in = open(quick)) {
            if (input.isRemote() && in.formatName().equals("hls")) {
                // A URL that did not say it was a playlist: read it as a recording would.
                in.close();
                return hls(input);
            }
            List<MediaInfo.HlsVariant> variants = List.of();
            List<MediaInfo.HlsRendition> renditions = List.of();
            if (in.formatName().equals("hls")) {
                PlaylistProbe.Result p = localPlaylist(input);
                if (p != null) {
                    variants = p.variants();
                    renditions = p.renditions();
                }
            }
            long micros = in.durationMicros();
            Double duration = micros == Timestamps.NOPTS || micros <= 0 ? null : micros / 1e6;
            if (duration == null) notes.add("the input does not say how long it is (a live stream, or a container without an index)");
            return new MediaInfo(input.description(), in.formatName(), in.formatLongName(), duration, in.bitRate(),
                    streams(in, null, 0), variants, renditions, notes);
        }
    }

    private static MediaInfo hls(Input input) {
        PlaylistProbe.Result p = PlaylistProbe.read(input, LiveSettings.defaults().fetchAttempts(2));
        List<MediaInfo.Stream> streams = new ArrayList<>();
        for (PlaylistProbe.Sample s : p.samples()) {
            Input sample = Input.bytes(s.bytes()).probeSize(Math.max(32, s.bytes().length));
            if (s.format() != null) sample = sample.format(s.format());
            try (InputContainer in = open(sample)) {
                streams.addAll(streams(in, s.rendition(), streams.size()));
            }
        }
        long bandwidth = p.variants().stream().filter(MediaInfo.HlsVariant::chosen).mapToLong(MediaInfo.HlsVariant::bandwidth)
                .findFirst().orElse(0);
        List<String> notes = new ArrayList<>(p.notes());
        if (p.playlistType() != null) notes.add(0, "EXT-X-PLAYLIST-TYPE:" + p.playlistType());
        return new MediaInfo(input.description(), "hls", "HTTP Live Streaming", p.durationSeconds(), bandwidth, streams,
                p.variants(), p.renditions(), notes);
    }

    private static InputContainer open(Input input) {
        IoInterrupt interrupt = new IoInterrupt();
        interrupt.armDeadline(OPEN_DEADLINE.toNanos());
        return input.opener(interrupt).open();
    }

    /** The input with a probe's limits, where it does not set its own. */
    private static Input quick(Input input) {
        Input in = input;
        if (!in.options().containsKey("probesize")) in = in.probeSize(QUICK_PROBE_BYTES);
        if (!in.options().containsKey("analyzeduration")) in = in.option("analyzeduration", String.valueOf(QUICK_ANALYZE_MICROS));
        if (in.isRemote() && !in.options().containsKey("rw_timeout") && !in.options().containsKey("timeout")) {
            in = in.option("rw_timeout", String.valueOf(REMOTE_READ_TIMEOUT_MICROS));
        }
        return in;
    }

    private static List<MediaInfo.Stream> streams(InputContainer in, String rendition, int firstIndex) {
        List<MediaInfo.Stream> list = new ArrayList<>();
        for (StreamInfo s : in.streams()) {
            StreamDetails d = StreamDetails.of(s);
            Rational fr = s.frameRate();
            boolean video = s.type() == dev.avline.ffi.MediaType.VIDEO;
            list.add(new MediaInfo.Stream(rendition == null ? s.index() : firstIndex + list.size(),
                    s.type().name().toLowerCase(Locale.ROOT), s.codecName(), d.codecLongName(), d.profile(),
                    s.width(), s.height(), video && fr.num() > 0 && fr.den() > 0 ? fr.toDouble() : 0, d.pixelFormat(),
                    s.sampleRate(), s.channels(), d.channelLayout(), d.sampleFormat(), d.language(), Math.max(0, s.bitRate()),
                    rendition));
        }
        return list;
    }

    /** An http(s) URL whose path ends in .m3u8/.m3u, or an input forced to the "hls" format. */
    static boolean looksLikeHls(Input input) {
        if ("hls".equals(input.formatName())) return true;
        try {
            String path = URI.create(input.url()).getPath();
            if (path == null) return false;
            path = path.toLowerCase(Locale.ROOT);
            return path.endsWith(".m3u8") || path.endsWith(".m3u");
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** A playlist on disk: its variants and renditions by avline's parser (FFmpeg reads the streams). */
    private static PlaylistProbe.Result localPlaylist(Input input) {
        if (input.url() == null) return null;
        String url = input.url();
        try {
            Path file = url.regionMatches(true, 0, "file:", 0, 5) ? Path.of(URI.create(url)) : Path.of(url);
            if (!Files.isRegularFile(file)) return null;
            return PlaylistProbe.describe(Files.readAllBytes(file), file.toUri().toString(), input.variant());
        } catch (IOException | IllegalArgumentException | FfmpegException e) {
            return null; // FFmpeg read it: its streams are still the answer
        }
    }
}
