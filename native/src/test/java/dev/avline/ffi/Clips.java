package dev.avline.ffi;

import java.io.ByteArrayOutputStream;
import java.util.Map;

/** Tiny generated clips for the boundary's own tests (core has the full TestMedia kit). */
final class Clips {
    private Clips() {
    }

    /** A small H.264 clip ({@code testsrc2}), {@code frames} frames at 25 fps, muxed into {@code out}. */
    static long encodeVideo(OutputContainer out, int frames) {
        return encodeVideo(out, frames, Map.of());
    }

    static long encodeVideo(OutputContainer out, int frames, Map<String, String> headerOptions) {
        long written = 0;
        try (FilterGraph g = FilterGraph.describe("testsrc2=size=160x120:rate=25,format=yuv420p")
                .videoOutput("out").build();
             Encoder e = Encoder.named("libx264").video(160, 120, "yuv420p", g.outputTimeBase(0), new Rational(25, 1))
                     .options(Map.of("preset", "ultrafast", "g", "25"))
                     .globalHeader(out.formatName().equals("mp4")).open();
             Frame frame = new Frame(); Packet packet = new Packet()) {
            int stream = e.addStreamTo(out);
            out.writeHeader(headerOptions, UnknownOptions.FAIL);
            for (int i = 0; i < frames; i++) {
                if (g.pull(0, frame) != CodecResult.OK) break;
                frame.setPts(g.outputTimeBase(0).rescale(frame.pts(), e.timeBase()));
                e.send(frame);
                frame.unref();
                written += drain(e, packet, out, stream);
            }
            e.send(null);
            written += drain(e, packet, out, stream);
            out.writeTrailer();
        }
        return written;
    }

    private static long drain(Encoder e, Packet packet, OutputContainer out, int stream) {
        long n = 0;
        while (e.receive(packet) == CodecResult.OK) {
            packet.setStreamIndex(stream);
            packet.rescale(e.timeBase(), out.timeBase(stream));
            out.write(packet);
            n++;
        }
        return n;
    }

    /** A 160x120 H.264 MPEG-TS clip in memory. */
    static byte[] transportStream(int frames) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputContainer out = OutputContainer.consuming(IoContext.writing(bytes), "mpegts")) {
            encodeVideo(out, frames);
        }
        return bytes.toByteArray();
    }

    /** Reads every packet; returns how many there were. */
    static int countPackets(InputContainer in) {
        int n = 0;
        try (Packet p = new Packet()) {
            while (in.read(p)) n++;
        }
        return n;
    }
}
