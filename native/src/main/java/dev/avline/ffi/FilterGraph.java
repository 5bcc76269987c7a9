package dev.avline.ffi;

import java.util.ArrayList;
import java.util.List;

import org.bytedeco.ffmpeg.avfilter.AVBufferSrcParameters;
import org.bytedeco.ffmpeg.avfilter.AVFilter;
import org.bytedeco.ffmpeg.avfilter.AVFilterChain;
import org.bytedeco.ffmpeg.avfilter.AVFilterContext;
import org.bytedeco.ffmpeg.avfilter.AVFilterGraph;
import org.bytedeco.ffmpeg.avfilter.AVFilterGraphSegment;
import org.bytedeco.ffmpeg.avfilter.AVFilterInOut;
import org.bytedeco.ffmpeg.avutil.AVChannelLayout;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.avfilter;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * A libavfilter graph from a description in FFmpeg's filter syntax, with named sources
 * ({@code buffer}/{@code abuffer}) and sinks ({@code buffersink}/{@code abuffersink}).
 * With one input and one output, the description needs no labels ("scale=1280:720");
 * with several, it refers to them by their names ("[v0]scale=…[out0]").
 * A generator graph ("testsrc2=size=1280x720:rate=30") has no inputs.
 */
public final class FilterGraph extends NativeResource {
    private final AVFilterGraph graph;
    private final List<AVFilterContext> sources;
    private final List<AVFilterContext> sinks;
    private final String description;

    private FilterGraph(AVFilterGraph graph, List<AVFilterContext> sources, List<AVFilterContext> sinks, String description) {
        this.graph = graph;
        this.sources = sources;
        this.sinks = sinks;
        this.description = description;
    }

    public static Builder describe(String description) {
        return new Builder(description);
    }

    public static final class Builder {
        private final String description;
        private final List<String[]> inputs = new ArrayList<>();   // {name, filter, args}
        private final List<String[]> outputs = new ArrayList<>();  // {name, filter}
        private final List<Frame> hwFramesOf = new ArrayList<>();   // by input: a GPU frame whose frames context the source takes, or null
        private HwDevice device;
        private int threads = 0;

        private Builder(String description) {
            this.description = description;
        }

        /** A video source fed with {@link #push(int, Frame)}. */
        public Builder videoInput(String name, int width, int height, int pixelFormat, Rational timeBase,
                                  Rational sampleAspectRatio, Rational frameRate) {
            Rational sar = sampleAspectRatio == null || sampleAspectRatio.num() <= 0 ? new Rational(1, 1) : sampleAspectRatio;
            String args = "video_size=" + width + "x" + height + ":pix_fmt=" + pixelFormat
                    + ":time_base=" + timeBase + ":pixel_aspect=" + sar;
            if (frameRate != null && frameRate.num() > 0 && frameRate.den() > 0) args += ":frame_rate=" + frameRate;
            inputs.add(new String[] {name, "buffer", args});
            hwFramesOf.add(null);
            return this;
        }

        /**
         * A video source for frames like {@code frame} (size, pixel format, aspect ratio). For a GPU
         * frame the source takes the frame's frames context, so the graph starts on the GPU
         * ({@code scale_cuda}, {@code hwdownload}, …). {@code frame} must stay unchanged until {@link #build()}.
         */
        public Builder videoInputLike(String name, Frame frame, Rational timeBase, Rational frameRate) {
            Rational sar = frame.sampleAspectRatio();
            if (sar.num() <= 0 || sar.den() <= 0) sar = new Rational(1, 1);
            String args = "video_size=" + frame.width() + "x" + frame.height() + ":pix_fmt=" + frame.formatName()
                    + ":time_base=" + timeBase + ":pixel_aspect=" + sar;
            if (frameRate != null && frameRate.num() > 0 && frameRate.den() > 0) args += ":frame_rate=" + frameRate;
            inputs.add(new String[] {name, "buffer", args});
            hwFramesOf.add(frame.isHardware() ? frame : null);
            return this;
        }

        /** An audio source for frames like {@code frame} (rate, sample format, channel layout as it is). */
        public Builder audioInputLike(String name, Frame frame, Rational timeBase) {
            String args = "time_base=" + timeBase + ":sample_rate=" + frame.sampleRate() + ":sample_fmt=" + frame.formatName()
                    + ":channel_layout=" + frame.channelLayoutName();
            inputs.add(new String[] {name, "abuffer", args});
            hwFramesOf.add(null);
            return this;
        }

