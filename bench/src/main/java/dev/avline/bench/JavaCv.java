package dev.avline.bench;

import java.io.OutputStream;

import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;

import dev.avline.ffi.LogBridge;

/** Setting JavaCV up the way its documentation and samples do, with avline's output flags. */
final class JavaCv {
    private JavaCv() {
    }

    /** Loads JavaCV's FFmpeg classes (libavdevice included) once, then keeps FFmpeg's log level at "error". */
    static void load() {
        try {
            FFmpegFrameGrabber.tryLoad();
            FFmpegFrameRecorder.tryLoad();
        } catch (Exception e) {
            throw new IllegalStateException("JavaCV could not load FFmpeg (libavdevice needs libpulse0): " + e.getMessage(), e);
        }
        LogBridge.setLevel("error");
    }

    /** A recorder for a stream copy of {@code grabber}'s streams to an MPEG-TS file. */
    static FFmpegFrameRecorder copyingRecorder(FFmpegFrameGrabber grabber, String file) {
        return configure(new FFmpegFrameRecorder(file, grabber.getImageWidth(), grabber.getImageHeight(),
                grabber.getAudioChannels()), grabber);
    }

    /** A recorder for a stream copy of {@code grabber}'s streams to MPEG-TS in a stream. */
    static FFmpegFrameRecorder copyingRecorder(FFmpegFrameGrabber grabber, OutputStream out) {
        return configure(new FFmpegFrameRecorder(out, grabber.getImageWidth(), grabber.getImageHeight(),
                grabber.getAudioChannels()), grabber);
    }

    private static FFmpegFrameRecorder configure(FFmpegFrameRecorder r, FFmpegFrameGrabber grabber) {
        r.setFormat("mpegts");
        r.setFrameRate(grabber.getFrameRate());
        r.setSampleRate(grabber.getSampleRate());
        r.setVideoCodec(grabber.getVideoCodec());
        r.setAudioCodec(grabber.getAudioCodec());
        tsOptions(r);
        return r;
    }

    /** avline's MPEG-TS defaults, so every tool writes the same kind of file. */
    static void tsOptions(FFmpegFrameRecorder r) {
        r.setOption("mpegts_flags", "+initial_discontinuity");
        r.setOption("avoid_negative_ts", "make_zero");
    }
}
