package dev.avline.testkit;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.avline.ffi.InputContainer;
import dev.avline.ffi.IoContext;
import dev.avline.ffi.MediaType;
import dev.avline.ffi.OutputContainer;
import dev.avline.ffi.Packet;
import dev.avline.ffi.Rational;
import dev.avline.ffi.StreamInfo;
import dev.avline.ffi.UnknownOptions;

/**
 * The media behind {@link LiveHlsOrigin}: a few seconds of test pattern and tone encoded once, cut
 * into segment-sized groups of packets, and muxed on demand into self-contained segments with any
 * timestamp base: MPEG-TS, or fragmented MP4 (one {@code moof}+{@code mdat} per segment after a
 * shared init section, {@code ftyp}+{@code moov}). Looping the pool gives an endless live stream
 * with continuous timestamps: the pool's length is a whole number of segments and of AAC frames,
 * so audio and video both continue seamlessly where the pool wraps.
 */
final class LiveMediaPool implements AutoCloseable {
    static final Rational MPEG_TB = new Rational(1, 90000);
    /** One fragment per segment: flushed by the trailer (frag_custom never cuts by itself). */
    private static final String FRAGMENTED = "+frag_custom+empty_moov+default_base_moof";

    /** How segments are packaged. */
    enum Packaging { TS, FMP4 }

    private final InputContainer source;
    private final Packaging packaging;
    private final List<List<Entry>> segments = new ArrayList<>();
    private final long segment90k;
    private final int width;
    private final int height;
    private final int channels;
    private byte[] init;

    private record Entry(Packet packet, int stream, long relPts, long relDts, long duration) {
    }