        /** An audio source; {@code sampleFormat} is FFmpeg's enum value. */
        public Builder audioInput(String name, int sampleRate, int sampleFormat, int channels, Rational timeBase) {
            String fmt = avutil.av_get_sample_fmt_name(sampleFormat).getString();
            String layout = defaultLayoutName(channels);
            String args = "time_base=" + timeBase + ":sample_rate=" + sampleRate + ":sample_fmt=" + fmt
                    + ":channel_layout=" + layout;
            inputs.add(new String[] {name, "abuffer", args});
            hwFramesOf.add(null);
            return this;
        }

        public Builder videoOutput(String name) {
            outputs.add(new String[] {name, "buffersink"});
            return this;
        }

        public Builder audioOutput(String name) {
            outputs.add(new String[] {name, "abuffersink"});
            return this;
        }

        /** Filter threads (0 = FFmpeg's default). */
        public Builder threads(int threads) {
            this.threads = threads;
            return this;
        }

        /** A device for hardware filters (scale_cuda, …), set on each filter before it is initialised. */
        public Builder device(HwDevice device) {
            this.device = device;
            return this;
        }

        public FilterGraph build() {
            Ffmpeg.ensureLoaded();
            String op = "build filter graph '" + description + "'";
            AVFilterGraph graph = avfilter.avfilter_graph_alloc();
            if (graph == null || graph.isNull()) throw new OutOfMemoryError("avfilter_graph_alloc");
            graph.nb_threads(threads);
            boolean ok = false;
            try {
                List<AVFilterContext> src = new ArrayList<>();
                for (String[] in : inputs) {
                    AVFilterContext c = new AVFilterContext(null);
                    Ffmpeg.check(avfilter.avfilter_graph_create_filter(c, filter(in[1], op), in[0], in[2], null, graph),
                            op + ": source " + in[0], null);
                    if (hwFramesOf.get(src.size()) != null) takeFramesContext(c, hwFramesOf.get(src.size()), op + ": source " + in[0]);
                    src.add(c);
                }
                List<AVFilterContext> snk = new ArrayList<>();
                for (String[] out : outputs) {
                    AVFilterContext c = new AVFilterContext(null);
                    Ffmpeg.check(avfilter.avfilter_graph_create_filter(c, filter(out[1], op), out[0], (String) null, null, graph),
                            op + ": sink " + out[0], null);
                    snk.add(c);
                }
                LogBridge.clearLastLine();
                parseAndLink(graph, op, src, snk);
                int ret = avfilter.avfilter_graph_config(graph, null);
                if (ret < 0) throw new FfmpegException(op, ret, null);
                ok = true;
                return new FilterGraph(graph, src, snk, description);
            } finally {
                if (!ok) avfilter.avfilter_graph_free(graph);
            }
        }

