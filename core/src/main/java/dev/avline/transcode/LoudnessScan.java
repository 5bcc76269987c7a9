package dev.avline.transcode;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.avline.Input;
import dev.avline.JobContext;
import dev.avline.ffi.CodecResult;
import dev.avline.ffi.Decoder;
import dev.avline.ffi.FfmpegException;
import dev.avline.ffi.FilterGraph;
import dev.avline.ffi.Frame;
import dev.avline.ffi.InputContainer;
import dev.avline.ffi.IoInterrupt;
import dev.avline.ffi.MediaType;
import dev.avline.ffi.Packet;
import dev.avline.ffi.StreamInfo;
import dev.avline.ffi.Timestamps;
import dev.avline.ffi.UnknownOptions;

/**
 * The first pass of two-pass loudness normalisation: reads the whole input once, decodes its audio
 * tracks and measures each with {@code ebur128} (integrated loudness, range, true peak), read from
 * the metadata the filter attaches to its frames. Only for inputs that can be read twice (files,
 * URLs, bytes in memory), not for live feeds.
 */
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
        try (InputContainer in = input.opener(interrupt).open(); Packet packet = new Packet(); Frame frame = new Frame();
             Frame out = new Frame()) {
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
                if (m != null) m.decode(packet, frame, out);
                packet.unref();
            }
            Map<Integer, LoudnessMeasurement> result = new LinkedHashMap<>();
            for (Map.Entry<Integer, Meter> e : meters.entrySet()) {
                LoudnessMeasurement m = e.getValue().finish(frame, out);
                if (m != null) result.put(e.getKey(), m);
            }
            LOG.info("{}: loudness measured in {} ms: {}", name, (System.nanoTime() - t0) / 1_000_000, result);
            return result;
        } finally {
            for (Meter m : meters.values()) m.close();
        }
    }

    /** One audio track: decoder → ebur128, keeping the latest measurement. */
    private static final class Meter implements AutoCloseable {
        private final Decoder decoder;
        private FilterGraph graph;
        private double integrated = Double.NaN;
        private double range = Double.NaN;
        private double peak = Double.NaN;

        Meter(Decoder decoder) {
            this.decoder = decoder;
        }

        void decode(Packet p, Frame frame, Frame out) {
            try {
                decoder.send(p);
            } catch (FfmpegException e) {
                return; // a damaged packet: the measurement goes on without it
            }
            receive(frame, out);
        }

        private void receive(Frame frame, Frame out) {
            for (;;) {
                CodecResult r;
                try {
                    r = decoder.receive(frame);
                } catch (FfmpegException e) {
                    continue;
                }
                if (r != CodecResult.OK) return;
                if (graph == null) {
                    graph = FilterGraph.describe("ebur128=peak=true:metadata=1").audioInputLike("in", frame, decoder.timeBase())
                            .audioOutput("out").threads(1).build();
                }
                long pts = frame.bestEffortTimestamp();
                if (pts != Timestamps.NOPTS) frame.setPts(pts);
                graph.push(0, frame);
                pull(out);
            }
        }

        private void pull(Frame out) {
            while (graph.pull(0, out) == CodecResult.OK) {
                integrated = number(out.metadata("lavfi.r128.I"), integrated);
                range = number(out.metadata("lavfi.r128.LRA"), range);
                peak = number(out.metadata("lavfi.r128.true_peak"), peak);
                out.unref();
            }
        }

        private static double number(String s, double otherwise) {
            if (s == null) return otherwise;
            try {
                return Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                return otherwise;
            }
        }

        LoudnessMeasurement finish(Frame frame, Frame out) {
            try {
                decoder.send(null);
            } catch (FfmpegException ignored) {
                // nothing more to drain
            }
            receive(frame, out);
            if (graph == null) return null;
            graph.pushEnd(0, Timestamps.NOPTS);
            pull(out);
            if (Double.isNaN(integrated) || Double.isInfinite(integrated) || integrated < -70) return null; // silence
            double tp = Double.isNaN(peak) || peak <= 0 ? -99 : 20 * Math.log10(peak);
            return new LoudnessMeasurement(integrated, tp, Double.isNaN(range) ? 0 : range, integrated - 10);
        }

        @Override
        public void close() {
            if (graph != null) graph.close();
            decoder.close();
        }
    }
}
