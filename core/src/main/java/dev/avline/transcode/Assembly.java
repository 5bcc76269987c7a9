package dev.avline.transcode;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.avline.Container;
import dev.avline.JobContext;
import dev.avline.JobSummary;
import dev.avline.Output;
import dev.avline.events.Fallback;
import dev.avline.ffi.BitstreamFilter;
import dev.avline.ffi.Decoder;
import dev.avline.ffi.Encoder;
import dev.avline.ffi.FfmpegException;
import dev.avline.ffi.FilterGraph;
import dev.avline.ffi.Frame;
import dev.avline.ffi.HwDevice;
import dev.avline.ffi.InputContainer;
import dev.avline.ffi.MediaType;
import dev.avline.ffi.OutputContainer;
import dev.avline.ffi.Packet;
import dev.avline.ffi.Rational;
import dev.avline.ffi.StreamInfo;
import dev.avline.ffi.UnknownOptions;
import dev.avline.hw.DeviceLease;
import dev.avline.hw.HwKind;
import dev.avline.hw.HwPlan;
import dev.avline.hw.HwPlanner;
import dev.avline.hw.HwProbe;
import dev.avline.hw.NvdecBudget;

/**
 * Sets a transcode up, on the job's thread, before any stage runs: opens decoders and encoders
 * (hardware first where the plan says so, with fallbacks), adds the output streams, writes the
 * header, and wires the stages with their links. Encoders are opened from the stream parameters
 * and the settings, so the header is written before the first frame is decoded; each filter graph
 * is built later, from its first real frame, and ends in exactly what its encoder takes.
 */
final class Assembly {
    private final Pipeline p;
    private final InputContainer in;
    private final Output output;
    private final TranscodeSettings settings;
    private final JobContext ctx;
    private final Map<Integer, LoudnessMeasurement> loudness;
    private final boolean mp4;
    /** MP4 and Matroska keep codec headers out of band: encoders write global headers. */
    private final boolean globalHeader;
    private final ProgressSampler sampler;
    private final EncodingPass pass;
    /** Loudness measured in a first pass, by input stream. */
    final Map<Integer, LoudnessMeasurement> measured = new java.util.concurrent.ConcurrentHashMap<>();
    private EncodeStage videoEncoder;   // for adaptation: the video stream's stages
    private FilterStage videoFilter;
    private int[] videoSize;
    private boolean adaptable;
    private OutputContainer muxer;
    private Link<Packet> muxLink;
    private DemuxStage.Route[] routes;
    private MuxStage mux;
    private String hardware = "none";

    Assembly(Pipeline pipeline, InputContainer in, Output output, TranscodeSettings settings, JobContext ctx,
             Map<Integer, LoudnessMeasurement> loudness) {
        this(pipeline, in, output, settings, ctx, loudness, EncodingPass.SINGLE);
    }

    /** {@code pass}: in a first pass the muxer is FFmpeg's null muxer, and the audio is measured or skipped. */
    Assembly(Pipeline pipeline, InputContainer in, Output output, TranscodeSettings settings, JobContext ctx,
             Map<Integer, LoudnessMeasurement> loudness, EncodingPass pass) {
        this.pass = pass;
        this.p = pipeline;
        this.in = in;
        this.output = output;
        this.settings = settings;
        this.ctx = ctx;
        this.loudness = loudness;
        this.mp4 = output.container() == Container.FRAGMENTED_MP4;
        this.globalHeader = output.container().globalHeaders();
        this.sampler = new ProgressSampler(ctx, "none", p.links, p.encoders);
    }