        /**
         * Parses the description with the graph-segment API, as FFmpeg 7's CLI does: the filters are
         * created, given the device ({@code hw_device_ctx}) while still uninitialised (a GPU filter
         * such as {@code hwupload} or {@code scale_vaapi} reads it in its init), then initialised and
         * linked; the pads left open are joined to our sources and sinks, labelled ones by name and
         * unlabelled ones in order.
         */
        private void parseAndLink(AVFilterGraph graph, String op, List<AVFilterContext> src, List<AVFilterContext> snk) {
            PointerPointer<AVFilterGraphSegment> segRef = new PointerPointer<>(1);
            PointerPointer<AVFilterInOut> openIns = new PointerPointer<>(1);
            PointerPointer<AVFilterInOut> openOuts = new PointerPointer<>(1);
            segRef.put(0, (Pointer) null);
            openIns.put(0, (Pointer) null);
            openOuts.put(0, (Pointer) null);
            try (BytePointer text = new BytePointer(description)) {
                Ffmpeg.check(avfilter.avfilter_graph_segment_parse(graph, text, 0, segRef), op, null);
                AVFilterGraphSegment seg = new AVFilterGraphSegment(segRef.get(0));
                Ffmpeg.check(avfilter.avfilter_graph_segment_create_filters(seg, 0), op, null);
                if (device != null) {
                    for (long c = 0; c < seg.nb_chains(); c++) {
                        AVFilterChain chain = seg.chains((int) c);
                        for (long f = 0; f < chain.nb_filters(); f++) {
                            AVFilterContext fc = chain.filters((int) f).filter();
                            if (fc != null && !fc.isNull()) fc.hw_device_ctx(device.newReference());
                        }
                    }
                }
                Ffmpeg.check(avfilter.avfilter_graph_segment_apply_opts(seg, 0), op, null);
                Ffmpeg.check(avfilter.avfilter_graph_segment_init(seg, 0), op, null);
                Ffmpeg.check(avfilter.avfilter_graph_segment_link(seg, 0, openIns, openOuts), op, null);
                boolean[] usedSrc = new boolean[src.size()];
                for (AVFilterInOut io = new AVFilterInOut(openIns.get(0)); !absent(io); io = io.next()) {
                    int i = pick(io, inputs, usedSrc, op, "input");
                    Ffmpeg.check(avfilter.avfilter_link(src.get(i), 0, io.filter_ctx(), io.pad_idx()), op + ": link " + inputs.get(i)[0], null);
                }
                boolean[] usedSnk = new boolean[snk.size()];
                for (AVFilterInOut io = new AVFilterInOut(openOuts.get(0)); !absent(io); io = io.next()) {
                    int i = pick(io, outputs, usedSnk, op, "output");
                    Ffmpeg.check(avfilter.avfilter_link(io.filter_ctx(), io.pad_idx(), snk.get(i), 0), op + ": link " + outputs.get(i)[0], null);
                }
                for (int i = 0; i < usedSrc.length; i++) {
                    if (!usedSrc[i]) throw FfmpegException.invalid(op, null, "the description does not use input '" + inputs.get(i)[0] + "'");
                }
                for (int i = 0; i < usedSnk.length; i++) {
                    if (!usedSnk[i]) throw FfmpegException.invalid(op, null, "the description does not feed output '" + outputs.get(i)[0] + "'");
                }
            } finally {
                if (!absent(openIns.get(0))) avfilter.avfilter_inout_free(new AVFilterInOut(openIns.get(0)));
                if (!absent(openOuts.get(0))) avfilter.avfilter_inout_free(new AVFilterInOut(openOuts.get(0)));
                if (!absent(segRef.get(0))) avfilter.avfilter_graph_segment_free(new AVFilterGraphSegment(segRef.get(0)));
                segRef.close();
                openIns.close();
                openOuts.close();
            }
        }

        private static boolean absent(Pointer p) {
            return p == null || p.isNull();
        }

        /** Which of our sources (or sinks) an open pad of the description is: by its label, else the next unused. */
        private static int pick(AVFilterInOut io, List<String[]> ours, boolean[] used, String op, String what) {
            BytePointer label = io.name();
            String name = label == null || label.isNull() ? null : label.getString();
            for (int i = 0; i < ours.size(); i++) {
                if (!used[i] && (name == null || name.equals(ours.get(i)[0]))) {
                    used[i] = true;
                    return i;
                }
            }
            throw FfmpegException.invalid(op, null, name == null ? "the description has more open " + what + "s than the graph has"
                    : "the description names " + what + " '" + name + "', which the graph does not have");
        }

        /** A buffer source of GPU frames needs their frames context before the graph is configured. */
        private static void takeFramesContext(AVFilterContext source, Frame frame, String op) {
            frame.enter();
            try {
                AVBufferSrcParameters par = avfilter.av_buffersrc_parameters_alloc();
                if (par == null || par.isNull()) throw new OutOfMemoryError("av_buffersrc_parameters_alloc");
                try {
                    par.format(avutil.AV_PIX_FMT_NONE);
                    par.hw_frames_ctx(frame.raw().hw_frames_ctx()); // borrowed: the call takes its own reference
                    Ffmpeg.check(avfilter.av_buffersrc_parameters_set(source, par), op + ": frames context", null);
                } finally {
                    par.hw_frames_ctx((org.bytedeco.ffmpeg.avutil.AVBufferRef) null);
                    avutil.av_free(par);
                }
            } finally {
                frame.exit();
            }
        }

        private static AVFilter filter(String name, String op) {
            AVFilter f = avfilter.avfilter_get_by_name(name);
            if (f == null || f.isNull()) throw new FfmpegException(op, AvError.FILTER_NOT_FOUND.code(), null);
            return f;
        }
    }

