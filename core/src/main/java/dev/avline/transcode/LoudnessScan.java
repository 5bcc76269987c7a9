package dev.avline.transcode;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.avline.Input;
import dev.avline.Internal;
import dev.avline.JobContext;
import dev.avline.ffi.CodecResult;
import dev.avline.ffi.Decoder;
import dev.avline.ffi.FfmpegException;
import dev.avline.ffi.Frame;
import dev.avline.ffi.InputContainer;
import dev.avline.ffi.IoInterrupt;
import dev.avline.ffi.MediaType;
import dev.avline.ffi.Packet;
import dev.avline.ffi.StreamInfo;
import dev.avline.ffi.UnknownOptions;

/**
 * The first pass of two-pass loudness normalisation: reads the whole input once, decodes its audio
 * tracks and measures each with {@code ebur128} (integrated loudness, range, true peak), read from
 * the metadata the filter attaches to its frames. Only for inputs that can be read twice (files,
 * URLs, bytes in memory), not for live feeds.
 */
@Internal
public final class LoudnessScan {
    private static final Logger LOG = LoggerFactory.getLogger(LoudnessScan.class);

    private LoudnessScan() {
    }

    /**
     * Measures every audio track of {@code input} (reading all of it, on the calling thread).
     *
     * @return measurements by input stream index; a silent track has none
     */
    public static Map<Integer, LoudnessMeasurement> measure(Input input) {
        return measure(input, new IoInterrupt(), () -> false, "loudness scan");
    }

    /** As {@link #measure(Input)}, for a job: a stop request ends the scan early. */
    static Map<Integer, LoudnessMeasurement> measure(Input input, JobContext ctx) {
        IoInterrupt interrupt = new IoInterrupt();
        Runnable onStop = () -> interrupt.interrupt("stop requested");
        ctx.onStop(onStop);
        try {
            return measure(input, interrupt, ctx::stopRequested, ctx.name());
        } finally {
            ctx.removeStopHook(onStop);
        }
    }

    private static Map<Integer, LoudnessMeasurement> measure(Input input, IoInterrupt interrupt, BooleanSupplier stop,
                                                             String name) {
        long t0 = System.nanoTime();
        Map<Integer, Meter> meters = new LinkedHashMap<>();
        try (InputContainer in = input.opener(interrupt).open(); Packet packet = new Packet(); Frame frame = new Frame()) {
            for (StreamInfo st : in.streams()) {
                if (st.type() == MediaType.AUDIO) meters.put(st.index(), new Meter(Decoder.open(st, Map.of(), UnknownOptions.FAIL)));
                else in.discard(st.index());
            }
            while (!stop.getAsBoolean()) {
                boolean got;
                try {
                    got = in.read(packet);
                } catch (FfmpegException e) {
                    if (stop.getAsBoolean()) break;
                    throw e;
                }
                if (!got) break;
                Meter m = meters.get(packet.streamIndex());
                if (m != null) m.decode(packet, frame);
                packet.unref();
            }
            Map<Integer, LoudnessMeasurement> result = new LinkedHashMap<>();
            for (Map.Entry<Integer, Meter> e : meters.entrySet()) {
                LoudnessMeasurement m = e.getValue().finish(frame);
                if (m != null) result.put(e.getKey(), m);
            }
            LOG.info("{}: loudness measured in {} ms: {}", name, (System.nanoTime() - t0) / 1_000_000, result);
            return result;
        } finally {
            for (Meter m : meters.values()) m.close();
        }
    }

    /** One audio track: decoder → {@link LoudnessMeter}. */
    private static final class Meter implements AutoCloseable {
        private final Decoder decoder;
        private final LoudnessMeter meter = new LoudnessMeter();

        Meter(Decoder decoder) {
            this.decoder = decoder;
        }

        void decode(Packet p, Frame frame) {
            try {
                decoder.send(p);
            } catch (FfmpegException e) {
                return; // a damaged packet: the measurement goes on without it
            }
            receive(frame);
        }

        private void receive(Frame frame) {
            for (;;) {
                CodecResult r;
                try {
                    r = decoder.receive(frame);
                } catch (FfmpegException e) {
                    continue;
                }
                if (r != CodecResult.OK) return;
                meter.push(frame, decoder.timeBase());
            }
        }

        LoudnessMeasurement finish(Frame frame) {
            try {
                decoder.send(null);
            } catch (FfmpegException ignored) {
                // nothing more to drain
            }
            receive(frame);
            return meter.finish();
        }

        @Override
        public void close() {
            meter.close();
            decoder.close();
        }
    }
}