    LiveMediaPool(int width, int height, int fps, boolean audio, int channels, double segmentSeconds, double poolSeconds,
                  Packaging packaging) {
        long gop = Math.round(fps * segmentSeconds);
        if (Math.abs(gop - fps * segmentSeconds) > 1e-6 || gop < 1) {
            throw new IllegalArgumentException("segment duration " + segmentSeconds + " s is not a whole number of frames at "
                    + fps + " fps");
        }
        long perPool = Math.round(poolSeconds / segmentSeconds);
        if (Math.abs(perPool * segmentSeconds - poolSeconds) > 1e-6) {
            throw new IllegalArgumentException("pool of " + poolSeconds + " s is not a whole number of " + segmentSeconds + " s segments");
        }
        if (audio && Math.abs(poolSeconds * 48000 / 1024 - Math.rint(poolSeconds * 48000 / 1024)) > 1e-6) {
            throw new IllegalArgumentException("pool of " + poolSeconds + " s is not a whole number of AAC frames (use 8 or 16 s)");
        }
        this.packaging = packaging;
        this.width = width;
        this.height = height;
        this.channels = audio ? channels : 0;
        this.segment90k = Math.round(segmentSeconds * 90000);
        Map<String, String> x264 = new LinkedHashMap<>();
        x264.put("preset", "ultrafast");
        x264.put("g", String.valueOf(gop));
        x264.put("sc_threshold", "0");
        TestMedia media = TestMedia.video(width, height, fps).audioTracks(audio ? 1 : 0).audioFormat(48000, Math.max(1, channels))
                .seconds(poolSeconds).videoEncoder("libx264", x264);
        // MP4 segments need H.264 in AVCC form and AAC with its AudioSpecificConfig: take them from a
        // regular MP4 (a fragmented one starts video late by the AAC priming and marks every frame a keyframe).
        byte[] encoded = packaging == Packaging.TS ? media.toBytes("mpegts", Map.of()) : regularMp4(media);
        this.source = InputContainer.consuming(IoContext.reading(encoded)).format(packaging == Packaging.TS ? "mpegts" : "mov").open();
        for (int i = 0; i < perPool; i++) segments.add(new ArrayList<>());
        try {
            load(poolSeconds);
            if (packaging == Packaging.FMP4) {
                byte[] first = mux(0, 0, "mp4");
                this.init = Arrays.copyOf(first, firstBox(first, "moof"));
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** A regular MP4 needs a seekable output (its index goes at the end): a temporary file, read back. */
    private static byte[] regularMp4(TestMedia media) {
        java.nio.file.Path tmp = null;
        try {
            tmp = java.nio.file.Files.createTempFile("avline-pool-", ".mp4");
            media.writeTo(tmp, "mp4");
            return java.nio.file.Files.readAllBytes(tmp);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot encode the test media: " + e, e);
        } finally {
            if (tmp != null) {
                try {
                    java.nio.file.Files.deleteIfExists(tmp);
                } catch (java.io.IOException ignored) {
                    // a temporary file left behind is harmless
                }
            }
        }
    }

    private void load(double poolSeconds) {
        List<Packet> all = new ArrayList<>();
        long firstVideoPts = Long.MIN_VALUE;
        try (Packet p = new Packet()) {
            while (source.read(p)) {
                Packet keep = new Packet();
                p.moveTo(keep);
                all.add(keep);
                StreamInfo s = source.stream(keep.streamIndex());
                if (s.type() == MediaType.VIDEO && firstVideoPts == Long.MIN_VALUE) {
                    firstVideoPts = s.timeBase().rescale(keep.pts(), MPEG_TB);
                }
            }
        }
        long pool90k = Math.round(poolSeconds * 90000);
        for (Packet p : all) {
            StreamInfo s = source.stream(p.streamIndex());
            Rational tb = s.timeBase();
            long relPts = tb.rescale(p.pts(), MPEG_TB) - firstVideoPts;
            long relDts = tb.rescale(p.dts(), MPEG_TB) - firstVideoPts;
            long key = s.type() == MediaType.VIDEO ? relDts : relPts;
            if (key < 0 || key >= pool90k) { // the AAC encoder's priming frame: outside the loop
                p.close();
                continue;
            }
            int seg = (int) (key / segment90k);
            long duration = p.duration() > 0 ? tb.rescale(p.duration(), MPEG_TB) : 0;
            segments.get(seg).add(new Entry(p, p.streamIndex(), relPts, relDts, duration));
        }
        for (int i = 0; i < segments.size(); i++) {
            Entry first = segments.get(i).stream()
                    .filter(e -> source.stream(e.stream).type() == MediaType.VIDEO).findFirst().orElse(null);
            if (first != null && !first.packet.isKeyFrame()) {
                throw new IllegalStateException("pool segment " + i + " does not start with a keyframe");
            }
        }
    }

    int segmentCount() {
        return segments.size();
    }

    Packaging packaging() {
        return packaging;
    }

    /** "320x240, 2 ch": what distinguishes one pool's codec parameters from another's. */
    String describe() {
        return width + "x" + height + (channels > 0 ? ", " + channels + " ch" : ", no audio");
    }

    /**
     * A self-contained MPEG-TS segment: pool segment {@code index}, its first frame at {@code base90k}
     * (90 kHz). Each segment has its own PAT/PMT and marks its first packets as a discontinuity
     * (continuity counters restart), as independently packaged segments do.
     */
    byte[] muxTs(int index, long base90k) {
        if (packaging != Packaging.TS) throw new IllegalStateException("this pool packages fragmented MP4");
        return mux(index, base90k, "mpegts");
    }

    /** The fragmented-MP4 init section ({@code ftyp}+{@code moov}) that every {@link #muxFmp4} segment follows. */
    byte[] initSection() {
        if (packaging != Packaging.FMP4) throw new IllegalStateException("this pool packages MPEG-TS");
        return init.clone();
    }

    /**
     * A fragmented-MP4 media segment ({@code moof}+{@code mdat}): pool segment {@code index}, its
     * first frame at {@code base90k}. The muxer starts every output at zero, so each track's
     * {@code tfdt} is moved to where the packets really are: the segments of a stream then carry
     * one continuous timeline, as a live packager's do.
     */
    byte[] muxFmp4(int index, long base90k) {
        if (packaging != Packaging.FMP4) throw new IllegalStateException("this pool packages MPEG-TS");
        byte[] whole = mux(index, base90k, "mp4");
        return Arrays.copyOfRange(whole, firstBox(whole, "moof"), whole.length);
    }

    private byte[] mux(int index, long base90k, String format) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 * 1024);
        long[] firstDts = new long[source.streams().size()];
        Arrays.fill(firstDts, Long.MIN_VALUE);
        try (OutputContainer out = OutputContainer.consuming(IoContext.writing(bytes), format);
             Packet copy = new Packet()) {
            for (StreamInfo s : source.streams()) out.addStreamCopying(s);
            Map<String, String> opts = new LinkedHashMap<>();
            if (format.equals("mpegts")) {
                opts.put("mpegts_copyts", "1");
                opts.put("mpegts_flags", "+initial_discontinuity");
            } else {
                // No shifting to zero (which also stretches the first sample of the later track): each
                // track's tfdt is then its own first DTS minus nothing, and is moved below.
                opts.put("movflags", FRAGMENTED);
                opts.put("use_editlist", "0");
                opts.put("avoid_negative_ts", "disabled");
            }
            out.writeHeader(opts, UnknownOptions.FAIL);
            long shift = base90k - index * segment90k;
            for (Entry e : segments.get(index)) {
                e.packet.refInto(copy);
                copy.setTimestamps(e.relPts + shift, e.relDts + shift, e.duration);
                copy.setStreamIndex(e.stream);
                copy.rescale(MPEG_TB, out.timeBase(e.stream));
                if (firstDts[e.stream] == Long.MIN_VALUE) firstDts[e.stream] = copy.dts();
                out.write(copy);
            }
            out.writeTrailer();
        }
        byte[] result = bytes.toByteArray();
        if (format.equals("mp4")) rebaseFragments(result, firstDts);
        return result;
    }

    /** Adds to every {@code tfdt} of track {@code i+1} what makes the first one {@code firstDts[i]}. */
    private static void rebaseFragments(byte[] mp4, long[] firstDts) {
        long[] offset = new long[firstDts.length];
        boolean[] known = new boolean[firstDts.length];
        for (int moof = firstBox(mp4, "moof"); moof >= 0 && moof < mp4.length; moof += (int) boxSize(mp4, moof)) {
            if (!type(mp4, moof).equals("moof")) continue;
            int end = moof + (int) boxSize(mp4, moof);
            for (int traf = moof + 8; traf < end; traf += (int) boxSize(mp4, traf)) {
                if (!type(mp4, traf).equals("traf")) continue;
                int trafEnd = traf + (int) boxSize(mp4, traf);
                int track = -1;
                int tfdt = -1;
                for (int b = traf + 8; b < trafEnd; b += (int) boxSize(mp4, b)) {
                    if (type(mp4, b).equals("tfhd")) track = (int) readUint(mp4, b + 12, 4) - 1;
                    if (type(mp4, b).equals("tfdt")) tfdt = b;
                }
                if (track < 0 || track >= firstDts.length || tfdt < 0 || firstDts[track] == Long.MIN_VALUE) continue;
                int width = mp4[tfdt + 8] == 1 ? 8 : 4;
                long written = readUint(mp4, tfdt + 12, width);
                if (!known[track]) {
                    offset[track] = firstDts[track] - written;
                    known[track] = true;
                }
                long value = written + offset[track];
                if (width == 4 && (value < 0 || value > 0xFFFFFFFFL)) throw new IllegalStateException("tfdt does not fit 32 bits");
                for (int i = 0; i < width; i++) mp4[tfdt + 12 + i] = (byte) (value >>> (8 * (width - 1 - i)));
            }
        }
    }

    private static int firstBox(byte[] mp4, String type) {
        for (int at = 0; at + 8 <= mp4.length; at += (int) boxSize(mp4, at)) {
            if (type(mp4, at).equals(type)) return at;
            if (boxSize(mp4, at) < 8) break;
        }
        throw new IllegalStateException("no " + type + " box in the muxed segment");
    }

    private static long boxSize(byte[] mp4, int at) {
        long size = readUint(mp4, at, 4);
        if (size == 1) size = readUint(mp4, at + 8, 8);
        if (size == 0) size = mp4.length - at;
        return size;
    }

    private static String type(byte[] mp4, int at) {
        return new String(mp4, at + 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private static long readUint(byte[] b, int at, int n) {
        long v = 0;
        for (int i = 0; i < n; i++) v = (v << 8) | (b[at + i] & 0xff);
        return v;
    }

    @Override
    public void close() {
        for (List<Entry> seg : segments) {
            for (Entry e : seg) e.packet.close();
        }
        source.close();
    }
}