    void build(List<StreamSelector.Choice> choices, OutputContainer muxer) {
        this.muxer = muxer;
        int n = choices.size();
        int q = settings.queueSize();
        // The muxer's pool must outlast every producer holding one slot while it waits for output.
        muxLink = p.link(new Link<>("mux", 2 * q + n + 2, Packet::new, Packet::unref, Packet::close, p.control));
        routes = new DemuxStage.Route[in.streams().size()];
        boolean[] video = new boolean[n];
        BitstreamFilter[] filters = new BitstreamFilter[n];
        boolean anyFilter = false;
        for (StreamSelector.Choice c : choices) {
            StreamInfo st = c.stream();
            int o;
            if (pass.first() && st.type() != MediaType.VIDEO) {
                // the first pass only needs the audio to measure its loudness (two-pass loudnorm)
                if (!c.copy() && settings.audio().loudnorm() != null) measureAudio(st);
                else in.discard(st.index());
                continue;
            }
            if (c.copy()) {
                o = muxer.addStreamCopying(st);
                if (mp4 && "aac".equals(st.codecName()) && st.extradataSize() == 0) {
                    // ADTS AAC (from TS) has no AudioSpecificConfig, which MP4 needs.
                    filters[o] = p.own(BitstreamFilter.open("aac_adtstoasc", st));
                    anyFilter = true;
                }
                routes[st.index()] = new DemuxStage.Route(muxLink, o);
            } else if (st.type() == MediaType.VIDEO) {
                o = video(st);
            } else {
                o = audio(st);
            }
            video[o] = st.type() == MediaType.VIDEO;
        }
        if (pass.first()) {
            video = java.util.Arrays.copyOf(video, muxer.streamCount());
            filters = java.util.Arrays.copyOf(filters, muxer.streamCount());
        }
        Map<String, String> header = pass.first() ? Map.of() : output.options();
        // fMP4: the moov (with each track's start as an edit list) waits for the first fragment; with
        // an empty moov written at once, a track that starts after zero (video behind AAC priming)
        // would have its first frame stretched back to zero.
        if (mp4 && !output.isHls() && !pass.first()) { // the hls muxer delays its fMP4 moov itself
            header = new LinkedHashMap<>(header);
            String flags = header.getOrDefault("movflags", "");
            if (!flags.contains("delay_moov")) header.put("movflags", flags + "+delay_moov");
        }
        muxer.writeHeader(header, output.unknownOptionsPolicy());
        Packet filtered = anyFilter ? p.own(new Packet()) : null;
        sampler.hardware(hardware);
        mux = p.stage(new MuxStage("mux", p.control, muxer, muxLink, video, filters, filtered, pass.first() ? null : sampler,
                ctx.statsPeriod().toNanos()));
        Rational[] timeBases = new Rational[in.streams().size()];
        for (StreamInfo st : in.streams()) timeBases[st.index()] = st.timeBase();
        p.stage(new DemuxStage(p.control, in, routes, timeBases, ctx, p.own(new Packet())).readRate(settings.readRate()));
    }

