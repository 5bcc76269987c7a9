package dev.avline.transcode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.avline.Container;
import dev.avline.JobContext;
import dev.avline.events.StreamSkipped;
import dev.avline.ffi.Decoder;
import dev.avline.ffi.Encoder;
import dev.avline.ffi.FfmpegException;
import dev.avline.ffi.FilterGraph;
import dev.avline.ffi.Frame;
import dev.avline.ffi.InputContainer;
import dev.avline.ffi.MediaType;
import dev.avline.ffi.OutputContainer;
import dev.avline.ffi.Packet;
import dev.avline.ffi.Rational;
import dev.avline.ffi.StreamInfo;
import dev.avline.ffi.UnknownOptions;
import dev.avline.hlsout.CodecStrings;
import dev.avline.hlsout.HlsOutput;
import dev.avline.hlsout.LadderMaster;
import dev.avline.hlsout.SegmentLedger;

/**
 * Sets a ladder up before any stage runs. The stages, each on its own thread:
 * <pre>
 *   demux ─▶ decode video ─▶ fan-out ─┬▶ scale #0 ─▶ encode #0 (libx264) ─▶ mux #0 (hls) ◀─┐
 *                                     ├▶ scale #1 ─▶ encode #1           ─▶ mux #1 (hls) ◀─┤
 *                                     └▶ …                                                  │
 *         ─▶ decode audio ─▶ filter ─▶ encode audio (once) ─▶ fan-out ──────────────────────┘
 * </pre>
 * The decoded frames and the encoded audio are handed to each rendition by reference. Each
 * rendition's muxer is FFmpeg's {@code hls} muxer writing {@code <dir>/<name>/index.m3u8}; the
 * master playlist {@code <dir>/master.m3u8} is written by avline from what the muxers wrote.
 *
 * <p>In the first pass of a two-pass job, every encoder writes its x264 statistics and the muxers
 * are FFmpeg's {@code null} muxer: nothing reaches the disk but the statistics.
 */
final class LadderAssembly {
    private static final Logger LOG = LoggerFactory.getLogger(LadderAssembly.class);

    private final Pipeline p;
    private final InputContainer in;
    private final Ladder ladder;
    private final HlsOutput hls;
    private final JobContext ctx;
    private final Map<Integer, LoudnessMeasurement> loudness;
    private final EncodingPass pass;
    private final boolean fmp4;
    final List<RenditionChain> chains = new ArrayList<>();
    private LadderMaster master;
    private DemuxStage demux;
    private Encoder audioEncoder;
    private String audioCodec;
    private double frameRate;

    LadderAssembly(Pipeline pipeline, InputContainer in, Ladder ladder, HlsOutput hls, JobContext ctx,
                   Map<Integer, LoudnessMeasurement> loudness, EncodingPass pass) {
        this.p = pipeline;
        this.in = in;
        this.ladder = ladder;
        this.hls = hls;
        this.ctx = ctx;
        this.loudness = loudness;
        this.pass = pass;
        this.fmp4 = hls.segments() == Container.FRAGMENTED_MP4;
    }

