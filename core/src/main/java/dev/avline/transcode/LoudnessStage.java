package dev.avline.transcode;

import java.util.Map;

import dev.avline.ffi.Frame;

/**
 * The loudness measurement of a two-pass encode's first pass, on its own thread: decoded audio in,
 * nothing out; at the end of the stream the measurement is put in {@code results} (by input stream).
 */
final class LoudnessStage extends Stage {
    private final Link<Frame> in;
    private final int stream;
    private final Map<Integer, LoudnessMeasurement> results;
    private final LoudnessMeter meter = new LoudnessMeter();

    LoudnessStage(String name, Control control, Link<Frame> in, int stream, Map<Integer, LoudnessMeasurement> results) {
        super(name, control);
        this.in = in;
        this.stream = stream;
        this.results = results;
    }

    @Override
    void work() {
        for (;;) {
            Slot<Frame> s = in.take();
            try {
                if (s.end) {
                    LoudnessMeasurement m = meter.finish();
                    if (m != null) results.put(stream, m);
                    return;
                }
                meter.push(s.item, s.timeBase);
            } finally {
                in.release(s);
            }
        }
    }

    @Override
    void cleanup() {
        meter.close();
    }
}
