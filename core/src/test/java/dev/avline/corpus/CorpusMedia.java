package dev.avline.corpus;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.avline.testkit.MediaProbe;
import dev.avline.testkit.TestMedia;

/**
 * The real media behind every corpus case, made once per test run with avline's own means: the
 * test pattern and tone encoded in-process and cut by FFmpeg's own {@code hls} muxer (TS segments,
 * fMP4 segments after an init section, single-file byte-range output of both), video-only and
 * audio-only renditions, packed ADTS audio with its ID3 timestamp, WebVTT cues. Small (320x180,
 * 1 s segments) so that the whole corpus records in seconds.
 */
final class CorpusMedia {
    static final int WIDTH = 320;
    static final int HEIGHT = 180;
    static final int FPS = 25;
    /** Segments in each rendition (1 s each). */
    static final int SEGMENTS = 6;

    /** One rendition as FFmpeg's hls muxer wrote it: the playlist text and the files it names. */
    record Rendition(String playlist, List<String> uris, List<Double> durations, List<byte[]> segments, byte[] init,
                     String initRange, List<long[]> ranges, byte[] file) {
        double seconds(int from, int to) {
            double s = 0;
            for (int i = from; i < to; i++) s += durations.get(i);
            return s;
        }
    }

    final Rendition ts;          // muxed video + audio, MPEG-TS segments
    final Rendition fmp4;        // muxed, fMP4 segments after init.mp4
    final Rendition tsSingle;    // muxed, one TS file, byte ranges
    final Rendition fmp4Single;  // muxed, one fMP4 file, init and segments as byte ranges
    final Rendition videoTs;     // video only, TS
    final Rendition audioTs;     // audio only, TS
    final Rendition videoFmp4Single; // video only, one fMP4 file
    final Rendition audioFmp4Single; // audio only, one fMP4 file
    final List<byte[]> packedAudio;  // ADTS segments with the ID3 PRIV transportStreamTimestamp
    final List<Double> packedAudioDurations;
    final List<String> webvtt;       // one cue per segment, timestamps mapped onto the video's
    final double firstVideoPts;      // seconds, of the TS renditions (what MPEG-TS muxing starts at)

    private static CorpusMedia instance;

    /** The media, made on first use (a few seconds of encoding) and shared by every case. */
    static synchronized CorpusMedia get() {
        if (instance == null) instance = new CorpusMedia();
        return instance;
    }