    void build() {
        StreamInfo video = null;
        StreamInfo audio = null;
        for (StreamInfo st : in.streams()) {
            String skip = null;
            if (st.type() == MediaType.VIDEO && video == null) video = st;
            else if (st.type() == MediaType.AUDIO && audio == null && ladder.audio().mode() != StreamMode.DROP) audio = st;
            else skip = st.type() == MediaType.VIDEO ? "a ladder is made of the first video stream"
                    : st.type() == MediaType.AUDIO ? (ladder.audio().mode() == StreamMode.DROP ? "audio is dropped by the settings"
                    : "a ladder carries the first audio stream") : "a ladder writes audio and video only";
            if (skip != null) {
                in.discard(st.index());
                if (!pass.first()) ctx.emit(new StreamSkipped(Instant.now(), st.index(), st.type().name().toLowerCase(), st.codecName(), skip));
            }
        }
        if (video == null) throw FfmpegException.invalid("ladder", in.url(), "the input has no video stream to make renditions of");
        if (pass.first() && audio != null && !measuresLoudness()) {
            in.discard(audio.index()); // the first pass only needs the audio to measure its loudness
            audio = null;
        }
        int q = ladder.queueSize();
        DemuxStage.Route[] routes = new DemuxStage.Route[in.streams().size()];
        Link<Packet> audioPackets = audio != null && !pass.first() ? openAudio(audio, routes, q) : null;
        if (audio != null && pass.first()) measureAudio(audio, routes, q);
        if (!pass.first()) {
            master = new LadderMaster(hls.directory().resolve("master.m3u8"), fmp4 ? 7 : 6); // as the media playlists
            createDirectory(hls.directory());
        }
        Decoder decoder = p.own(Decoder.open(video, Map.of("threads", "auto"), UnknownOptions.FAIL));
        Rational rate = video.frameRate();
        frameRate = rate.num() > 0 && rate.den() > 0 ? (double) rate.num() / rate.den() : 0;
        List<Link<Frame>> scalers = new ArrayList<>();
        List<Link<Packet>> muxLinks = new ArrayList<>();
        for (int i = 0; i < ladder.renditions().size(); i++) {
            RenditionChain c = rendition(ladder.renditions().get(i), i, video, decoder, q, audioPackets != null);
            chains.add(c);
            scalers.add(c.frames);
            muxLinks.add(c.packets);
        }
        Link<Packet> packets = p.link(new Link<>("decode#v", q, Packet::new, Packet::unref, Packet::close, p.control));
        Link<Frame> decoded = p.link(new Link<>("split", q, Frame::new, Frame::unref, Frame::close, p.control));
        p.stage(new DecodeStage("decode video " + decoder.codecName(), p.control, decoder, packets, decoded, null, false, null,
                ctx, null));
        p.stage(new FanOutStage<>("split video", p.control, decoded, scalers, Frame::refInto));
        if (audioPackets != null) p.stage(new FanOutStage<>("share audio", p.control, audioPackets, muxLinks, Packet::refInto));
        routes[video.index()] = new DemuxStage.Route(packets, video.index());
        Rational[] timeBases = new Rational[in.streams().size()];
        for (StreamInfo st : in.streams()) timeBases[st.index()] = st.timeBase();
        demux = p.stage(new DemuxStage(p.control, in, routes, timeBases, ctx, p.own(new Packet())).readRate(ladder.readRate()));
        LOG.info("{}: {} from {} ({}), {}", ctx.name(), ladder, in.url() == null ? "(input)" : dev.avline.ffi.Urls.redact(in.url()),
                pass.number() == 0 ? "one pass" : "pass " + pass.number() + " of 2", hls);
    }

    private boolean measuresLoudness() {
        return ladder.audio().loudnorm() != null && ladder.audio().loudnorm().twoPass();
    }

    /** The shared audio: decoded, filtered and encoded once; its packets go to every rendition's muxer. */
    private Link<Packet> openAudio(StreamInfo st, DemuxStage.Route[] routes, int q) {
        AudioSettings a = ladder.audio();
        Decoder decoder = p.own(Decoder.open(st, Map.of(), UnknownOptions.FAIL));
        int rate = a.sampleRate() > 0 ? a.sampleRate() : st.sampleRate() > 0 ? st.sampleRate() : decoder.sampleRate();
        int channels = a.channels() > 0 ? a.channels() : Math.max(1, st.channels() > 0 ? st.channels() : decoder.channels());
        audioEncoder = p.own(Encoder.named(a.encoder()).audio(rate, channels, null).options(a.encoderOptions())
                .globalHeader(fmp4).open());
        audioCodec = CodecStrings.audio(a.encoder());
        String loud = null;
        if (a.loudnorm() != null) {
            LoudnessMeasurement m = loudness.get(st.index());
            loud = m != null ? a.loudnorm().linearFilter(m) : a.loudnorm().dynamicFilter();
        }
        FilterChains.Target target = FilterChains.Target.audio(rate, audioEncoder.sampleFormatName(),
                FilterGraph.defaultLayoutName(channels), loud);
        Link<Packet> packets = p.link(new Link<>("decode#a", q, Packet::new, Packet::unref, Packet::close, p.control));
        Link<Frame> decoded = p.link(new Link<>("filter#a", q, Frame::new, Frame::unref, Frame::close, p.control));
        Link<Frame> filtered = p.link(new Link<>("encode#a", q, Frame::new, Frame::unref, Frame::close, p.control));
        Link<Packet> encoded = p.link(new Link<>("share#a", q, Packet::new, Packet::unref, Packet::close, p.control));
        p.stage(new DecodeStage("decode audio " + decoder.codecName(), p.control, decoder, packets, decoded, null, false, null,
                ctx, null));
        p.stage(new FilterStage("filter audio", p.control, target, decoded, filtered, null, audioEncoder.frameSize(), ctx, 1));
        p.stage(new EncodeStage("encode audio " + audioEncoder.name(), p.control, audioEncoder, filtered, encoded, 1, null));
        routes[st.index()] = new DemuxStage.Route(packets, st.index());
        return encoded;
    }

