package dev.avline.events;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A live segment (or init section) arrived whole and was handed to the demuxer.
 *
 * @param url the segment URL, credentials and tokens redacted
 * @param sequence its media sequence number (-1 for an init section)
 * @param bytes its size
 * @param retries avline's own fetches of this segment that failed or came back short before this one
 *        succeeded (in this attempt at the input). FFmpeg's reconnects inside one fetch are not
 *        counted: with the default settings that is one immediate reconnect after a network error or
 *        a 5xx, and the range request that resumes a body cut mid-way. FFmpeg keeps no count of them
 *        that a caller can read (it only logs "Will reconnect at …", and that line is dropped before
 *        it reaches Java when FFmpeg's log level is above warning), so they stay invisible here; the
 *        origin's access log is where to see every request.
 * @param mediaSeconds its duration from the playlist
 */
public record SegmentFetched(Instant at, String url, long sequence, long bytes, int retries, double mediaSeconds)
        implements Event {
    @Override
    public String kind() {
        return "segment";
    }

    @Override
    public Map<String, Object> details() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("url", url);
        m.put("sequence", sequence);
        m.put("bytes", bytes);
        m.put("retries", retries);
        m.put("media_seconds", mediaSeconds);
        return m;
    }
}
