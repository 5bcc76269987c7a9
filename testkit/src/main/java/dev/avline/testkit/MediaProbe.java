package dev.avline.testkit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.avline.ffi.CodecResult;
import dev.avline.ffi.Decoder;
import dev.avline.ffi.FfmpegException;
import dev.avline.ffi.Frame;
import dev.avline.ffi.InputContainer;
import dev.avline.ffi.IoContext;
import dev.avline.ffi.MediaType;
import dev.avline.ffi.Packet;
import dev.avline.ffi.Rational;
import dev.avline.ffi.StreamInfo;
import dev.avline.ffi.Timestamps;
import dev.avline.ffi.UnknownOptions;

/**
 * Opens a media file again and decodes every packet of every audio and video stream: the check
 * behind every avline test ("the output re-opened and decoded").
 */
public final class MediaProbe {
    private MediaProbe() {
    }

    /**
     * Decodes a whole file.
     *
     * @param file the file
     * @return what was found
     */
    public static MediaReport decodeAll(Path file) {
        return decodeAll(file.toString());
    }

    /**
     * Any URL FFmpeg opens (an HLS playlist on a test server, for one).
     *
     * @param url the URL
     * @return what was found
     */
    public static MediaReport decodeAll(String url) {
        return decode(InputContainer.url(url).options(Map.of("err_detect", "careful")));
    }

    /**
     * Decodes media held in memory; {@code format} names the demuxer, or null to probe.
     *
     * @param data the media
     * @param format the muxer's name
     * @return what was found
     */
    public static MediaReport decodeAll(byte[] data, String format) {
        InputContainer.Opener o = InputContainer.consuming(IoContext.reading(data));
        if (format != null) o.format(format);
        return decode(o.options(Map.of("err_detect", "careful")));
    }

    private static MediaReport decode(InputContainer.Opener opener) {
        try (InputContainer in = opener.unknownOptions(UnknownOptions.WARN).open(); Packet packet = new Packet();
             Frame frame = new Frame()) {
            List<StreamInfo> streams = in.streams();
            Map<Integer, Acc> accs = new HashMap<>();
            for (StreamInfo s : streams) {
                Acc a = new Acc(s);
                if (s.type() == MediaType.VIDEO || s.type() == MediaType.AUDIO) {
                    a.decoder = Decoder.open(s, Map.of("err_detect", "careful"), UnknownOptions.WARN);
                }
                accs.put(s.index(), a);
            }
            try {
                while (in.read(packet)) {
                    Acc a = accs.get(packet.streamIndex());
                    a.onPacket(packet);
                    if (a.decoder != null) a.decode(packet, frame);
                    packet.unref();
                }
                for (Acc a : accs.values()) {
                    if (a.decoder != null) a.decode(null, frame);
                }
            } finally {
                for (Acc a : accs.values()) {
                    if (a.decoder != null) a.decoder.close();
                }
            }
            List<MediaReport.StreamReport> reports = new ArrayList<>();
            for (StreamInfo s : streams) reports.add(accs.get(s.index()).report());
            return new MediaReport(in.formatName(), reports);
        }
    }

    private static final class Acc {
        final StreamInfo stream;
        final Rational tb;
        Decoder decoder;
        long packets;
        long frames;
        long decodeErrors;
        long corrupt;
        long nonMonotonic;
        long lastDts = Timestamps.NOPTS;
        long firstDts = Timestamps.NOPTS;
        long firstPts = Long.MAX_VALUE;
        long lastPtsEnd = Long.MIN_VALUE;

        Acc(StreamInfo stream) {
            this.stream = stream;
            this.tb = stream.timeBase();
        }

        void onPacket(Packet p) {
            packets++;
            if (p.isCorrupt()) corrupt++;
            long dts = p.dts();
            if (dts != Timestamps.NOPTS) {
                if (lastDts != Timestamps.NOPTS && dts <= lastDts) nonMonotonic++;
                if (firstDts == Timestamps.NOPTS) firstDts = dts;
                lastDts = dts;
            }
            if (decoder == null) {
                long pts = p.pts() != Timestamps.NOPTS ? p.pts() : dts;
                if (pts != Timestamps.NOPTS) {
                    firstPts = Math.min(firstPts, pts);
                    lastPtsEnd = Math.max(lastPtsEnd, pts + Math.max(0, p.duration()));
                }
            }
        }

        void decode(Packet p, Frame f) {
            try {
                CodecResult r = decoder.send(p);
                if (r == CodecResult.END) return;
            } catch (FfmpegException e) {
                decodeErrors++;
                return;
            }
            for (;;) {
                CodecResult r;
                try {
                    r = decoder.receive(f);
                } catch (FfmpegException e) {
                    decodeErrors++;
                    continue;
                }
                if (r != CodecResult.OK) break;
                frames++;
                if (f.isCorrupt()) decodeErrors++;
                long pts = f.bestEffortTimestamp();
                if (pts != Timestamps.NOPTS) {
                    long dur = f.duration() > 0 ? f.duration() : frameDuration(f);
                    firstPts = Math.min(firstPts, pts);
                    lastPtsEnd = Math.max(lastPtsEnd, pts + dur);
                }
                f.unref();
            }
        }

        long frameDuration(Frame f) {
            if (stream.type() == MediaType.AUDIO && f.sampleRate() > 0) {
                return new Rational(1, f.sampleRate()).rescale(f.samples(), tb);
            }
            Rational fr = stream.frameRate();
            if (fr.num() > 0) return new Rational(fr.den(), fr.num()).rescale(1, tb);
            return 0;
        }

        MediaReport.StreamReport report() {
            boolean any = firstPts != Long.MAX_VALUE;
            return new MediaReport.StreamReport(stream.index(), stream.type().name().toLowerCase(), stream.codecName(),
                    stream.width(), stream.height(), stream.sampleRate(), stream.channels(), packets, frames,
                    decodeErrors, corrupt, nonMonotonic,
                    any ? tb.seconds(firstPts) : Double.NaN, any ? tb.seconds(lastPtsEnd) : Double.NaN,
                    firstDts == Timestamps.NOPTS ? Double.NaN : tb.seconds(firstDts),
                    lastDts == Timestamps.NOPTS ? Double.NaN : tb.seconds(lastDts));
        }
    }
}