    /** First pass with two-pass loudness: the audio is decoded and measured, not encoded. */
    private void measureAudio(StreamInfo st, DemuxStage.Route[] routes, int q) {
        Decoder decoder = p.own(Decoder.open(st, Map.of(), UnknownOptions.FAIL));
        Link<Packet> packets = p.link(new Link<>("decode#a", q, Packet::new, Packet::unref, Packet::close, p.control));
        Link<Frame> decoded = p.link(new Link<>("measure#a", q, Frame::new, Frame::unref, Frame::close, p.control));
        p.stage(new DecodeStage("decode audio " + decoder.codecName(), p.control, decoder, packets, decoded, null, false, null,
                ctx, null));
        p.stage(new LoudnessStage("measure audio", p.control, decoded, st.index(), measured));
        routes[st.index()] = new DemuxStage.Route(packets, st.index());
    }

    /** Loudness measured in a first pass, by input stream. */
    final Map<Integer, LoudnessMeasurement> measured = new java.util.concurrent.ConcurrentHashMap<>();

    private RenditionChain rendition(Rendition r, int index, StreamInfo st, Decoder decoder, int q, boolean withAudio) {
        int[] size = Assembly.outputSize(VideoSettings.h264().scale(r.width(), r.height()), st, decoder);
        Rational sar = Assembly.scaledAspect(decoder.sampleAspectRatio(), st.width(), st.height(), size[0], size[1]);
        Rational fr = st.frameRate();
        String preset = initialPreset();
        Retune initial = new Retune(0, 0, preset, 1.0);
        Map<String, String> passOptions = passOptions(r);
        EncodeStage.Reopener reopen = (t, tb, w, h) -> openVideo(r, new int[] {w, h}, tb, fr,
                Assembly.scaledAspect(decoder.sampleAspectRatio(), st.width(), st.height(), w, h), t, passOptions);
        Encoder encoder = p.own(VideoTimeBase.open(tb -> openVideo(r, size, tb, fr, sar, initial, passOptions), st.timeBase(), fr));

        SegmentLedger ledger = null;
        LadderMaster.Entry entry = null;
        OutputContainer muxer;
        if (pass.first()) {
            muxer = p.own(OutputContainer.toUrl("null", "null"));
        } else {
            HlsOutput out = hls.inDirectory(hls.directory().resolve(r.name()));
            createDirectory(out.directory());
            LadderMaster m = master;
            ledger = new SegmentLedger(() -> updateMaster(m, false));
            entry = master.add(r.name(), r.name() + "/" + out.playlistName(), ledger, size[0], size[1], frameRate, audioCodec);
            muxer = p.own(OutputContainer.toUrl(out.playlist().toString(), "hls", ledger));
            if (fmp4) entry.videoCodec(CodecStrings.avc1(encoder.extradata()));
        }
        int vo = encoder.addStreamTo(muxer);
        if (withAudio) audioEncoder.addStreamTo(muxer);
        Map<String, String> header = new LinkedHashMap<>();
        if (!pass.first()) {
            header.putAll(hls.inDirectory(hls.directory().resolve(r.name())).muxerOptions());
            header.put("avoid_negative_ts", "make_zero");
        }
        muxer.writeHeader(header, UnknownOptions.FAIL);

        Link<Frame> frames = p.link(new Link<>("filter#" + index, q, Frame::new, Frame::unref, Frame::close, p.control));
        Link<Frame> scaled = p.link(new Link<>("encode#" + index, q, Frame::new, Frame::unref, Frame::close, p.control));
        // Two producers (this rendition's encoder, the shared audio) may each hold a slot while the muxer waits.
        Link<Packet> packets = p.link(new Link<>("mux#" + index, 2 * q + 4, Packet::new, Packet::unref, Packet::close, p.control));
        FilterChains.Target target = FilterChains.Target.video(size[0], size[1], encoder.pixelFormatName(), Deinterlace.NONE,
                null, false, fr);
        FilterStage scaler = p.stage(new FilterStage("scale #" + index + " " + r.name(), p.control, target, frames, scaled,
                null, 0, ctx, vo));
        long[] rates = {r.bitrate(), r.maxrate(), r.bufsize()};
        EncodeStage enc = p.stage(new EncodeStage("encode #" + index + " " + r.name(), p.control, encoder, scaled, packets, vo, fr,
                new KeyframeSchedule(hls.segmentSeconds()), initial, reopen, rates));
        boolean[] video = withAudio ? new boolean[] {true, false} : new boolean[] {true};
        MuxStage mux = p.stage(new MuxStage("mux #" + index + " " + r.name(), p.control, muxer, packets, video,
                new dev.avline.ffi.BitstreamFilter[video.length], null, null, 0));
        if (entry != null && entry.videoCodec() == null) {
            LadderMaster.Entry e = entry;
            mux.tap((stream, packet) -> {
                if (stream == vo && e.videoCodec() == null && packet.isKeyFrame()) e.videoCodec(CodecStrings.avc1(packet.copyData()));
            });
        }
        return new RenditionChain(r, index, size[0], size[1], frames, packets, scaler, enc, mux, muxer, ledger, entry);
    }

