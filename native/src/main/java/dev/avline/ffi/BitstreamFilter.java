package dev.avline.ffi;

import org.bytedeco.ffmpeg.avcodec.AVBSFContext;
import org.bytedeco.ffmpeg.avcodec.AVBitStreamFilter;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avcodec;

/**
 * A bitstream filter ({@code AVBSFContext}) on a stream copy: "aac_adtstoasc" (ADTS AAC from TS into
 * MP4), "h264_mp4toannexb", … Muxers insert some of these themselves, but the MP4 muxer turns
 * that off for fragmented output with an empty moov, so avline applies them itself.
 * Packets keep the stream's time base.
 */
public final class BitstreamFilter extends NativeResource {
    private final AVBSFContext ctx;
    private final String name;

    private BitstreamFilter(AVBSFContext ctx, String name) {
        this.ctx = ctx;
        this.name = name;
    }

    /** Opens filter {@code name} for packets of {@code stream}. */
    public static BitstreamFilter open(String name, StreamInfo stream) {
        Ffmpeg.ensureLoaded();
        AVBitStreamFilter f = avcodec.av_bsf_get_by_name(name);
        if (f == null || f.isNull()) {
            throw new FfmpegException("open bitstream filter", AvError.BSF_NOT_FOUND.code(), null,
                    "no bitstream filter named '" + name + "'", null);
        }
        AVBSFContext ctx = new AVBSFContext(null);
        Ffmpeg.check(avcodec.av_bsf_alloc(f, ctx), "allocate bitstream filter " + name, null);
        boolean ok = false;
        try {
            AVStream rawStream = stream.borrow();
            try {
                Ffmpeg.check(avcodec.avcodec_parameters_copy(ctx.par_in(), rawStream.codecpar()),
                        "bitstream filter " + name, null);
            } finally {
                stream.release();
            }
            AVRational tb = ctx.time_base_in();
            tb.num(stream.timeBase().num());
            tb.den(stream.timeBase().den());
            Ffmpeg.check(avcodec.av_bsf_init(ctx), "initialise bitstream filter " + name, null);
            ok = true;
            return new BitstreamFilter(ctx, name);
        } finally {
            if (!ok) avcodec.av_bsf_free(ctx);
        }
    }

    public String name() {
        return name;
    }

    /** Sends a packet (its reference is taken); null signals the end. */
    public void send(Packet packet) {
        enter();
        try {
            int ret;
            if (packet == null) {
                ret = avcodec.av_bsf_send_packet(ctx, null);
            } else {
                AVPacket rawPacket = packet.borrow();
                try {
                    ret = avcodec.av_bsf_send_packet(ctx, rawPacket);
                } finally {
                    packet.release();
                }
            }
            if (ret < 0) throw new FfmpegException("bitstream filter " + name, ret, null);
        } finally {
            exit();
        }
    }

    /** Receives a filtered packet. */
    public CodecResult receive(Packet packet) {
        enter();
        try {
            int ret;
            AVPacket rawPacket = packet.borrow();
            try {
                ret = avcodec.av_bsf_receive_packet(ctx, rawPacket);
            } finally {
                packet.release();
            }
            if (ret >= 0) return CodecResult.OK;
            if (ret == AvError.EAGAIN.code()) return CodecResult.AGAIN;
            if (ret == AvError.EOF.code()) return CodecResult.END;
            throw new FfmpegException("bitstream filter " + name, ret, null);
        } finally {
            exit();
        }
    }

    @Override
    protected void free() {
        avcodec.av_bsf_free(ctx);
    }

    @Override
    protected String describe() {
        return "bitstream filter " + name;
    }
}