    private CorpusMedia() {
        Path dir;
        try {
            dir = Files.createTempDirectory("avline-corpus-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            TestMedia av = TestMedia.video(WIDTH, HEIGHT, FPS).seconds(SEGMENTS);
            ts = hls(av, dir.resolve("ts"), "mpegts", false);
            fmp4 = hls(av, dir.resolve("fmp4"), "fmp4", false);
            tsSingle = hls(av, dir.resolve("tss"), "mpegts", true);
            fmp4Single = hls(av, dir.resolve("fmp4s"), "fmp4", true);
            TestMedia video = TestMedia.video(WIDTH, HEIGHT, FPS).audioTracks(0).seconds(SEGMENTS);
            TestMedia audio = TestMedia.audioOnly().seconds(SEGMENTS);
            videoTs = hls(video, dir.resolve("vts"), "mpegts", false);
            audioTs = hls(audio, dir.resolve("ats"), "mpegts", false);
            videoFmp4Single = hls(video, dir.resolve("vfs"), "fmp4", true);
            audioFmp4Single = hls(audio, dir.resolve("afs"), "fmp4", true);
            firstVideoPts = MediaProbe.decodeAll(videoTs.segments.get(0), "mpegts").video().firstPts();
            byte[] adts = TestMedia.audioOnly().seconds(SEGMENTS).toBytes("adts", Map.of());
            packedAudio = new ArrayList<>();
            packedAudioDurations = new ArrayList<>();
            PackedAudio.split(adts, firstVideoPts, packedAudio, packedAudioDurations);
            webvtt = new ArrayList<>();
            for (int i = 0; i < SEGMENTS; i++) {
                long base90k = Math.round(firstVideoPts * 90000);
                webvtt.add("WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:" + base90k + ",LOCAL:00:00:00.000\n\n"
                        + String.format("00:00:%02d.000 --> 00:00:%02d.900\nsecond %d\n", i, i, i));
            }
        } finally {
            deleteTree(dir);
        }
    }

    /** Runs FFmpeg's hls muxer on {@code media} and reads back what it wrote. */
    private static Rendition hls(TestMedia media, Path dir, String segmentType, boolean singleFile) {
        try {
            Files.createDirectories(dir);
            boolean fmp4 = segmentType.equals("fmp4");
            Map<String, String> opts = new LinkedHashMap<>();
            opts.put("hls_time", "1");
            opts.put("hls_list_size", "0");
            opts.put("hls_playlist_type", "vod");
            opts.put("hls_segment_type", segmentType);
            if (singleFile) {
                opts.put("hls_flags", "single_file");
                opts.put("hls_segment_filename", dir.resolve(fmp4 ? "main.mp4" : "main.ts").toString());
            } else {
                opts.put("hls_segment_filename", dir.resolve(fmp4 ? "seg_%d.m4s" : "seg_%d.ts").toString());
            }
            if (fmp4 && !singleFile) opts.put("hls_fmp4_init_filename", "init.mp4");
            Path playlist = dir.resolve("index.m3u8");
            media.writeTo(playlist, "hls", opts);
            String text = Files.readString(playlist);
            List<String> uris = new ArrayList<>();
            List<Double> durations = new ArrayList<>();
            List<long[]> ranges = new ArrayList<>();
            String initRange = null;
            long nextOffset = 0;
            for (String line : text.split("\n")) {
                if (line.startsWith("#EXTINF:")) durations.add(Double.parseDouble(line.substring(8).split(",")[0]));
                if (line.startsWith("#EXT-X-BYTERANGE:")) {
                    String[] p = line.substring(17).split("@");
                    long len = Long.parseLong(p[0]);
                    long off = p.length > 1 ? Long.parseLong(p[1]) : nextOffset;
                    ranges.add(new long[] {len, off});
                    nextOffset = off + len;
                }
                if (line.startsWith("#EXT-X-MAP:") && line.contains("BYTERANGE=\"")) {
                    initRange = line.substring(line.indexOf("BYTERANGE=\"") + 11, line.lastIndexOf('"'));
                }
                if (!line.isEmpty() && !line.startsWith("#")) uris.add(line.trim());
            }
            List<byte[]> segments = new ArrayList<>();
            byte[] file = null;
            if (singleFile) {
                file = Files.readAllBytes(dir.resolve(uris.get(0)));
                for (long[] r : ranges) segments.add(java.util.Arrays.copyOfRange(file, (int) r[1], (int) (r[1] + r[0])));
            } else {
                for (String u : uris) segments.add(Files.readAllBytes(dir.resolve(u)));
            }
            byte[] init = null;
            if (fmp4 && !singleFile) init = Files.readAllBytes(dir.resolve("init.mp4"));
            if (fmp4 && singleFile && initRange != null) {
                String[] p = initRange.split("@");
                int len = Integer.parseInt(p[0]);
                int off = p.length > 1 ? Integer.parseInt(p[1]) : 0;
                init = java.util.Arrays.copyOfRange(file, off, off + len);
            }
            if (durations.size() != segments.size() || segments.isEmpty()) {
                throw new IllegalStateException("unexpected hls muxer output in " + dir + ":\n" + text);
            }
            return new Rendition(text, List.copyOf(uris), List.copyOf(durations), List.copyOf(segments), init, initRange,
                    List.copyOf(ranges), file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The segments of {@code r} from {@code from} (inclusive) to {@code to} joined, as one file. */
    static byte[] join(List<byte[]> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory left behind is harmless
        }
    }
}