    /**
     * Adaptation's last resort for a ladder: the top rendition encoded at 3/4 of its size (even
     * sides) from a segment boundary, and back. Not dropped: FFmpeg's {@code hls} muxer cannot pause
     * a playlist, and ending it ({@code #EXT-X-ENDLIST}) would stop every player on it; a smaller
     * picture in the same playlist (new SPS/PPS at the boundary's IDR) keeps them playing. The
     * master's RESOLUTION follows.
     */
    AdaptStage.LastResort topRenditionSmaller() {
        RenditionChain top = chains.get(0);
        int w = Math.max(16, (top.width * 3 / 4) & ~1);
        int h = Math.max(16, (top.height * 3 / 4) & ~1);
        return new AdaptStage.LastResort() {
            @Override
            public String[] describe() {
                return new String[] {top.width + "x" + top.height, w + "x" + h};
            }

            @Override
            public void apply(boolean down, double fromSeconds) {
                int nw = down ? w : top.width;
                int nh = down ? h : top.height;
                top.scaler.resize(new FilterStage.Resize(fromSeconds, nw, nh));
                if (top.entry != null) top.entry.size(nw, nh);
            }
        };
    }

    /** The preset the encoders start with: adaptation's first, else the video settings' (libx264's default: medium). */
    private String initialPreset() {
        String configured = ladder.video().preset() != null ? ladder.video().preset() : "medium";
        Adaptation a = ladder.adaptation();
        return a != null ? a.presetsFrom(configured).get(0) : configured;
    }

    private Map<String, String> passOptions(Rendition r) {
        return pass.encoderOptions(r.name());
    }

    private Encoder openVideo(Rendition r, int[] size, Rational tb, Rational fr, Rational sar, Retune t,
                              Map<String, String> passOptions) {
        VideoSettings v = ladder.video();
        Map<String, String> o = new LinkedHashMap<>(v.encoderOptions());
        o.remove("crf"); // a ladder's renditions are rate-controlled to their bitrates
        if (t.preset() != null) o.put("preset", t.preset());
        o.put("b", String.valueOf(Math.round(r.bitrate() * t.rateFactor())));
        o.put("maxrate", String.valueOf(Math.round(r.maxrate() * t.rateFactor())));
        o.put("bufsize", String.valueOf(Math.round(r.bufsize() * t.rateFactor())));
        // Keyframes only where segments start (forced), never on scene cuts or by count in between:
        // the same frames in every rendition.
        double fps = fr.num() > 0 && fr.den() > 0 ? (double) fr.num() / fr.den() : 30;
        o.put("g", String.valueOf(Math.max(2, (int) Math.ceil(2 * hls.segmentSeconds() * fps))));
        o.put("sc_threshold", "0");
        o.put("forced-idr", "1");
        o.putAll(passOptions);
        return Encoder.named(v.encoder()).video(size[0], size[1], v.pixelFormat(), tb, fr).sampleAspectRatio(sar)
                .options(o).globalHeader(fmp4).open();
    }

    private static void updateMaster(LadderMaster m, boolean last) {
        try {
            m.update(last);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the master playlist " + m.file(), e);
        }
    }

    /** Writes the master with the final figures (after the muxers ended). */
    void finishMaster() {
        if (master != null) updateMaster(master, true);
    }

    LadderMaster master() {
        return master;
    }

    DemuxStage demux() {
        return demux;
    }

    double frameRate() {
        return frameRate;
    }

    private static void createDirectory(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot create the HLS directory " + dir + ": " + e, e);
        }
    }
}
