package dev.avline.hlsout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import dev.avline.ffi.OutputContainer;

/**
 * What one rendition's {@code hls} muxer has written, from its finished files: each segment's size
 * (when the segment file is closed) joined with its duration (when the playlist listing it is
 * closed). Gives the master playlist its measured {@code BANDWIDTH} (the peak segment bitrate) and
 * {@code AVERAGE-BANDWIDTH}. Memory stays bounded: a segment's size is kept only until a playlist
 * lists it, and segments are counted by media sequence number, not remembered by name.
 *
 * <p>Called on the rendition's muxing thread; read from any thread.
 */
@dev.avline.Internal
public final class SegmentLedger implements OutputContainer.FileListener {
    private final Runnable onSegment;
    private final Map<String, Long> unlisted = new HashMap<>(); // finished segment file → bytes, until listed
    private long lastCounted = -1;   // media sequence number of the last segment counted
    private long segments;
    private long bytes;
    private double seconds;
    private double peakBitsPerSecond;
    private double longestSegment;

    /** @param onSegment runs (on the muxing thread) each time a playlist listing new segments was finished */
    public SegmentLedger(Runnable onSegment) {
        this.onSegment = onSegment;
    }

    @Override
    public void closed(String url, long size) {
        String name = fileName(url);
        if (name.endsWith(".tmp")) name = name.substring(0, name.length() - 4);
        if (name.endsWith(".m3u8")) {
            if (playlistWritten(url)) onSegment.run();
        } else if (name.endsWith(".ts") || name.endsWith(".m4s")) {
            synchronized (this) {
                unlisted.put(name, size);
            }
        }
    }

    /** Counts the segments the playlist lists for the first time; true when there were any. */
    private boolean playlistWritten(String url) {
        MediaPlaylist p;
        try {
            p = MediaPlaylist.parse(Files.readString(Path.of(url.startsWith("file:") ? url.substring(5) : url),
                    StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read back the playlist " + url, e);
        }
        boolean any = false;
        synchronized (this) {
            for (int i = 0; i < p.segments().size(); i++) {
                long sequence = p.mediaSequence() + i;
                if (sequence <= lastCounted) continue;
                MediaPlaylist.Segment s = p.segments().get(i);
                Long size = unlisted.remove(fileName(s.uri()));
                if (size == null) continue; // not ours to count (a segment of before this muxer)
                lastCounted = sequence;
                segments++;
                bytes += size;
                seconds += s.duration();
                longestSegment = Math.max(longestSegment, s.duration());
                // A short last segment says little about the peak; it is counted in the average only.
                if (s.duration() >= 0.5) peakBitsPerSecond = Math.max(peakBitsPerSecond, size * 8 / s.duration());
                any = true;
            }
            if (unlisted.size() > 64) unlisted.clear(); // never listed (a failed playlist write): do not keep them
        }
        return any;
    }

    private static String fileName(String url) {
        int slash = url.lastIndexOf('/');
        return slash < 0 ? url : url.substring(slash + 1);
    }

    /** Segments counted so far. */
    public synchronized long segments() {
        return segments;
    }

    /** {@return bytes of the segments counted so far} */
    public synchronized long bytes() {
        return bytes;
    }

    /** {@return media seconds of the segments counted so far} */
    public synchronized double seconds() {
        return seconds;
    }

    /** {@return the highest bitrate of one segment (bit/s); 0 before the first} */
    public synchronized long peakBandwidth() {
        if (peakBitsPerSecond == 0 && seconds > 0) return averageBandwidth(); // only short segments so far
        return (long) Math.ceil(peakBitsPerSecond);
    }

    /** Bytes·8 / seconds over every segment counted (bit/s); 0 before the first. */
    public synchronized long averageBandwidth() {
        return seconds > 0 ? (long) Math.ceil(bytes * 8 / seconds) : 0;
    }

    /** {@return the longest segment so far, in seconds} */
    public synchronized double longestSegment() {
        return longestSegment;
    }
}