    private int video(StreamInfo st) {
        VideoSettings v = settings.video();
        HwPlan plan = HwPlanner.plan(settings.hardware(), st, v.encoder(), v.encoderOptions(), v.crf());
        plan.fallbacks().forEach(ctx::emit);
        DeviceLease lease = plan.lease() != null ? p.own(plan.lease()) : null; // released when the job ends
        HwDevice device = lease != null ? lease.device() : null;
        boolean gpuEncoderFrames = plan.hwEncode() && plan.kind().takesGpuFrames();
        // Decoded GPU frames stay on the GPU when the encoder takes them, or when they need scaling or
        // deinterlacing that the device can do (then a smaller picture is downloaded, once).
        boolean gpuFilters = plan.decode() && plan.kind().scaleFilter() != null && (plan.gpuFrames() || v.needsFilters());
        Decoder decoder = null;
        if (plan.decode()) {
            try {
                decoder = p.own(Decoder.open(st, hardwareDecoderOptions(plan, st, gpuFilters), UnknownOptions.FAIL, device));
            } catch (FfmpegException e) {
                ctx.emit(new Fallback(Instant.now(), "decode", plan.kind().deviceType(), "software", e.getMessage()));
                plan = plan.withSoftwareDecode();
                gpuFilters = false;
            }
        }
        if (decoder == null) decoder = p.own(Decoder.open(st, softwareDecoderOptions(), UnknownOptions.FAIL));
        int[] size = outputSize(v, st, decoder);
        Rational frameRate = st.frameRate();
        Rational sar = scaledAspect(decoder.sampleAspectRatio(), st.width(), st.height(), size[0], size[1]);
        Encoder encoder = null;
        if (plan.hwEncode()) {
            FfmpegException refused = null;
            for (Map<String, String> choice : plan.encoderChoices()) {
                try {
                    encoder = p.own(hardwareEncoder(plan, device, choice, size, st.timeBase(), frameRate, sar));
                    break;
                } catch (FfmpegException e) {
                    refused = refused == null ? e : refused; // the first set's reason is the telling one
                }
            }
            if (encoder == null) {
                if (Encoder.isHardware(v.encoder())) throw refused; // named by the caller: an error, not a fallback
                ctx.emit(new Fallback(Instant.now(), "encode", plan.encoder() + " on " + plan.kind().deviceType(),
                        v.encoder(), refused.getMessage()));
                plan = plan.withSoftwareEncoder(v.encoder());
            }
        }
        Map<String, String> options = new LinkedHashMap<>(v.encoderOptions());
        options.putAll(pass.encoderOptions("video"));
        if (encoder == null) {
            encoder = p.own(VideoTimeBase.open(tb -> Encoder.named(v.encoder()).video(size[0], size[1], v.pixelFormat(), tb, frameRate)
                    .sampleAspectRatio(sar).options(capThreads(options)).globalHeader(globalHeader).open(), st.timeBase(), frameRate));
        }
        int o = encoder.addStreamTo(muxer);
        hardware = plan.describe();
        if (!plan.hwEncode() && gpuEncoderFrames) gpuEncoderFrames = false; // the hardware encoder fell back
        FilterChains.Target target = FilterChains.Target.video(size[0], size[1],
                gpuEncoderFrames ? "nv12" : encoder.pixelFormatName(), v.deinterlace(),
                gpuFilters || gpuEncoderFrames ? plan.kind() : null, gpuEncoderFrames, frameRate);
        int q = settings.queueSize();
        Link<Packet> packets = p.link(new Link<>("decode#" + o, q, Packet::new, Packet::unref, Packet::close, p.control));
        Link<Frame> decoded = p.link(new Link<>("filter#" + o, q, Frame::new, Frame::unref, Frame::close, p.control));
        Link<Frame> filtered = p.link(new Link<>("encode#" + o, q, Frame::new, Frame::unref, Frame::close, p.control));
        boolean download = plan.decode() && !gpuFilters;
        HwPlan finalPlan = plan;
        DecodeStage decode = p.stage(new DecodeStage("decode #" + o + " " + decoder.codecName(), p.control, decoder, packets, decoded,
                plan.decode() ? plan.kind().deviceType() : null, download, download ? p.own(new Frame()) : null, ctx,
                () -> sampler.hardware(finalPlan.withSoftwareDecode().describe())));
        if (plan.decode()) decode.rescuedBy(decoderRescue(st, plan, lease));
        videoFilter = p.stage(new FilterStage("filter #" + o, p.control, target, decoded, filtered,
                target.gpuKind() != null ? device : null, 0, ctx, o).threads(settings.codecThreads()));
        adaptable = settings.adaptation() != null && !pass.first() && "libx264".equals(encoder.name());
        if (adaptable) {
            Rational decodedSar = decoder.sampleAspectRatio();
            EncodeStage.Reopener reopen = (t, tb, w, h) -> {
                Map<String, String> opts = new LinkedHashMap<>(options);
                if (t.preset() != null) opts.put("preset", t.preset());
                scaleRate(opts, "b", v.bitrate(), t.rateFactor());
                scaleRate(opts, "maxrate", v.maxrate(), t.rateFactor());
                scaleRate(opts, "bufsize", v.maxrate() > 0 && v.bufsize() == 0 ? 2 * v.maxrate() : v.bufsize(), t.rateFactor());
                return Encoder.named(v.encoder()).video(w, h, v.pixelFormat(), tb, frameRate)
                        .sampleAspectRatio(scaledAspect(decodedSar, st.width(), st.height(), w, h)).options(capThreads(opts))
                        .globalHeader(globalHeader).open();
            };
            String preset = v.preset() != null ? v.preset() : "medium";
            videoEncoder = p.stage(new EncodeStage("encode #" + o + " " + encoder.name(), p.control, encoder, filtered, muxLink, o,
                    frameRate, null, new Retune(0, 0, settings.adaptation().presetsFrom(preset).get(0), 1.0), reopen,
                    new long[] {v.bitrate(), v.maxrate(), v.maxrate() > 0 && v.bufsize() == 0 ? 2 * v.maxrate() : v.bufsize()}));
            videoSize = size;
        } else {
            videoEncoder = p.stage(new EncodeStage("encode #" + o + " " + encoder.name(), p.control, encoder, filtered, muxLink, o,
                    frameRate));
            if (plan.hwEncode() && !Encoder.isHardware(v.encoder()) && Encoder.takesPixelFormat(v.encoder(), "nv12")) {
                videoEncoder.rescuedBy(encoderRescue(v, options, frameRate, sar, finalPlan));
            }
        }
        routes[st.index()] = new DemuxStage.Route(packets, st.index());
        return o;
    }

