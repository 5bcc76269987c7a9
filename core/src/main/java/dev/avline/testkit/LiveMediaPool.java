package dev.avline.testkit;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
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
 * into segment-sized groups of packets, and muxed on demand into self-contained MPEG-TS segments
 * with any timestamp base. Looping the pool gives an endless live stream with continuous
 * timestamps: the pool's length is a whole number of segments and of AAC frames, so audio and
 * video both continue seamlessly where the pool wraps.
 */
final class LiveMediaPool implements AutoCloseable {
    static final Rational MPEG_TB = new Rational(1, 90000);

    private final InputContainer source;
    private final List<List<Entry>> segments = new ArrayList<>();
    private final long segment90k;

    private record Entry(Packet packet, int stream, long relPts, long relDts, long duration) {
    }

    LiveMediaPool(int width, int height, int fps, boolean audio, double segmentSeconds, double poolSeconds) {
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
        this.segment90k = Math.round(segmentSeconds * 90000);
        Map<String, String> x264 = new LinkedHashMap<>();
        x264.put("preset", "ultrafast");
        x264.put("g", String.valueOf(gop));
        x264.put("sc_threshold", "0");
        byte[] ts = TestMedia.video(width, height, fps).audioTracks(audio ? 1 : 0).seconds(poolSeconds)
                .videoEncoder("libx264", x264).toBytes("mpegts", Map.of());
        this.source = InputContainer.consuming(IoContext.reading(ts)).format("mpegts").open();
        for (int i = 0; i < perPool; i++) segments.add(new ArrayList<>());
        try {
            load(poolSeconds);
        } catch (RuntimeException e) {
            close();
            throw e;
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

    /**
     * A self-contained MPEG-TS segment: pool segment {@code index}, its first frame at {@code base90k}
     * (90 kHz). Each segment has its own PAT/PMT and marks its first packets as a discontinuity
     * (continuity counters restart), as independently packaged segments do.
     */
    byte[] muxTs(int index, long base90k) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 * 1024);
        try (OutputContainer out = OutputContainer.consuming(IoContext.writing(bytes), "mpegts");
             Packet copy = new Packet()) {
            for (StreamInfo s : source.streams()) out.addStreamCopying(s);
            Map<String, String> opts = new LinkedHashMap<>();
            opts.put("mpegts_copyts", "1");
            opts.put("mpegts_flags", "+initial_discontinuity");
            out.writeHeader(opts, UnknownOptions.FAIL);
            long shift = base90k - index * segment90k;
            for (Entry e : segments.get(index)) {
                e.packet.refInto(copy);
                copy.setTimestamps(e.relPts + shift, e.relDts + shift, e.duration);
                copy.setStreamIndex(e.stream);
                copy.rescale(MPEG_TB, out.timeBase(e.stream));
                out.write(copy);
            }
            out.writeTrailer();
        }
        return bytes.toByteArray();
    }

    @Override
    public void close() {
        for (List<Entry> seg : segments) {
            for (Entry e : seg) e.packet.close();
        }
        source.close();
    }
}
