package dev.avline.ffi;

import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avcodec;

/**
 * A borrowed view of one stream of a container: a snapshot of what Java code needs (type, codec,
 * time base, geometry) plus the native stream for the boundary's own use. It frees nothing and
 * keeps its container reachable; it must not be used after the container is closed.
 */
public final class StreamInfo {
    private final NativeResource owner;
    private final AVStream stream;
    private final int index;
    private final MediaType type;
    private final int codecId;
    private final String codecName;
    private final Rational timeBase;
    private final int width;
    private final int height;
    private final int sampleRate;
    private final int channels;
    private final long bitRate;
    private final Rational frameRate;
    private final long startTime;
    private final long duration;
    private final int extradataSize;

    StreamInfo(NativeResource owner, AVStream stream, int index) {
        this.owner = owner;
        this.stream = stream;
        this.index = index;
        AVCodecParameters p = stream.codecpar();
        this.type = MediaType.of(p.codec_type());
        this.codecId = p.codec_id();
        this.codecName = codecName(p.codec_id());
        this.timeBase = rational(stream.time_base());
        this.width = p.width();
        this.height = p.height();
        this.sampleRate = p.sample_rate();
        this.channels = p.ch_layout().nb_channels();
        this.bitRate = p.bit_rate();
        Rational fr = rational(stream.avg_frame_rate());
        if (fr.num() <= 0 || fr.den() <= 0) fr = rational(stream.r_frame_rate());
        this.frameRate = fr;
        this.startTime = stream.start_time();
        this.duration = stream.duration();
        this.extradataSize = p.extradata_size();
    }

    static Rational rational(AVRational r) {
        return new Rational(r.num(), r.den());
    }

    static String codecName(int codecId) {
        return avcodec.avcodec_get_name(codecId).getString();
    }

    /**
     * For other boundary classes: holds the container open (throws if it is closed) and returns the
     * native stream; pair with {@link #release()}. A close racing with the use waits for the release.
     */
    AVStream borrow() {
        try {
            owner.enter();
        } catch (IllegalStateException e) {
            throw new IllegalStateException("the container of stream #" + index + " is closed", e);
        }
        return stream;
    }

    void release() {
        owner.exit();
    }

    public int index() {
        return index;
    }

    public MediaType type() {
        return type;
    }

    /** FFmpeg's {@code AVCodecID} value. */
    public int codecId() {
        return codecId;
    }

    /** FFmpeg's short codec name ("h264", "aac", …). */
    public String codecName() {
        return codecName;
    }

    public Rational timeBase() {
        return timeBase;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public int sampleRate() {
        return sampleRate;
    }

    public int channels() {
        return channels;
    }

    public long bitRate() {
        return bitRate;
    }

    /** Average frame rate, or the real base rate when the average is unknown; 0/0 when neither is. */
    public Rational frameRate() {
        return frameRate;
    }

    /** Start time in {@link #timeBase()}, or {@link Timestamps#NOPTS}. */
    public long startTime() {
        return startTime;
    }

    /** Duration in {@link #timeBase()}, or {@link Timestamps#NOPTS} when unknown. */
    public long duration() {
        return duration;
    }

    /** Bytes of codec-global headers (AudioSpecificConfig, avcC); 0 when the stream carries them in-band. */
    public int extradataSize() {
        return extradataSize;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("#").append(index).append(' ').append(type.name().toLowerCase())
                .append(' ').append(codecName);
        if (type == MediaType.VIDEO) b.append(' ').append(width).append('x').append(height);
        if (type == MediaType.AUDIO) b.append(' ').append(sampleRate).append("Hz ").append(channels).append("ch");
        return b.toString();
    }
}
