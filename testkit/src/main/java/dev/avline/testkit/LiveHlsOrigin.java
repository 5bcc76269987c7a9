package dev.avline.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A live HLS origin on {@code 127.0.0.1} for tests and demos, like a mock web server: a media
 * playlist whose media sequence advances in real time over a sliding window of short segments
 * (test pattern and tone, made in-process), served by a plain socket server so that faults reach
 * FFmpeg's own HTTP client exactly as a bad network or CDN would deliver them.
 *
 * <pre>{@code
 * try (LiveHlsOrigin origin = LiveHlsOrigin.builder().segmentSeconds(1).window(6).start()) {
 *     String url = origin.playlistUrl();          // http://127.0.0.1:PORT/live/index.m3u8
 *     origin.resetMidBody(origin.nextSequence()); // the next segment's first response is cut by a TCP reset
 *     origin.blackhole(Duration.ofSeconds(3));    // sockets accept, no byte flows for 3 s
 *     origin.endList();                           // #EXT-X-ENDLIST after the current last segment
 * }
 * }</pre>
 *
 * <p>Segments are MPEG-TS (self-contained: PAT/PMT, first packets flagged as a discontinuity) or,
 * with {@link Builder#fmp4(boolean)}, fragmented MP4 ({@code .m4s} after an {@code EXT-X-MAP} init
 * section); their timestamps continue from one to the next. {@link Builder#encrypted(int)} encrypts
 * them with AES-128 (CBC, PKCS#7 padding, the media sequence number as IV) under keys that rotate
 * every few segments. Mid-stream, the origin can start a new timestamp epoch ({@link
 * #discontinuity(boolean)}), switch to other media ({@link #switchMedia(int, int, int)}), move to a
 * new init section ({@link #newInitSection()}), restart its numbering ({@link #restartNumbering(long)})
 * or serve a stale playlist ({@link #stalePlaylist(int, Duration)}). Every request is logged with
 * its headers ({@link #requests()}). Threads are daemons; {@link #close()} stops everything.
 *
 * <p>It can also be a VOD origin ({@link Builder#vod(int)}) or an EVENT playlist ({@link
 * Builder#event()}), list its segments as byte ranges of one growing file ({@link
 * Builder#byteRanges(boolean)}), and behave like the origins clients meet: no {@code
 * Accept-Ranges} ({@link #acceptRanges(boolean)}), {@code Range} ignored ({@link #ignoreRange()}),
 * chunked or slow bodies, redirects ({@link #redirect(String, int, String, int)}) and a session
 * cookie ({@link #requireCookie(String, boolean)}). A live origin keeps only the segments its window
 * and retention need ({@code window} listed, one more window still served), however long it runs.
 */
public final class LiveHlsOrigin extends HttpOrigin<LiveHlsOrigin> implements AutoCloseable {
    private static final String PLAYLIST_TYPE = "application/vnd.apple.mpegurl";
    private static final Pattern INIT_REQUEST = Pattern.compile("init_(\\d+)\\.mp4");
    private static final Pattern KEY_REQUEST = Pattern.compile("key_(\\d+)\\.bin");

    /** How to build an origin. */
    public static final class Builder {
        private double segmentSeconds = 1;
        private int window = 6;
        private int initialSegments = -1;
        private int width = 320;
        private int height = 240;
        private int fps = 25;
        private boolean audio = true;
        private int channels = 2;
        private double poolSeconds = 8;
        private long startSequence = 0;
        private String playlistPath = "/live/index.m3u8";
        private String segmentPattern;
        private boolean fmp4;
        private int segmentsPerKey;
        private String playlistType;
        private boolean byteRanges;

        private Builder() {
        }

        /**
         * Segment duration (a whole number of frames); default 1 s.
         *
         * @param s seconds
         * @return this builder
         */
        public Builder segmentSeconds(double s) {
            this.segmentSeconds = s;
            return this;
        }

        /**
         * Segments listed in the playlist; default 6.
         *
         * @param segments how many segments
         * @return this builder
         */
        public Builder window(int segments) {
            if (segments < 1) throw new IllegalArgumentException("window must be at least 1 segment");
            this.window = segments;
            return this;
        }

        /**
         * Segments already published at start (default: a full window).
         *
         * @param segments how many segments
         * @return this builder
         */
        public Builder initialSegments(int segments) {
            this.initialSegments = segments;
            return this;
        }

        /**
         * Video size and rate; default 320x240 at 25 fps.
         *
         * @param width picture width
         * @param height picture height
         * @param fps frames per second
         * @return this builder
         */
        public Builder video(int width, int height, int fps) {
            this.width = width;
            this.height = height;
            this.fps = fps;
            return this;
        }

        /**
         * Whether the stream has an AAC audio track (default on).
         *
         * @param on whether it is on
         * @return this builder
         */
        public Builder audio(boolean on) {
            this.audio = on;
            return this;
        }

        /**
         * Audio channels (48 kHz AAC); default 2.
         *
         * @param n how many
         * @return this builder
         */
        public Builder audioChannels(int n) {
            if (n < 1 || n > 8) throw new IllegalArgumentException("audio channels must be 1 to 8, got " + n);
            this.channels = n;
            return this;
        }

        /**
         * Media encoded once and looped (a whole number of segments; 8 or 16 s with audio).
         *
         * @param s seconds
         * @return this builder
         */
        public Builder poolSeconds(double s) {
            this.poolSeconds = s;
            return this;
        }

        /**
         * EXT-X-MEDIA-SEQUENCE of the first segment; default 0.
         *
         * @param seq the first media sequence number
         * @return this builder
         */
        public Builder startSequence(long seq) {
            this.startSequence = seq;
            return this;
        }

        /**
         * Where the media playlist is served (default {@code /live/index.m3u8}); must start with {@code /}.
         *
         * @param path the path, starting with {@code /}
         * @return this builder
         */
        public Builder playlistPath(String path) {
            if (!path.startsWith("/")) throw new IllegalArgumentException("playlist path must start with /");
            this.playlistPath = path;
            return this;
        }

        /**
         * Segment URIs as written in the playlist, with {@code %d} for the media sequence number:
         * relative to the playlist ({@code seg_%d.ts}, {@code media.php?n=%d}, {@code chunk/%d}) or
         * an absolute path. A query part is matched exactly (tokens in segment URLs). Default
         * {@code seg_%d.ts}, or {@code seg_%d.m4s} for fragmented MP4.
         *
         * @return this builder
         * @param pattern the URI, with {@code %d} for the sequence number
         */
        public Builder segmentUri(String pattern) {
            if (!pattern.contains("%d")) throw new IllegalArgumentException("segment URI pattern needs %d: " + pattern);
            this.segmentPattern = pattern;
            return this;
        }

        /**
         * Fragmented-MP4 segments after an {@code EXT-X-MAP} init section ({@code init_N.mp4}) instead of MPEG-TS.
         *
         * @param on whether it is on
         * @return this builder
         */
        public Builder fmp4(boolean on) {
            this.fmp4 = on;
            return this;
        }

        /**
         * AES-128 segments: a new key ({@code key_N.bin}, 16 bytes) every {@code segmentsPerKey}
         * segments, the media sequence number as IV (no IV attribute), as RFC 8216 describes.
         *
         * @return this builder
         * @param segmentsPerKey how many segments share a key
         */
        public Builder encrypted(int segmentsPerKey) {
            if (segmentsPerKey < 1) throw new IllegalArgumentException("segments per key must be at least 1");
            this.segmentsPerKey = segmentsPerKey;
            return this;
        }

        /**
         * A VOD origin: {@code segments} segments, all published at once, under
         * {@code #EXT-X-PLAYLIST-TYPE:VOD} and {@code #EXT-X-ENDLIST}.
         *
         * @param segments how many segments
         * @return this builder
         */
        public Builder vod(int segments) {
            if (segments < 1) throw new IllegalArgumentException("a VOD playlist needs at least 1 segment");
            this.playlistType = "VOD";
            this.window = segments;
            this.initialSegments = segments;
            return this;
        }

        /**
         * An EVENT playlist ({@code #EXT-X-PLAYLIST-TYPE:EVENT}): segments are published in real time
         * and never leave it; {@link LiveHlsOrigin#endList()} ends it. The initial segments are
         * {@link #initialSegments(int)} (default 1).
         *
         * @return this builder
         */
        public Builder event() {
            this.playlistType = "EVENT";
            this.window = Integer.MAX_VALUE;
            if (initialSegments < 0) initialSegments = 1;
            return this;
        }

        /**
         * Byte-range mode: every segment is listed as an {@code #EXT-X-BYTERANGE} of one growing
         * file ({@code stream.ts}, or {@code stream.mp4} after its init section, itself a byte range
         * {@code EXT-X-MAP}), as single-file packagers write them. With fragmented MP4 the origin keeps
         * one init section ({@link LiveHlsOrigin#switchMedia} and {@link LiveHlsOrigin#newInitSection}
         * are refused).
         *
         * @param on whether it is on
         * @return this builder
         */
        public Builder byteRanges(boolean on) {
            this.byteRanges = on;
            return this;
        }

        /**
         * Encodes the media, binds 127.0.0.1 on a free port and starts serving.
         *
         * @return this origin
         */
        public LiveHlsOrigin start() {
            return new LiveHlsOrigin(this);
        }
    }

    private record Resource(String contentType, byte[] body) {
    }

    private final double segmentSeconds;
    private final int window;
    private final boolean fmp4;
    private final String playlistPath;
    private final String dir;
    private final SegmentUris uris;
    private final SegmentCipher cipher;
    private final FaultPlan faults = new FaultPlan();
    private final Map<String, Resource> resources = new ConcurrentHashMap<>();
    private final MediaPools pools;
    // The timeline, keyed by publication index (0 for the first segment published): numbering and
    // schedule change together (a restart is both), so one lock guards both.
    private final Object timeline = new Object();
    private final OriginClock clock;
    private final SequenceNumbering numbering;
    private final MediaSchedule schedule;
    private final SegmentStore segments;
    private final PlaylistRenderer renderer;
    private final ByteRangeFile byteFile;     // byte-range mode, else null
    private final String fileName;
    private final OriginServer server;
    private final OriginFront front;

    private LiveHlsOrigin(Builder b) {
        // the clock starts before the media is encoded, as it always has: an origin that took
        // a second to start has a second's segments more
        this.clock = new OriginClock(Math.round(b.segmentSeconds * 1e9),
                b.initialSegments < 0 ? b.window : b.initialSegments);
        if ("VOD".equals(b.playlistType)) clock.endAt(b.initialSegments - 1);
        this.segmentSeconds = b.segmentSeconds;
        this.window = b.window;
        this.fmp4 = b.fmp4;
        this.playlistPath = b.playlistPath;
        this.dir = playlistPath.substring(0, playlistPath.lastIndexOf('/') + 1);
        this.uris = new SegmentUris(b.segmentPattern != null ? b.segmentPattern : fmp4 ? "seg_%d.m4s" : "seg_%d.ts", dir);
        this.cipher = new SegmentCipher(b.segmentsPerKey);
        this.pools = new MediaPools(b.fps, b.audio, b.segmentSeconds, b.poolSeconds, fmp4);
        this.numbering = new SequenceNumbering(b.startSequence);
        LiveMediaPool first = pools.create(b.width, b.height, b.channels);
        this.schedule = new MediaSchedule(first, Math.round(b.segmentSeconds * 90000), fmp4);
        this.segments = new SegmentStore(timeline, schedule, numbering, cipher, fmp4);
        this.byteFile = b.byteRanges ? new ByteRangeFile(fmp4 ? first.initSection().length : 0) : null;
        this.fileName = fmp4 ? "stream.mp4" : "stream.ts";
        this.renderer = new PlaylistRenderer(segmentSeconds, fmp4, uris, cipher, numbering, schedule, b.playlistType,
                byteFile, fileName);
        try {
            this.server = new OriginServer();
        } catch (IOException e) {
            first.close();
            throw new IllegalStateException("cannot bind 127.0.0.1: " + e, e);
        }
        this.front = new OriginFront(() -> faults.blackholed() && !server.closed());
        server.start(this::handle);
    }

    /** {@return a builder with the defaults (a live window of six 1 s segments, video and audio); {@code start()} serves it} */
    public static Builder builder() {
        return new Builder();
    }

    // ---------------------------------------------------------------- what it serves

    @Override
    public int port() {
        return server.port();
    }

    /** {@return the media playlist's URL, {@code http://127.0.0.1:PORT/live/index.m3u8}} */
    public String playlistUrl() {
        return baseUrl() + playlistPath;
    }

    /** {@return {@code http://127.0.0.1:PORT}} */
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    /** {@return each segment's duration, in seconds} */
    public double segmentSeconds() {
        return segmentSeconds;
    }

    /** {@return the newest published media sequence number} */
    public long newestSequence() {
        synchronized (timeline) {
            return numbering.sequenceOf(clock.newestIndex());
        }
    }

    /** {@return the sequence number the next published segment will have} */
    public long nextSequence() {
        synchronized (timeline) {
            return numbering.sequenceOf(clock.newestIndex() + 1);
        }
    }

    /** {@return the oldest sequence number in the current playlist} */
    public long oldestListedSequence() {
        synchronized (timeline) {
            return numbering.sequenceOf(numbering.oldestListed(clock.newestIndex(), window));
        }
    }

    /** {@return in byte-range mode, the URL of the one file every segment is a range of} */
    public String byteRangeFileUrl() {
        if (byteFile == null) throw new IllegalStateException("this origin is not in byte-range mode");
        return baseUrl() + dir + fileName;
    }

    /**
     * {@return the URL of a segment (as the playlist lists it, resolved)}
     *
     * @param sequence the segment's media sequence number
     */
    public String segmentUrl(long sequence) {
        return baseUrl() + uris.path(sequence);
    }

    /**
     * {@return the URL of the AES-128 key that segment {@code sequence} is encrypted with (encrypted origins)}
     *
     * @param sequence the segment's media sequence number
     */
    public String keyUrl(long sequence) {
        cipher.requireEnabled();
        synchronized (timeline) {
            return baseUrl() + dir + "key_" + cipher.keyNumber(indexOf(sequence, true)) + ".bin";
        }
    }

    /**
     * {@return the bytes of a segment as served (encrypted on an encrypted origin; the same on every request)}
     *
     * @param sequence the segment's media sequence number
     */
    public byte[] segmentBytes(long sequence) {
        long index;
        synchronized (timeline) {
            index = indexOf(sequence, true);
        }
        return segments.bytesAt(index);
    }

    /**
     * {@return where a segment's first frame is on the media clock, in seconds}
     *
     * @param sequence the segment's media sequence number
     */
    public double segmentStartSeconds(long sequence) {
        synchronized (timeline) {
            return schedule.start90k(indexOf(sequence, true)) / 90000.0;
        }
    }

    /**
     * Serves a fixed resource (a master playlist, a hostile playlist, a key) at {@code path}.
     *
     * @param path the path, starting with {@code /}
     * @param contentType the Content-Type
     * @param body the body
     * @return this origin
     */
    public LiveHlsOrigin putResource(String path, String contentType, byte[] body) {
        resources.put(path, new Resource(contentType, body.clone()));
        return this;
    }

    /**
     * As {@link #putResource(String, String, byte[])}, with a text body in UTF-8.
     *
     * @param path the path, starting with {@code /}
     * @param contentType the Content-Type
     * @param body the body
     * @return this origin
     */
    public LiveHlsOrigin putResource(String path, String contentType, String body) {
        return putResource(path, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    OriginFront front() {
        return front;
    }

    /** Segments held in memory now: at most a window, one more window of retention, and a few made early. */
    int storedSegments() {
        return segments.size();
    }

    /** AES-128 keys held in memory now. */
    int storedKeys() {
        return cipher.size();
    }

    /** Byte-range offsets held now (byte-range mode), else 0. */
    int storedByteRanges() {
        return byteFile == null ? 0 : byteFile.laidOut();
    }

    // ---------------------------------------------------------------- faults

    /**
     * The first response for {@code sequence} sends half the body, then a TCP reset.
     *
     * @param sequence the segment's media sequence number
     * @return this origin
     */
    public LiveHlsOrigin resetMidBody(long sequence) {
        faults.segment(sequence, FaultPlan.Kind.RESET, 200, 1);
        return this;
    }

    /**
     * The first response for {@code sequence} announces the full Content-Length, sends half, and closes.
     *
     * @param sequence the segment's media sequence number
     * @return this origin
     */
    public LiveHlsOrigin shortBody(long sequence) {
        faults.segment(sequence, FaultPlan.Kind.SHORT, 200, 1);
        return this;
    }

    /**
     * The first {@code times} requests for {@code sequence} get {@code status} (e.g. 503 twice, then 200).
     *
     * @param sequence the segment's media sequence number
     * @param status the HTTP status to send
     * @param times how many responses get it
     * @return this origin
     */
    public LiveHlsOrigin failSegment(long sequence, int status, int times) {
        faults.segment(sequence, FaultPlan.Kind.STATUS, status, times);
        return this;
    }

    /**
     * {@code sequence} is listed but always answers 404.
     *
     * @param sequence the segment's media sequence number
     * @return this origin
     */
    public LiveHlsOrigin notFound(long sequence) {
        return failSegment(sequence, 404, Integer.MAX_VALUE);
    }

    /**
     * The first {@code times} requests for the key that segment {@code sequence} needs get
     * {@code status} ({@code Integer.MAX_VALUE} times: always). Encrypted origins.
     *
     * @param sequence the segment's media sequence number
     * @param status the HTTP status to send
     * @param times how many responses get it
     * @return this origin
     */
    public LiveHlsOrigin failKey(long sequence, int status, int times) {
        cipher.requireEnabled();
        long key;
        synchronized (timeline) {
            key = cipher.keyNumber(indexOf(sequence, true));
        }
        faults.key(key, status, times);
        return this;
    }

    /**
     * {@return the media sequence numbers encrypted with the same key as {@code sequence}, first and last}
     *
     * @param sequence the segment's media sequence number
     */
    public long[] keySpan(long sequence) {
        cipher.requireEnabled();
        synchronized (timeline) {
            long index = indexOf(sequence, true);
            long first = cipher.keyNumber(index) * cipher.segmentsPerKey();
            return new long[] {numbering.sequenceOf(first), numbering.sequenceOf(first + cipher.segmentsPerKey() - 1)};
        }
    }

    /**
     * From now on for {@code d}: connections are accepted, no byte flows (responses in progress stall too).
     *
     * @param d how long
     * @return this origin
     */
    public LiveHlsOrigin blackhole(Duration d) {
        faults.blackhole(d);
        return this;
    }

    /**
     * From now on for {@code d}, playlist requests answer {@code status} (segments are still served).
     *
     * @param status the HTTP status to send
     * @param d how long
     * @return this origin
     */
    public LiveHlsOrigin failPlaylist(int status, Duration d) {
        faults.failPlaylist(status, d);
        return this;
    }

    /**
     * The playlist stops advancing for {@code d}, then resumes where it stopped (an encoder that
     * stalled: no media is lost, the stream is {@code d} late afterwards).
     *
     * @param d how long
     * @return this origin
     */
    public LiveHlsOrigin freezePlaylist(Duration d) {
        clock.freeze(d);
        return this;
    }

    /**
     * For {@code d}, the playlist served is the one from {@code segments} segments ago (a stale
     * cache or a lagging edge server): its media sequence goes back a little, then forward again.
     *
     * @param segments how many segments
     * @param d how long
     * @return this origin
     */
    public LiveHlsOrigin stalePlaylist(int segments, Duration d) {
        faults.stalePlaylist(segments, d);
        return this;
    }

    /**
     * Starts a new timestamp epoch at the next segment, behind {@code #EXT-X-DISCONTINUITY}:
     * {@code reset} sends timestamps back to where the stream started (an encoder restart),
     * otherwise they jump 1000 s forward.
     *
     * @return the sequence number of the first segment of the new epoch
     * @param reset whether the media sequence restarts
     */
    public long discontinuity(boolean reset) {
        synchronized (timeline) {
            long index = clock.newestIndex() + 1;
            schedule.newEpoch(index, reset);
            segments.forget(index);
            return numbering.sequenceOf(index);
        }
    }

    /**
     * From the next segment on, other media (a new encoder configuration: picture size, audio
     * channels) behind {@code #EXT-X-DISCONTINUITY}; timestamps continue. With fragmented MP4 the
     * new media comes with its own init section. Encodes the new media first (a second or so).
     *
     * @return the sequence number of the first segment with the new media
     * @param width picture width
     * @param height picture height
     * @param audioChannels the audio channel count
     */
    public long switchMedia(int width, int height, int audioChannels) {
        requireOneInitSection();
        LiveMediaPool next = pools.create(width, height, audioChannels);
        synchronized (timeline) {
            long index = clock.newestIndex() + 1;
            schedule.switchMedia(index, next);
            segments.forget(index);
            return numbering.sequenceOf(index);
        }
    }

    /**
     * From the next segment on, the same media under a new {@code EXT-X-MAP} URI (a packager that
     * re-published its init section), without a discontinuity. Fragmented-MP4 origins.
     *
     * @return the sequence number of the first segment with the new init section
     */
    public long newInitSection() {
        if (!fmp4) throw new IllegalStateException("init sections are for fragmented MP4 origins");
        requireOneInitSection();
        synchronized (timeline) {
            long index = clock.newestIndex() + 1;
            schedule.newInitSection(index);
            return numbering.sequenceOf(index);
        }
    }

    /**
     * From the next segment on, the media sequence restarts at {@code sequence} with timestamps
     * back at the stream's start (a restarted packager): once it is published, the playlist lists
     * only the new numbering.
     *
     * @return {@code sequence}
     * @param sequence the segment's media sequence number
     */
    public long restartNumbering(long sequence) {
        synchronized (timeline) {
            long index = clock.newestIndex() + 1;
            numbering.restartAt(index, sequence);
            schedule.newEpoch(index, true);
            segments.forget(index);
            return sequence;
        }
    }

    /**
     * Ends the stream: {@code #EXT-X-ENDLIST} after the newest segment, and the clock stops.
     *
     * @return the media sequence number at which the stream ends
     */
    public long endList() {
        synchronized (timeline) {
            return numbering.sequenceOf(clock.end());
        }
    }

    private void requireOneInitSection() {
        if (byteFile != null && fmp4) throw new IllegalStateException("a byte-range fMP4 origin keeps one init section");
    }

    /**
     * Drops what the origin will never serve again: segments, keys and byte-range offsets from
     * before the retention (one window behind the oldest listed, RFC 8216 6.2.2). Caller holds the
     * timeline lock.
     */
    private void forgetExpired() {
        long newest = clock.newestIndex();
        long keepFrom = numbering.oldestListed(newest, window) - window;
        if (keepFrom <= 0) return;
        segments.retainFrom(keepFrom);
        cipher.forgetBefore(keepFrom);
        if (byteFile != null) byteFile.forgetBefore(keepFrom);
    }

    /** The index of a sequence number, published or (with {@code future}) not yet (caller holds timeline). */
    private long indexOf(long sequence, boolean future) {
        return numbering.indexOf(sequence, future, clock.newestIndex());
    }

    private String playlist() {
        StringBuilder b;
        synchronized (timeline) {
            long newest = clock.newestIndex();
            if (faults.stale()) newest = Math.max(0, newest - faults.staleSegments());
            forgetExpired();
            if (byteFile != null) byteFile.extendTo(newest, i -> segments.bytesAt(i).length);
            b = renderer.render(numbering.oldestListed(newest, window), newest);
        }
        // a stale playlist predates the end, so it must not announce it
        if (clock.ended() && !faults.stale()) b.append(PlaylistRenderer.END_LIST);
        return b.toString();
    }

    // ---------------------------------------------------------------- HTTP routing

    private boolean handle(HttpRequest r, Socket s, OutputStream out) throws IOException {
        Instant at = Instant.now();
        String path = r.target;
        int q = path.indexOf('?');
        String pathOnly = q < 0 ? path : path.substring(0, q);
        long seq = uris.sequenceOf(path, pathOnly);
        if (faults.blackholed()) {
            while (faults.blackholed() && !server.closed()) HttpResponses.sleep(20);
            front.record(r, at, seq, 0, 0, "blackhole");
            return false;
        }
        boolean isPlaylist = pathOnly.equals(playlistPath);
        Resource res = resources.get(pathOnly);
        if (res == null) res = resources.get(path);
        boolean issuesCookie = isPlaylist || res != null && res.contentType.equals(PLAYLIST_TYPE);
        Boolean answered = front.intercept(r, out, at, pathOnly, issuesCookie);
        if (answered != null) return answered;
        if (isPlaylist) {
            int errorStatus = faults.playlistErrorStatus();
            if (errorStatus != 0) return front.status(r, out, at, -1, errorStatus, "playlist_status");
            byte[] body = playlist().getBytes(StandardCharsets.UTF_8);
            return front.serve(r, s, out, at, -1, PLAYLIST_TYPE, body, true, null);
        }
        if (res != null) return front.serve(r, s, out, at, -1, res.contentType, res.body, issuesCookie, null);
        if (byteFile != null && pathOnly.equals(dir + fileName)) return serveFileRange(r, s, out, at);
        if (pathOnly.startsWith(dir)) {
            Matcher init = INIT_REQUEST.matcher(pathOnly.substring(dir.length()));
            if (fmp4 && init.matches()) return serveInit(Integer.parseInt(init.group(1)), r, s, out, at);
            Matcher key = KEY_REQUEST.matcher(pathOnly.substring(dir.length()));
            if (cipher.enabled() && key.matches()) return serveKey(Long.parseLong(key.group(1)), r, s, out, at);
        }
        return serveSegment(seq, r, s, out, at);
    }

    private boolean serveSegment(long seq, HttpRequest r, Socket s, OutputStream out, Instant at) throws IOException {
        long index;
        long newest;
        long oldest;
        synchronized (timeline) {
            index = seq < 0 ? -1 : indexOf(seq, false);
            newest = clock.newestIndex();
            oldest = numbering.oldestListed(newest, window);
            forgetExpired();
        }
        // RFC 8216 6.2.2: a segment stays available a while after it leaves the playlist (here: one more window)
        if (index < 0 || index > newest || index < oldest - window) return front.status(r, out, at, seq, 404, null);
        String type = fmp4 ? "video/mp4" : "video/mp2t";
        FaultPlan.Fault f = faults.takeSegment(seq);
        return front.serve(r, s, out, at, seq, type, segments.bytesAt(index), false, f);
    }

    /**
     * A range of the one file of byte-range mode: the init section, or the segments that hold the
     * range, sent as a 206 of the file's current size. Without a range (or with ranges ignored)
     * the whole file, while the origin still holds all of it.
     */
    private boolean serveFileRange(HttpRequest r, Socket s, OutputStream out, Instant at) throws IOException {
        String type = fmp4 ? "video/mp4" : "video/mp2t";
        long newest;
        long oldest;
        synchronized (timeline) {
            newest = clock.newestIndex();
            oldest = numbering.oldestListed(newest, window);
            forgetExpired();
            byteFile.extendTo(newest, i -> segments.bytesAt(i).length);
        }
        long size = byteFile.size();
        ByteRange range = front.responses().rangeOf(r, size);
        if (range == null) {
            if (!byteFile.whole()) return front.status(r, out, at, -1, 404, "not_retained");
            ByteArrayOutputStream all = new ByteArrayOutputStream((int) size);
            if (fmp4) all.write(schedule.initPool(0).initSection());
            for (long i = 0; i <= newest; i++) all.write(segments.bytesAt(i));
            return front.serve(r, s, out, at, -1, type, all.toByteArray(), false, null);
        }
        if (range.from() >= size) return front.status(r, out, at, -1, 416, null);
        long from = range.from();
        long to = Math.min(range.to(), size - 1);
        if (from < byteFile.headerLength()) {
            byte[] init = schedule.initPool(0).initSection();
            byte[] part = java.util.Arrays.copyOfRange(init, (int) from, (int) Math.min(to + 1, init.length));
            return front.servePart(r, s, out, at, -1, type, part, from, size, null);
        }
        long index = byteFile.indexAt(from);
        if (index < 0 || index < oldest - window) return front.status(r, out, at, -1, 404, "not_retained");
        ByteArrayOutputStream part = new ByteArrayOutputStream();
        for (long i = index, cursor = from; cursor <= to; i++) {
            long[] span = byteFile.span(i);
            if (span == null) break;
            byte[] seg = segments.bytesAt(i);
            int a = (int) (cursor - span[0]);
            int b = (int) Math.min(span[1] - 1, to - span[0]);
            part.write(seg, a, b - a + 1);
            cursor = span[0] + b + 1;
        }
        long seq;
        synchronized (timeline) {
            seq = numbering.sequenceOf(index);
        }
        return front.servePart(r, s, out, at, seq, type, part.toByteArray(), from, size, faults.takeSegment(seq));
    }

    private boolean serveInit(int id, HttpRequest r, Socket s, OutputStream out, Instant at) throws IOException {
        LiveMediaPool p;
        synchronized (timeline) {
            p = schedule.initPool(id);
        }
        if (p == null) return front.status(r, out, at, -1, 404, null);
        return front.serve(r, s, out, at, -1, "video/mp4", p.initSection(), false, null);
    }

    private boolean serveKey(long number, HttpRequest r, Socket s, OutputStream out, Instant at) throws IOException {
        FaultPlan.Fault f = faults.takeKey(number);
        if (f != null) return front.status(r, out, at, -1, f.status, "key_status");
        return front.serve(r, s, out, at, -1, "application/octet-stream", cipher.key(number), false, null);
    }

    /** Stops accepting, closes every connection and frees the media. */
    @Override
    public void close() {
        if (!server.close()) return;
        pools.closeAll();
    }

    @Override
    public String toString() {
        return "LiveHlsOrigin " + playlistUrl();
    }
}
