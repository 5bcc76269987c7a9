package dev.avline.bench;

import java.util.Map;

import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVInputFormat;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avformat.Read_packet_Pointer_BytePointer_int;
import org.bytedeco.ffmpeg.avformat.Seek_Pointer_long_int;
import org.bytedeco.ffmpeg.avformat.Write_packet_Pointer_BytePointer_int;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * The floor of a segment remux from Java: FFmpeg's demuxer and muxer driven through the JavaCPP
 * bindings with nothing of avline in between, doing exactly the job {@link dev.avline.SegmentRemuxer}
 * does (same demuxer, same input and analysis options, same muxer options, every stream copied,
 * packets rescaled and written interleaved), with the least Java a program can have around it: the
 * segment is read from a Java array straight into FFmpeg's AVIO buffer by one upcall per 64 KB,
 * the muxer writes straight into a Java array, one packet is reused, and the callbacks are made once.
 * The contexts are made and freed per segment (FFmpeg cannot reuse an opened demuxer for new bytes).
 *
 * <p>Not thread-safe (one static source and sink): the benchmark runs it on one thread.
 */
final class SegmentFloor {
    private static final int AVIO_BUFFER = 64 * 1024;
    private static final int CUSTOM_IO_FLAG = 0x0080; // AVFMT_FLAG_CUSTOM_IO
    private static final int AVSEEK_SIZE = 0x10000;

    /** What CopyAnalysis and Input give avline's remux of a TS segment into TS. */
    static final Map<String, String> INPUT_OPTIONS = Map.of("fflags", "+discardcorrupt+genpts", "err_detect", "careful",
            "fpsprobesize", "0", "codec_whitelist", dev.avline.remux.CopyAnalysis.AUDIO_DECODERS);
    /** What Output gives a stream output in MPEG-TS. */
    static final Map<String, String> OUTPUT_OPTIONS = Map.of("mpegts_flags", "+initial_discontinuity",
            "avoid_negative_ts", "make_zero", "flush_packets", "0");

    private static byte[] source;
    private static int readAt;
    private static byte[] sink;
    private static int writtenTo;

    private static final Read_packet_Pointer_BytePointer_int READ = new Read_packet_Pointer_BytePointer_int() {
        @Override
        public int call(Pointer opaque, BytePointer buf, int size) {
            int n = Math.min(size, source.length - readAt);
            if (n <= 0) return avutil.AVERROR_EOF;
            buf.position(0).put(source, readAt, n);
            readAt += n;
            return n;
        }
    };
    private static final Seek_Pointer_long_int SEEK = new Seek_Pointer_long_int() {
        @Override
        public long call(Pointer opaque, long offset, int whence) {
            int w = whence & ~0x20000; // AVSEEK_FORCE
            if (w == AVSEEK_SIZE) return source.length;
            long target = w == 0 ? offset : w == 1 ? readAt + offset : w == 2 ? source.length + offset : -1;
            if (target < 0 || target > source.length) return -22; // EINVAL
            readAt = (int) target;
            return target;
        }
    };
    private static final Write_packet_Pointer_BytePointer_int WRITE = new Write_packet_Pointer_BytePointer_int() {
        @Override
        public int call(Pointer opaque, BytePointer buf, int size) {
            if (writtenTo + size > sink.length) return -5; // EIO: the benchmark sizes the sink generously
            buf.position(0).get(sink, writtenTo, size);
            writtenTo += size;
            return size;
        }
    };

    private final AVPacket packet = avcodec.av_packet_alloc();
    private final AVInputFormat mpegts = avformat.av_find_input_format("mpegts");

    /**
     * Remuxes {@code segment} (MPEG-TS) into {@code out}; returns the bytes written. The analysis'
     * refused video decoder logs an error line per call, which avline's remux sends to TRACE; the
     * floor does the same (a thread-local flag), so neither pays for printing it.
     */
    int remux(byte[] segment, byte[] out) {
        try (AutoCloseable quiet = dev.avline.remux.CopyAnalysis.expectRefusedDecoders()) {
            return remuxQuietly(segment, out);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e); // closing the log scope throws nothing
        }
    }

    private int remuxQuietly(byte[] segment, byte[] out) {
        source = segment;
        readAt = 0;
        sink = out;
        writtenTo = 0;
        AVFormatContext in = avformat.avformat_alloc_context();
        AVIOContext inIo = avformat.avio_alloc_context(new BytePointer(avutil.av_malloc(AVIO_BUFFER)), AVIO_BUFFER, 0, null,
                READ, null, SEEK);
        in.pb(inIo);
        in.flags(in.flags() | CUSTOM_IO_FLAG);
        AVFormatContext out0 = new AVFormatContext(null);
        AVIOContext outIo = null;
        try {
            AVDictionary opts = dictionary(INPUT_OPTIONS);
            check(avformat.avformat_open_input(in, (String) null, mpegts, opts), "open input");
            avutil.av_dict_free(opts);
            check(avformat.avformat_find_stream_info(in, (PointerPointer<?>) null), "find stream info");
            check(avformat.avformat_alloc_output_context2(out0, null, "mpegts", null), "alloc output");
            outIo = avformat.avio_alloc_context(new BytePointer(avutil.av_malloc(AVIO_BUFFER)), AVIO_BUFFER, 1, null,
                    null, WRITE, null);
            outIo.seekable(0);
            out0.pb(outIo);
            out0.flags(out0.flags() | CUSTOM_IO_FLAG);
            int streams = in.nb_streams();
            AVStream[] inStreams = new AVStream[streams];
            AVStream[] outStreams = new AVStream[streams];
            for (int i = 0; i < streams; i++) {
                inStreams[i] = in.streams(i);
                outStreams[i] = avformat.avformat_new_stream(out0, null);
                check(avcodec.avcodec_parameters_copy(outStreams[i].codecpar(), inStreams[i].codecpar()), "copy parameters");
                outStreams[i].codecpar().codec_tag(0);
                outStreams[i].time_base(inStreams[i].time_base());
            }
            AVDictionary muxOpts = dictionary(OUTPUT_OPTIONS);
            check(avformat.avformat_write_header(out0, muxOpts), "write header");
            avutil.av_dict_free(muxOpts);
            while (avformat.av_read_frame(in, packet) >= 0) {
                int s = packet.stream_index();
                avcodec.av_packet_rescale_ts(packet, inStreams[s].time_base(), outStreams[s].time_base());
                packet.pos(-1);
                check(avformat.av_interleaved_write_frame(out0, packet), "write packet");
            }
            check(avformat.av_write_trailer(out0), "write trailer");
            avformat.avio_flush(outIo);
            return writtenTo;
        } finally {
            avcodec.av_packet_unref(packet);
            if (!out0.isNull()) {
                out0.pb(null);
                avformat.avformat_free_context(out0);
            }
            if (outIo != null) freeIo(outIo);
            avformat.avformat_close_input(in); // custom I/O: leaves the AVIOContext to us
            freeIo(inIo);
        }
    }

    private static void freeIo(AVIOContext io) {
        avutil.av_free(io.buffer());
        io.buffer(null);
        avformat.avio_context_free(io);
    }

    private static AVDictionary dictionary(Map<String, String> options) {
        AVDictionary d = new AVDictionary(null);
        for (Map.Entry<String, String> e : options.entrySet()) avutil.av_dict_set(d, e.getKey(), e.getValue(), 0);
        return d;
    }

    private static void check(int ret, String what) {
        if (ret < 0) throw new IllegalStateException("floor: " + what + " failed with " + ret);
    }

    void close() {
        avcodec.av_packet_free(packet);
    }
}