    /** FFmpeg's default layout name for a channel count ("mono", "stereo", "5.1", …). */
    public static String defaultLayoutName(int channels) {
        Ffmpeg.ensureLoaded();
        AVChannelLayout layout = new AVChannelLayout();
        try {
            avutil.av_channel_layout_default(layout, channels);
            byte[] buf = new byte[64];
            int n = avutil.av_channel_layout_describe(layout, buf, buf.length);
            int len = 0;
            while (len < buf.length && buf[len] != 0) len++;
            return n < 0 ? channels + "c" : new String(buf, 0, len, java.nio.charset.StandardCharsets.US_ASCII);
        } finally {
            avutil.av_channel_layout_uninit(layout);
            layout.close();
        }
    }

    /** Feeds a frame to source {@code input}; the frame's references move into the graph (it is blank after). */
    public void push(int input, Frame frame) {
        enter();
        try {
            int ret;
            AVFrame rawFrame = frame.borrow();
            try {
                ret = avfilter.av_buffersrc_add_frame_flags(sources.get(input), rawFrame, 0);
            } finally {
                frame.release();
            }
            if (ret < 0) throw new FfmpegException("filter '" + description + "'", ret, null);
        } finally {
            exit();
        }
    }

    /** Signals the end of source {@code input} (pts: where it ended, in its time base, or NOPTS). */
    public void pushEnd(int input, long pts) {
        enter();
        try {
            int ret = avfilter.av_buffersrc_close(sources.get(input), pts, 0);
            if (ret < 0) throw new FfmpegException("filter '" + description + "'", ret, null);
        } finally {
            exit();
        }
    }

    /** Pulls a filtered frame from sink {@code output}. */
    public CodecResult pull(int output, Frame frame) {
        enter();
        try {
            int ret;
            AVFrame rawFrame = frame.borrow();
            try {
                ret = avfilter.av_buffersink_get_frame_flags(sinks.get(output), rawFrame, 0);
            } finally {
                frame.release();
            }
            if (ret >= 0) return CodecResult.OK;
            if (ret == AvError.EAGAIN.code()) return CodecResult.AGAIN;
            if (ret == AvError.EOF.code()) return CodecResult.END;
            throw new FfmpegException("filter '" + description + "'", ret, null);
        } finally {
            exit();
        }
    }

    /** Makes an audio sink deliver frames of exactly {@code samples} (AAC wants 1024). */
    public void setFrameSize(int output, int samples) {
        enter();
        try {
            avfilter.av_buffersink_set_frame_size(sinks.get(output), samples);
        } finally {
            exit();
        }
    }

    public Rational outputTimeBase(int output) {
        enter();
        try {
            return StreamInfo.rational(avfilter.av_buffersink_get_time_base(sinks.get(output)));
        } finally {
            exit();
        }
    }

    public Rational outputFrameRate(int output) {
        enter();
        try {
            return StreamInfo.rational(avfilter.av_buffersink_get_frame_rate(sinks.get(output)));
        } finally {
            exit();
        }
    }

    public int outputWidth(int output) {
        enter();
        try { return avfilter.av_buffersink_get_w(sinks.get(output)); } finally { exit(); }
    }

    public int outputHeight(int output) {
        enter();
        try { return avfilter.av_buffersink_get_h(sinks.get(output)); } finally { exit(); }
    }

    /** Pixel or sample format of a sink, as FFmpeg's enum value. */
    public int outputFormat(int output) {
        enter();
        try { return avfilter.av_buffersink_get_format(sinks.get(output)); } finally { exit(); }
    }

    /** Pixel or sample format name of a sink ("yuv420p", "fltp"). */
    public String outputFormatName(int output) {
        int f = outputFormat(output);
        BytePointer p = avutil.av_get_pix_fmt_name(f);
        boolean video = outputWidth(output) > 0;
        if (!video) p = avutil.av_get_sample_fmt_name(f);
        return p == null || p.isNull() ? String.valueOf(f) : p.getString();
    }

    public int outputSampleRate(int output) {
        enter();
        try { return avfilter.av_buffersink_get_sample_rate(sinks.get(output)); } finally { exit(); }
    }

    public int outputChannels(int output) {
        enter();
        AVChannelLayout layout = new AVChannelLayout();
        try {
            Ffmpeg.check(avfilter.av_buffersink_get_ch_layout(sinks.get(output), layout), "read channel layout", null);
            return layout.nb_channels();
        } finally {
            avutil.av_channel_layout_uninit(layout);
            layout.close();
            exit();
        }
    }

    @Override
    protected void free() {
        avfilter.avfilter_graph_free(graph);
    }

    @Override
    protected String describe() {
        return "filter graph '" + description + "'";
    }
}
