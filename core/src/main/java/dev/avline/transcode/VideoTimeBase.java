package dev.avline.transcode;

import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.avline.ffi.Encoder;
import dev.avline.ffi.FfmpegException;
import dev.avline.ffi.Rational;

/**
 * The time base a video encoder is opened with. Passthrough wants the input's own (1/90000 from
 * TS), which keeps every timestamp exact; some encoders refuse it (MPEG-4 Part 2, H.263 and MPEG-2
 * allow at most 65535 ticks a second). Those get the finest subdivision of the frame rate they
 * take instead: 1/65525 for 25 fps, 1001/65520 ticks… for 29.97 — exact for constant-rate input,
 * within ~15 µs for variable-rate input.
 */
final class VideoTimeBase {
    private static final Logger LOG = LoggerFactory.getLogger(VideoTimeBase.class);
    private static final int MAX_DEN = 65535;

    private VideoTimeBase() {
    }

    /** Opens with {@code input}'s time base, else with one derived from the frame rate. */
    static Encoder open(Function<Rational, Encoder> open, Rational input, Rational frameRate) {
        try {
            return open.apply(input);
        } catch (FfmpegException first) {
            Rational alt = fromFrameRate(frameRate);
            if (alt.equals(input)) throw first;
            try {
                Encoder e = open.apply(alt);
                LOG.info("{} refused time base {}; using {}", e.name(), input, alt);
                return e;
            } catch (FfmpegException second) {
                throw first;
            }
        }
    }

    static Rational fromFrameRate(Rational frameRate) {
        if (frameRate == null || frameRate.num() <= 0 || frameRate.den() <= 0 || frameRate.num() > MAX_DEN) {
            return new Rational(1, MAX_DEN);
        }
        int k = MAX_DEN / frameRate.num();
        return new Rational(frameRate.den(), frameRate.num() * k);
    }
}