    private static void scaleRate(Map<String, String> opts, String key, long configured, double factor) {
        if (configured > 0) opts.put(key, String.valueOf(Math.max(1, Math.round(configured * factor))));
    }

    /** First pass with two-pass loudness: the audio is decoded and measured, not encoded. */
    private void measureAudio(StreamInfo st) {
        Decoder decoder = p.own(Decoder.open(st, Map.of(), UnknownOptions.FAIL));
        int q = settings.queueSize();
        Link<Packet> packets = p.link(new Link<>("decode#a" + st.index(), q, Packet::new, Packet::unref, Packet::close, p.control));
        Link<Frame> decoded = p.link(new Link<>("measure#a" + st.index(), q, Frame::new, Frame::unref, Frame::close, p.control));
        p.stage(new DecodeStage("decode audio " + decoder.codecName(), p.control, decoder, packets, decoded, null, false, null,
                ctx, null));
        p.stage(new LoudnessStage("measure audio #" + st.index(), p.control, decoded, st.index(), measured));
        routes[st.index()] = new DemuxStage.Route(packets, st.index());
    }

    /**
     * The video stream's adaptation ({@link TranscodeSettings#adaptation()}), as a stage to add; null
     * when the transcode does not adapt (not asked, a first pass, or the encoder in use is not libx264).
     */
    AdaptStage adaptation() {
        if (!adaptable) return null;
        Adaptation a = settings.adaptation();
        // A new preset or picture size means new SPS/PPS at an IDR: TS carries them, MP4 and fMP4 cannot.
        boolean headersMayChange = output.container() == Container.MPEGTS;
        String preset = settings.video().preset() != null ? settings.video().preset() : "medium";
        int[] size = videoSize;
        FilterStage filter = videoFilter;
        int w = Math.max(16, (size[0] * 3 / 4) & ~1);
        int h = Math.max(16, (size[1] * 3 / 4) & ~1);
        AdaptStage.LastResort smaller = !headersMayChange ? null : new AdaptStage.LastResort() {
            @Override
            public String[] describe() {
                return new String[] {size[0] + "x" + size[1], w + "x" + h};
            }

            @Override
            public void apply(boolean down, double fromSeconds) {
                filter.resize(new FilterStage.Resize(fromSeconds, down ? w : size[0], down ? h : size[1]));
            }
        };
        Adapter adapter = new Adapter(settings.video().bitrate() > 0 ? a : a.bitrateSteps(0), a.presetsFrom(preset),
                headersMayChange, smaller != null ? smaller.describe() : null, settings.readRate(), System.nanoTime());
        MuxStage m = mux;
        return new AdaptStage(p.control, adapter, a.cpuLoadOf(), List.of(videoEncoder), 0, smaller, ctx, m::finished);
    }

    /**
     * Options of a decoder on the device. NVDEC: threads within its surface budget, no extra frames
     * (it copies out of its surfaces). VAAPI (fixed surface pool): room for the GPU frames our queues
     * hold while it decodes on. QSV: its frames are downloaded at once, nothing extra.
     */
    private Map<String, String> hardwareDecoderOptions(HwPlan plan, StreamInfo st, boolean gpuFramesLeaveDecoder) {
        Map<String, String> m = new LinkedHashMap<>();
        if (plan.kind() == HwKind.CUDA) {
            m.put("threads", String.valueOf(NvdecBudget.threads(st.codecName(), settings.codecThreads(),
                    Runtime.getRuntime().availableProcessors())));
        } else {
            m.put("threads", threads("auto"));
            if (plan.kind() == HwKind.VAAPI && gpuFramesLeaveDecoder) {
                m.put("extra_hw_frames", String.valueOf(2 * settings.queueSize() + 4));
            }
        }
        return m;
    }

