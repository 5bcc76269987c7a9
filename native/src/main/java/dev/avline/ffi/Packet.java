package dev.avline.ffi;

import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.global.avcodec;

/**
 * An owned {@code AVPacket}, allocated once and reused for every packet of a loop
 * ({@code av_packet_unref} between uses): the hot path allocates nothing.
 * A packet is confined to one thread at a time; handing it to another thread goes through
 * {@link #moveTo(Packet)} into a packet owned by that thread.
 */
public final class Packet extends NativeResource {
    private final AVPacket raw;

    public Packet() {
        AVPacket p = avcodec.av_packet_alloc();
        if (p == null || p.isNull()) throw new OutOfMemoryError("av_packet_alloc");
        raw = p;
    }

    /** The native packet, for other classes of the boundary; callers must hold it open. */
    AVPacket raw() {
        return raw;
    }

    /**
     * For other boundary classes: marks the packet in use (throws if it is closed) and returns the
     * native struct; pair with {@link #release()}. A closed packet must never reach native code.
     */
    AVPacket borrow() {
        enter();
        return raw;
    }

    /** Ends a {@link #borrow()}. */
    void release() {
        exit();
    }

    public int streamIndex() {
        enter();
        try { return raw.stream_index(); } finally { exit(); }
    }

    public void setStreamIndex(int index) {
        enter();
        try { raw.stream_index(index); } finally { exit(); }
    }

    public long pts() {
        enter();
        try { return raw.pts(); } finally { exit(); }
    }

    public long dts() {
        enter();
        try { return raw.dts(); } finally { exit(); }
    }

    public long duration() {
        enter();
        try { return raw.duration(); } finally { exit(); }
    }

    public int size() {
        enter();
        try { return raw.size(); } finally { exit(); }
    }

    public boolean isKeyFrame() {
        enter();
        try { return (raw.flags() & avcodec.AV_PKT_FLAG_KEY) != 0; } finally { exit(); }
    }

    public boolean isCorrupt() {
        enter();
        try { return (raw.flags() & avcodec.AV_PKT_FLAG_CORRUPT) != 0; } finally { exit(); }
    }

    /** True when the packet holds no data (after unref or a move). */
    public boolean isEmpty() {
        enter();
        try { return raw.data() == null || raw.size() == 0 && raw.side_data_elems() == 0; } finally { exit(); }
    }

    /** Sets pts, dts and duration in one boundary crossing. */
    public void setTimestamps(long pts, long dts, long duration) {
        enter();
        try {
            raw.pts(pts);
            raw.dts(dts);
            raw.duration(duration);
        } finally {
            exit();
        }
    }

    /** Rescales pts, dts and duration from one time base to another (no JNI allocation). */
    public void rescale(Rational from, Rational to) {
        if (from.equals(to)) return;
        enter();
        try {
            raw.pts(from.rescale(raw.pts(), to));
            raw.dts(from.rescale(raw.dts(), to));
            long d = raw.duration();
            if (d > 0) raw.duration(from.rescale(d, to));
        } finally {
            exit();
        }
    }

    /** Drops the data reference; the packet can be filled again. */
    public void unref() {
        enter();
        try { avcodec.av_packet_unref(raw); } finally { exit(); }
    }

    /** Moves this packet's reference into {@code target} (no copy); this packet is left blank. */
    public void moveTo(Packet target) {
        enter();
        try {
            target.enter();
            try {
                avcodec.av_packet_unref(target.raw);
                avcodec.av_packet_move_ref(target.raw, raw);
            } finally {
                target.exit();
            }
        } finally {
            exit();
        }
    }

    /** Makes {@code target} a new reference to this packet's data (refcounted, no copy of the payload). */
    public void refInto(Packet target) {
        enter();
        try {
            target.enter();
            try {
                avcodec.av_packet_unref(target.raw);
                Ffmpeg.check(avcodec.av_packet_ref(target.raw, raw), "av_packet_ref", null);
            } finally {
                target.exit();
            }
        } finally {
            exit();
        }
    }

    /** Copies the payload out (for tests and diagnostics; allocates). */
    public byte[] copyData() {
        enter();
        try {
            byte[] b = new byte[raw.size()];
            if (b.length > 0) raw.data().get(b, 0, b.length);
            return b;
        } finally {
            exit();
        }
    }

    @Override
    protected void free() {
        avcodec.av_packet_free(raw);
    }
}
