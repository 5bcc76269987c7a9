package dev.avline.ffi;

import org.bytedeco.ffmpeg.global.avutil;

/** What a stream carries. */
public enum MediaType {
    VIDEO, AUDIO, SUBTITLE, DATA, ATTACHMENT, UNKNOWN;

    static MediaType of(int avMediaType) {
        switch (avMediaType) {
            case avutil.AVMEDIA_TYPE_VIDEO: return VIDEO;
            case avutil.AVMEDIA_TYPE_AUDIO: return AUDIO;
            case avutil.AVMEDIA_TYPE_SUBTITLE: return SUBTITLE;
            case avutil.AVMEDIA_TYPE_DATA: return DATA;
            case avutil.AVMEDIA_TYPE_ATTACHMENT: return ATTACHMENT;
            default: return UNKNOWN;
        }
    }
}
