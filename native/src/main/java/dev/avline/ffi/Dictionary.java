package dev.avline.ffi;

import java.util.LinkedHashMap;
import java.util.Map;

import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVDictionaryEntry;
import org.bytedeco.ffmpeg.global.avutil;

/**
 * An {@code AVDictionary} that lives for exactly one FFmpeg call: built from a map just before the
 * call, read back (what FFmpeg did not consume) and freed just after it.
 */
final class Dictionary implements AutoCloseable {
    final AVDictionary raw = new AVDictionary(null);

    Dictionary(Map<String, String> options) {
        if (options != null) {
            for (Map.Entry<String, String> e : options.entrySet()) {
                if (e.getKey() == null || e.getValue() == null) {
                    throw new IllegalArgumentException("option " + e.getKey() + " has no value");
                }
                avutil.av_dict_set(raw, e.getKey(), e.getValue(), 0);
            }
        }
    }

    /** Entries left in the dictionary: the options that nothing recognised. */
    Map<String, String> leftovers() {
        Map<String, String> left = new LinkedHashMap<>();
        if (raw.isNull()) return left;
        AVDictionaryEntry e = null;
        while ((e = avutil.av_dict_get(raw, "", e, avutil.AV_DICT_IGNORE_SUFFIX)) != null && !e.isNull()) {
            left.put(e.key().getString(), e.value().getString());
        }
        return left;
    }

    @Override
    public void close() {
        if (!raw.isNull()) avutil.av_dict_free(raw);
    }
}
