package dev.avline.events;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A live segment arrived whole and was handed to the demuxer.
 *
 * @param at when it arrived
 * @param url the segment URL, credentials and tokens redacted
 * @param sequence its media sequence number
 * @param bytes its size
 * @param retries requests for it that failed or came back short before the one that succeeded
 *        (avline makes every request itself, so every retry is counted)
 * @param mediaSeconds its duration from the playlist
 * @param programDateTime its wall-clock start ({@code EXT-X-PROGRAM-DATE-TIME}), or null when the
 *        playlist gives none
 */
public record SegmentFetched(Instant at, String url, long sequence, long bytes, int retries, double mediaSeconds,
                             Instant programDateTime) implements Event {
    /**
     * A segment without a program date-time.
     *
     * @param at when it arrived
     * @param url the segment URL, credentials and tokens redacted
     * @param sequence its media sequence number
     * @param bytes its size
     * @param retries requests for it that failed or came back short
     * @param mediaSeconds its duration from the playlist
     */
    public SegmentFetched(Instant at, String url, long sequence, long bytes, int retries, double mediaSeconds) {
        this(at, url, sequence, bytes, retries, mediaSeconds, null);
    }

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
        if (programDateTime != null) m.put("program_date_time", programDateTime.toString());
        return m;
    }
}