    private Map<String, String> softwareDecoderOptions() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("threads", threads("auto"));
        return m;
    }

    /** Decoding on the device failed mid-stream: a software decoder, and the device given up for later jobs. */
    private DecodeStage.Rescue decoderRescue(StreamInfo st, HwPlan plan, DeviceLease lease) {
        return new DecodeStage.Rescue() {
            @Override
            public Decoder openSoftwareDecoder() {
                return Decoder.open(st, softwareDecoderOptions(), UnknownOptions.FAIL);
            }

            @Override
            public void fellBack(String reason, long frames) {
                // at the first frame it is the codec or profile the device lacks (AV1 without a hwaccel), not a lost device
                if (lease != null && frames > 0) lease.markLost();
                ctx.emit(new Fallback(Instant.now(), "decode", plan.kind().deviceType(), "software", reason, frames));
            }
        };
    }

    /**
     * The hardware encoder failed mid-stream: the configured software encoder, taking NV12 (what
     * the GPU frames download to, and what the graph gives a QSV encoder), without a global header
     * (its SPS/PPS differ from the header already written, so they travel in the stream).
     */
    private EncodeStage.Rescue encoderRescue(VideoSettings v, Map<String, String> options, Rational frameRate, Rational sar,
                                             HwPlan plan) {
        return new EncodeStage.Rescue() {
            @Override
            public Encoder open(Rational timeBase, int width, int height) {
                return Encoder.named(v.encoder()).video(width, height, "nv12", timeBase, frameRate).sampleAspectRatio(sar)
                        .options(capThreads(options)).globalHeader(false).open();
            }

            @Override
            public void fellBack(String from, String to, String reason, long frames) {
                HwProbe.forget(); // the encoder may be gone for good: the next job probes again
                ctx.emit(new Fallback(Instant.now(), "encode", from + " on " + plan.kind().deviceType(), to, reason, frames));
                sampler.hardware(plan.withSoftwareEncoder(to).describe());
            }
        };
    }

    private Encoder hardwareEncoder(HwPlan plan, HwDevice device, Map<String, String> choice, int[] size, Rational timeBase,
                                    Rational frameRate, Rational sar) {
        Encoder.Builder b = Encoder.named(plan.encoder()).device(device).options(capThreads(choice))
                .sampleAspectRatio(sar).globalHeader(globalHeader);
        if (plan.kind().takesGpuFrames()) {
            b.video(size[0], size[1], device.framePixelFormat(), timeBase, frameRate)
                    .hardwareFrames(device.framesFor("nv12", size[0], size[1]));
        } else {
            b.video(size[0], size[1], "nv12", timeBase, frameRate);
        }
        return b.open();
    }

    private int audio(StreamInfo st) {
        AudioSettings a = settings.audio();
        Decoder decoder = p.own(Decoder.open(st, capThreads(Map.of()), UnknownOptions.FAIL));
        int rate = a.sampleRate() > 0 ? a.sampleRate() : st.sampleRate() > 0 ? st.sampleRate() : decoder.sampleRate();
        int channels = a.channels() > 0 ? a.channels() : Math.max(1, st.channels() > 0 ? st.channels() : decoder.channels());
        Encoder encoder = p.own(Encoder.named(a.encoder()).audio(rate, channels, null).options(capThreads(a.encoderOptions()))
                .globalHeader(globalHeader).open());
        int o = encoder.addStreamTo(muxer);
        String loud = null;
        if (a.loudnorm() != null) {
            LoudnessMeasurement m = loudness.get(st.index());
            loud = m != null ? a.loudnorm().linearFilter(m) : a.loudnorm().dynamicFilter();
        }
        FilterChains.Target target = FilterChains.Target.audio(rate, encoder.sampleFormatName(),
                FilterGraph.defaultLayoutName(channels), loud);
        int q = settings.queueSize();
        Link<Packet> packets = p.link(new Link<>("decode#" + o, q, Packet::new, Packet::unref, Packet::close, p.control));
        Link<Frame> decoded = p.link(new Link<>("filter#" + o, q, Frame::new, Frame::unref, Frame::close, p.control));
        Link<Frame> filtered = p.link(new Link<>("encode#" + o, q, Frame::new, Frame::unref, Frame::close, p.control));
        p.stage(new DecodeStage("decode #" + o + " " + decoder.codecName(), p.control, decoder, packets, decoded,
                null, false, null, ctx, null));
        p.stage(new FilterStage("filter #" + o, p.control, target, decoded, filtered, null, encoder.frameSize(), ctx, o));
        p.stage(new EncodeStage("encode #" + o + " " + encoder.name(), p.control, encoder, filtered, muxLink, o, null));
        routes[st.index()] = new DemuxStage.Route(packets, st.index());
        return o;
    }

    /** The {@code threads} value for a codec: the settings' cap, else {@code automatic}. */
    private String threads(String automatic) {
        return settings.codecThreads() > 0 ? String.valueOf(settings.codecThreads()) : automatic;
    }

    /** {@code options} with the settings' thread cap, unless they name {@code threads} themselves. */
    private Map<String, String> capThreads(Map<String, String> options) {
        if (settings.codecThreads() == 0 || options.containsKey("threads")) return options;
        Map<String, String> m = new LinkedHashMap<>(options);
        m.put("threads", threads(null));
        return m;
    }

    /** The output size: the settings' (0 = the input's; -1/-2 = follow the aspect ratio, -2 even). */
    static int[] outputSize(VideoSettings v, StreamInfo st, Decoder decoder) {
        int iw = st.width() > 0 ? st.width() : decoder.width();
        int ih = st.height() > 0 ? st.height() : decoder.height();
        if (iw <= 0 || ih <= 0) {
            throw FfmpegException.invalid("transcode video", null, "the input's video size is unknown (stream #"
                    + st.index() + "); give a larger probe size or set both video.width and video.height");
        }
        int w = v.width() == 0 ? iw : v.width();
        int h = v.height() == 0 ? ih : v.height();
        if (w < 0) w = follow(h, iw, ih, w == -2);
        if (h < 0) h = follow(w, ih, iw, h == -2);
        return new int[] {w, h};
    }

    private static int follow(int other, int mine, int theirs, boolean even) {
        double exact = (double) other * mine / theirs;
        return even ? Math.max(2, (int) Math.round(exact / 2) * 2) : Math.max(1, (int) Math.round(exact));
    }

    /** The pixel aspect after scaling, so the picture keeps its display shape (as the scale filter sets it). */
    static Rational scaledAspect(Rational sar, int iw, int ih, int w, int h) {
        long num = (sar.num() > 0 && sar.den() > 0 ? sar.num() : 1L) * (long) h * iw;
        long den = (sar.num() > 0 && sar.den() > 0 ? sar.den() : 1L) * (long) w * ih;
        if (iw <= 0 || ih <= 0) return new Rational(1, 1);
        long g = java.math.BigInteger.valueOf(num).gcd(java.math.BigInteger.valueOf(den)).longValue();
        num /= g;
        den /= g;
        while (num > Integer.MAX_VALUE || den > Integer.MAX_VALUE) {
            num >>= 1;
            den >>= 1;
        }
        return new Rational((int) num, (int) Math.max(1, den));
    }

    String hardware() {
        return hardware;
    }

    long packetsWritten() {
        return mux == null ? 0 : mux.packets();
    }

    /** Sends the final progress snapshot and tells what was written (call after the stages ended). */
    JobSummary summary(boolean last) {
        if (mux == null) return new JobSummary(output.description(), 0, 0, 0);
        if (!pass.first()) sampler.report(mux, last); // a first pass's media time is counted again by the second
        return new JobSummary(output.description(), mux.outSeconds(), mux.bytes(), mux.packets());
    }
}
