package dev.avline.testkit;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

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
 */
public final class LiveHlsOrigin implements AutoCloseable {
    private static final long TS_BASE_90K = 10L * 90000; // first segment at 10 s, like a running encoder
    private static final int REQUEST_LOG_LIMIT = 10_000;
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

        private Builder() {
        }

        /** Segment duration (a whole number of frames); default 1 s. */
        public Builder segmentSeconds(double s) {
            this.segmentSeconds = s;
            return this;
        }

        /** Segments listed in the playlist; default 6. */
        public Builder window(int segments) {
            if (segments < 1) throw new IllegalArgumentException("window must be at least 1 segment");
            this.window = segments;
            return this;
        }

        /** Segments already published at start (default: a full window). */
        public Builder initialSegments(int segments) {
            this.initialSegments = segments;
            return this;
        }

        /** Video size and rate; default 320x240 at 25 fps. */
        public Builder video(int width, int height, int fps) {
            this.width = width;
            this.height = height;
            this.fps = fps;
            return this;
        }

        public Builder audio(boolean on) {
            this.audio = on;
            return this;
        }

        /** Audio channels (48 kHz AAC); default 2. */
        public Builder audioChannels(int n) {
            if (n < 1 || n > 8) throw new IllegalArgumentException("audio channels must be 1 to 8, got " + n);
            this.channels = n;
            return this;
        }

        /** Media encoded once and looped (a whole number of segments; 8 or 16 s with audio). */
        public Builder poolSeconds(double s) {
            this.poolSeconds = s;
            return this;
        }

        /** EXT-X-MEDIA-SEQUENCE of the first segment; default 0. */
        public Builder startSequence(long seq) {
            this.startSequence = seq;
            return this;
        }

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
         */
        public Builder segmentUri(String pattern) {
            if (!pattern.contains("%d")) throw new IllegalArgumentException("segment URI pattern needs %d: " + pattern);
            this.segmentPattern = pattern;
            return this;
        }

        /** Fragmented-MP4 segments after an {@code EXT-X-MAP} init section ({@code init_N.mp4}) instead of MPEG-TS. */
        public Builder fmp4(boolean on) {
            this.fmp4 = on;
            return this;
        }

        /**
         * AES-128 segments: a new key ({@code key_N.bin}, 16 bytes) every {@code segmentsPerKey}
         * segments, the media sequence number as IV (no IV attribute), as RFC 8216 describes.
         */
        public Builder encrypted(int segmentsPerKey) {
            if (segmentsPerKey < 1) throw new IllegalArgumentException("segments per key must be at least 1");
            this.segmentsPerKey = segmentsPerKey;
            return this;
        }

        /** Encodes the media, binds 127.0.0.1 on a free port and starts serving. */
        public LiveHlsOrigin start() {
            return new LiveHlsOrigin(this);
        }
    }

    private enum FaultKind { RESET, SHORT, STATUS }

    private static final class SegmentFault {
        final FaultKind kind;
        final int status;
        final AtomicInteger remaining;

        SegmentFault(FaultKind kind, int status, int times) {
            this.kind = kind;
            this.status = status;
            this.remaining = new AtomicInteger(times);
        }
    }

    /** The media published from a publication index on. */
    private record Media(LiveMediaPool pool, long firstIndex) {
    }

    private final double segmentSeconds;
    private final long segmentNanos;
    private final long segment90k;
    private final int window;
    private final int initialSegments;
    private final int fps;
    private final boolean audio;
    private final double poolSeconds;
    private final boolean fmp4;
    private final int segmentsPerKey;
    private final String playlistPath;
    private final String dir;
    private final String segmentPattern;
    private final Pattern segmentRequest;
    private final boolean segmentMatchesQuery;
    private final ServerSocket server;
    private final ExecutorService threads;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final Map<Long, byte[]> cache = new ConcurrentHashMap<>();           // by publication index
    private final Map<Long, SegmentFault> faults = new ConcurrentHashMap<>();     // by media sequence number
    private final Map<Long, SegmentFault> keyFaults = new ConcurrentHashMap<>();  // by key number
    private final Map<Long, byte[]> keys = new ConcurrentHashMap<>();             // by key number
    private final Map<String, Resource> resources = new ConcurrentHashMap<>();
    private final ArrayDeque<OriginRequest> log = new ArrayDeque<>();
    private final long startNanos = System.nanoTime();
    private final SecureRandom random = new SecureRandom();
    // Everything below is keyed by publication index (0 for the first segment published) and guarded by clock.
    private final Object clock = new Object();
    private final List<long[]> freezes = new ArrayList<>();       // [start, end) in nanoTime
    private final TreeMap<Long, Long> numbering = new TreeMap<>(); // first index → its media sequence number
    private final TreeMap<Long, Long> epochs = new TreeMap<>();    // first index → timestamp of its start (90 kHz)
    private final TreeMap<Long, Media> media = new TreeMap<>();    // first index → media from there on
    private final TreeMap<Long, Integer> inits = new TreeMap<>();  // first index → init section number (fMP4)
    private final Map<Integer, LiveMediaPool> initPools = new HashMap<>();
    private final TreeSet<Long> discontinuities = new TreeSet<>();
    private final List<LiveMediaPool> pools = new ArrayList<>();
    private volatile boolean closed;
    private volatile long endIndex = Long.MIN_VALUE;              // set by endList()
    private volatile long blackholeUntil;
    private volatile long playlistErrorUntil;
    private volatile int playlistErrorStatus;
    private volatile long staleUntil;
    private volatile int staleSegments;

    private record Resource(String contentType, byte[] body) {
    }

    private LiveHlsOrigin(Builder b) {
        this.segmentSeconds = b.segmentSeconds;
        this.segmentNanos = Math.round(b.segmentSeconds * 1e9);
        this.segment90k = Math.round(b.segmentSeconds * 90000);
        this.window = b.window;
        this.initialSegments = b.initialSegments < 0 ? b.window : b.initialSegments;
        this.fps = b.fps;
        this.audio = b.audio;
        this.poolSeconds = b.poolSeconds;
        this.fmp4 = b.fmp4;
        this.segmentsPerKey = b.segmentsPerKey;
        this.playlistPath = b.playlistPath;
        this.segmentPattern = b.segmentPattern != null ? b.segmentPattern : fmp4 ? "seg_%d.m4s" : "seg_%d.ts";
        this.dir = playlistPath.substring(0, playlistPath.lastIndexOf('/') + 1);
        String full = segmentPattern.startsWith("/") ? segmentPattern : dir + segmentPattern;
        this.segmentMatchesQuery = full.contains("?");
        String[] parts = full.split("%d", -1);
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) re.append("(\\d+)");
            re.append(Pattern.quote(parts[i]));
        }
        this.segmentRequest = Pattern.compile(re.toString());
        numbering.put(0L, b.startSequence);
        epochs.put(0L, TS_BASE_90K);
        LiveMediaPool first = newPool(b.width, b.height, b.channels);
        media.put(0L, new Media(first, 0));
        if (fmp4) {
            inits.put(0L, 0);
            initPools.put(0, first);
        }
        try {
            this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            first.close();
            throw new IllegalStateException("cannot bind 127.0.0.1: " + e, e);
        }
        AtomicInteger n = new AtomicInteger();
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "live-origin-" + server.getLocalPort() + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        threads.execute(this::acceptLoop);
    }

    private LiveMediaPool newPool(int width, int height, int channels) {
        LiveMediaPool p = new LiveMediaPool(width, height, fps, audio, channels, segmentSeconds, poolSeconds,
                fmp4 ? LiveMediaPool.Packaging.FMP4 : LiveMediaPool.Packaging.TS);
        synchronized (pools) {
            pools.add(p);
        }
        return p;
    }

    public static Builder builder() {
        return new Builder();
    }

    // ---------------------------------------------------------------- what it serves

    public int port() {
        return server.getLocalPort();
    }

    /** {@code http://127.0.0.1:PORT/live/index.m3u8}. */
    public String playlistUrl() {
        return baseUrl() + playlistPath;
    }

    /** {@code http://127.0.0.1:PORT}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    public double segmentSeconds() {
        return segmentSeconds;
    }

    /** The newest published media sequence number. */
    public long newestSequence() {
        synchronized (clock) {
            return sequenceOf(newestIndex());
        }
    }

    /** The sequence number the next published segment will have. */
    public long nextSequence() {
        synchronized (clock) {
            return sequenceOf(newestIndex() + 1);
        }
    }

    /** The oldest sequence number in the current playlist. */
    public long oldestListedSequence() {
        synchronized (clock) {
            return sequenceOf(oldestIndex(newestIndex()));
        }
    }

    /** The URL of a segment (as the playlist lists it, resolved). */
    public String segmentUrl(long sequence) {
        return baseUrl() + segmentPath(sequence);
    }

    private String segmentPath(long sequence) {
        String path = segmentPattern.startsWith("/") ? segmentPattern : dir + segmentPattern;
        return path.replace("%d", Long.toString(sequence));
    }

    /** The URL of the AES-128 key that segment {@code sequence} is encrypted with (encrypted origins). */
    public String keyUrl(long sequence) {
        if (segmentsPerKey == 0) throw new IllegalStateException("this origin does not encrypt");
        synchronized (clock) {
            return baseUrl() + dir + "key_" + keyNumber(indexOf(sequence, true)) + ".bin";
        }
    }

    /** The bytes of a segment as served (encrypted on an encrypted origin; the same on every request). */
    public byte[] segmentBytes(long sequence) {
        long index;
        synchronized (clock) {
            index = indexOf(sequence, true);
        }
        return segmentBytesAt(index);
    }

    private byte[] segmentBytesAt(long index) {
        return cache.computeIfAbsent(index, this::mux);
    }

    /** Where a segment's first frame is on the media clock, in seconds. */
    public double segmentStartSeconds(long sequence) {
        synchronized (clock) {
            return start90k(indexOf(sequence, true)) / 90000.0;
        }
    }

    /** Serves a fixed resource (a master playlist, a hostile playlist, a key) at {@code path}. */
    public LiveHlsOrigin putResource(String path, String contentType, byte[] body) {
        resources.put(path, new Resource(contentType, body.clone()));
        return this;
    }

    public LiveHlsOrigin putResource(String path, String contentType, String body) {
        return putResource(path, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    /** Every request so far (the latest 10,000), in arrival order. */
    public List<OriginRequest> requests() {
        synchronized (log) {
            return List.copyOf(log);
        }
    }

    // ---------------------------------------------------------------- faults

    /** The first response for {@code sequence} sends half the body, then a TCP reset. */
    public LiveHlsOrigin resetMidBody(long sequence) {
        faults.put(sequence, new SegmentFault(FaultKind.RESET, 200, 1));
        return this;
    }

    /** The first response for {@code sequence} announces the full Content-Length, sends half, and closes. */
    public LiveHlsOrigin shortBody(long sequence) {
        faults.put(sequence, new SegmentFault(FaultKind.SHORT, 200, 1));
        return this;
    }

    /** The first {@code times} requests for {@code sequence} get {@code status} (e.g. 503 twice, then 200). */
    public LiveHlsOrigin failSegment(long sequence, int status, int times) {
        faults.put(sequence, new SegmentFault(FaultKind.STATUS, status, times));
        return this;
    }

    /** {@code sequence} is listed but always answers 404. */
    public LiveHlsOrigin notFound(long sequence) {
        return failSegment(sequence, 404, Integer.MAX_VALUE);
    }

    /**
     * The first {@code times} requests for the key that segment {@code sequence} needs get
     * {@code status} ({@code Integer.MAX_VALUE} times: always). Encrypted origins.
     */
    public LiveHlsOrigin failKey(long sequence, int status, int times) {
        if (segmentsPerKey == 0) throw new IllegalStateException("this origin does not encrypt");
        long key;
        synchronized (clock) {
            key = keyNumber(indexOf(sequence, true));
        }
        keyFaults.put(key, new SegmentFault(FaultKind.STATUS, status, times));
        return this;
    }

    /** The media sequence numbers encrypted with the same key as {@code sequence}, first and last. */
    public long[] keySpan(long sequence) {
        if (segmentsPerKey == 0) throw new IllegalStateException("this origin does not encrypt");
        synchronized (clock) {
            long index = indexOf(sequence, true);
            long first = keyNumber(index) * segmentsPerKey;
            return new long[] {sequenceOf(first), sequenceOf(first + segmentsPerKey - 1)};
        }
    }

    /** From now on for {@code d}: connections are accepted, no byte flows (responses in progress stall too). */
    public LiveHlsOrigin blackhole(Duration d) {
        blackholeUntil = System.nanoTime() + d.toNanos();
        return this;
    }

    /** From now on for {@code d}, playlist requests answer {@code status} (segments are still served). */
    public LiveHlsOrigin failPlaylist(int status, Duration d) {
        playlistErrorStatus = status;
        playlistErrorUntil = System.nanoTime() + d.toNanos();
        return this;
    }

    /**
     * The playlist stops advancing for {@code d}, then resumes where it stopped (an encoder that
     * stalled: no media is lost, the stream is {@code d} late afterwards).
     */
    public LiveHlsOrigin freezePlaylist(Duration d) {
        long now = System.nanoTime();
        synchronized (clock) {
            freezes.add(new long[] {now, now + d.toNanos()});
        }
        return this;
    }

    /**
     * For {@code d}, the playlist served is the one from {@code segments} segments ago (a stale
     * cache or a lagging edge server): its media sequence goes back a little, then forward again.
     */
    public LiveHlsOrigin stalePlaylist(int segments, Duration d) {
        staleSegments = segments;
        staleUntil = System.nanoTime() + d.toNanos();
        return this;
    }

    /**
     * Starts a new timestamp epoch at the next segment, behind {@code #EXT-X-DISCONTINUITY}:
     * {@code reset} sends timestamps back to where the stream started (an encoder restart),
     * otherwise they jump 1000 s forward.
     *
     * @return the sequence number of the first segment of the new epoch
     */
    public long discontinuity(boolean reset) {
        synchronized (clock) {
            long index = newestIndex() + 1;
            long at = start90k(index);
            epochs.put(index, reset ? TS_BASE_90K : at + 1000L * 90000);
            discontinuities.add(index);
            cache.remove(index);
            return sequenceOf(index);
        }
    }

    /**
     * From the next segment on, other media (a new encoder configuration: picture size, audio
     * channels) behind {@code #EXT-X-DISCONTINUITY}; timestamps continue. With fragmented MP4 the
     * new media comes with its own init section. Encodes the new media first (a second or so).
     *
     * @return the sequence number of the first segment with the new media
     */
    public long switchMedia(int width, int height, int audioChannels) {
        LiveMediaPool next = newPool(width, height, audioChannels);
        synchronized (clock) {
            long index = newestIndex() + 1;
            media.put(index, new Media(next, index));
            discontinuities.add(index);
            if (fmp4) {
                int id = inits.lastEntry().getValue() + 1;
                inits.put(index, id);
                initPools.put(id, next);
            }
            cache.remove(index);
            return sequenceOf(index);
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
        synchronized (clock) {
            long index = newestIndex() + 1;
            int id = inits.lastEntry().getValue() + 1;
            inits.put(index, id);
            initPools.put(id, media.floorEntry(index).getValue().pool());
            return sequenceOf(index);
        }
    }

    /**
     * From the next segment on, the media sequence restarts at {@code sequence} with timestamps
     * back at the stream's start (a restarted packager): once it is published, the playlist lists
     * only the new numbering.
     *
     * @return {@code sequence}
     */
    public long restartNumbering(long sequence) {
        synchronized (clock) {
            long index = newestIndex() + 1;
            numbering.put(index, sequence);
            epochs.put(index, TS_BASE_90K);
            discontinuities.add(index);
            cache.remove(index);
            return sequence;
        }
    }

    /** Ends the stream: {@code #EXT-X-ENDLIST} after the newest segment, and the clock stops. */
    public long endList() {
        synchronized (clock) {
            long newest = newestIndex();
            endIndex = newest;
            return sequenceOf(newest);
        }
    }

    // ---------------------------------------------------------------- clock and playlist

    private long mediaNanos(long now) {
        long m = now - startNanos;
        synchronized (clock) {
            for (long[] f : freezes) {
                long s = Math.max(f[0], startNanos);
                long e = Math.min(f[1], now);
                if (e > s) m -= e - s;
            }
        }
        return Math.max(0, m);
    }

    /** The newest published publication index (caller holds clock). */
    private long newestIndex() {
        long end = endIndex;
        if (end != Long.MIN_VALUE) return end;
        return initialSegments - 1 + mediaNanos(System.nanoTime()) / segmentNanos;
    }

    /** The oldest index listed when {@code newest} is the newest: the window, never before a restart. */
    private long oldestIndex(long newest) {
        long restart = numbering.floorKey(Math.max(0, newest));
        return Math.max(restart, Math.max(0, newest - window + 1));
    }

    private long sequenceOf(long index) {
        Map.Entry<Long, Long> e = numbering.floorEntry(Math.max(0, index));
        return e.getValue() + (index - e.getKey());
    }

    /**
     * The publication index of a media sequence number, under the newest numbering that has it
     * (published or, with {@code future}, about to be); -1 when none.
     */
    private long indexOf(long sequence, boolean future) {
        long newest = newestIndex();
        Long next = null;
        for (Map.Entry<Long, Long> e : numbering.descendingMap().entrySet()) {
            long index = e.getKey() + (sequence - e.getValue());
            boolean inRange = sequence >= e.getValue() && (next == null || index < next);
            if (inRange && (future || index <= newest)) return index;
            next = e.getKey();
        }
        return -1;
    }

    private long start90k(long index) {
        Map.Entry<Long, Long> e = epochs.floorEntry(Math.max(0, index));
        return e.getValue() + (index - e.getKey()) * segment90k;
    }

    private long keyNumber(long index) {
        return index / segmentsPerKey;
    }

    private String playlist() {
        StringBuilder b = new StringBuilder(512);
        synchronized (clock) {
            long newest = newestIndex();
            if (System.nanoTime() - staleUntil < 0) newest = Math.max(0, newest - staleSegments);
            long oldest = oldestIndex(newest);
            b.append("#EXTM3U\n#EXT-X-VERSION:").append(fmp4 ? 7 : 3).append('\n');
            b.append("#EXT-X-TARGETDURATION:").append((long) Math.ceil(segmentSeconds)).append('\n');
            b.append("#EXT-X-MEDIA-SEQUENCE:").append(sequenceOf(oldest)).append('\n');
            long restart = numbering.floorKey(oldest);
            long gone = discontinuities.subSet(restart, false, oldest, false).size();
            b.append("#EXT-X-DISCONTINUITY-SEQUENCE:").append(gone).append('\n');
            for (long i = oldest; i <= newest; i++) {
                if (segmentsPerKey > 0 && (i == oldest || keyNumber(i) != keyNumber(i - 1))) {
                    b.append("#EXT-X-KEY:METHOD=AES-128,URI=\"key_").append(keyNumber(i)).append(".bin\"\n");
                }
                if (fmp4 && (i == oldest || !inits.floorEntry(i).equals(inits.floorEntry(i - 1)))) {
                    b.append("#EXT-X-MAP:URI=\"init_").append(inits.floorEntry(i).getValue()).append(".mp4\"\n");
                }
                if (discontinuities.contains(i)) b.append("#EXT-X-DISCONTINUITY\n");
                b.append("#EXTINF:").append(String.format(Locale.ROOT, "%.6f", segmentSeconds)).append(",\n");
                b.append(segmentPattern.replace("%d", Long.toString(sequenceOf(i)))).append('\n');
            }
        }
        if (endIndex != Long.MIN_VALUE && System.nanoTime() - staleUntil >= 0) b.append("#EXT-X-ENDLIST\n");
        return b.toString();
    }

    private byte[] mux(long index) {
        Media m;
        long base;
        long sequence;
        synchronized (clock) {
            m = media.floorEntry(Math.max(0, index)).getValue();
            base = start90k(index);
            sequence = sequenceOf(index);
        }
        int poolIndex = (int) Math.floorMod(index - m.firstIndex(), (long) m.pool().segmentCount());
        byte[] clear;
        synchronized (m.pool()) {
            clear = fmp4 ? m.pool().muxFmp4(poolIndex, base) : m.pool().muxTs(poolIndex, base);
        }
        return segmentsPerKey > 0 ? encrypt(clear, key(keyNumber(index)), sequence) : clear;
    }

    private byte[] key(long number) {
        return keys.computeIfAbsent(number, k -> {
            byte[] key = new byte[16];
            random.nextBytes(key);
            return key;
        });
    }

    /** AES-128-CBC with PKCS#7 padding, the media sequence number (big-endian, 16 bytes) as IV. */
    private static byte[] encrypt(byte[] clear, byte[] key, long sequence) {
        byte[] iv = new byte[16];
        for (int i = 0; i < 8; i++) iv[15 - i] = (byte) (sequence >>> (8 * i));
        try {
            Cipher c = Cipher.getInstance("AES/CBC/PKCS5Padding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
            return c.doFinal(clear);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-128 is not available: " + e, e);
        }
    }

    // ---------------------------------------------------------------- HTTP

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket s = server.accept();
                sockets.add(s);
                threads.execute(() -> serve(s));
            } catch (IOException e) {
                if (!closed) sleep(10);
            } catch (RuntimeException e) {
                return; // executor shut down
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            s.setTcpNoDelay(true);
            s.setSoTimeout(60_000);
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            while (!closed) {
                Request r = Request.read(in);
                if (r == null) return;
                if (!handle(r, s, out)) return;
            }
        } catch (IOException | RuntimeException e) {
            // the client went away, or a fault closed the socket: nothing to do
        } finally {
            sockets.remove(s);
        }
    }

    private boolean handle(Request r, Socket s, OutputStream out) throws IOException {
        Instant at = Instant.now();
        String path = r.target;
        int q = path.indexOf('?');
        String pathOnly = q < 0 ? path : path.substring(0, q);
        long seq = -1;
        Matcher m = segmentRequest.matcher(segmentMatchesQuery ? path : pathOnly);
        if (m.matches()) seq = Long.parseLong(m.group(1));
        if (blackholed()) {
            while (blackholed() && !closed) sleep(20);
            record(r, at, path, seq, 0, 0, "blackhole");
            return false;
        }
        boolean keepAlive = !"close".equalsIgnoreCase(r.headers.getOrDefault("connection", ""));
        if (pathOnly.equals(playlistPath)) {
            if (System.nanoTime() - playlistErrorUntil < 0) {
                sendStatus(out, playlistErrorStatus, keepAlive, r.head);
                record(r, at, path, -1, playlistErrorStatus, 0, "playlist_status");
                return keepAlive;
            }
            byte[] body = playlist().getBytes(StandardCharsets.UTF_8);
            long sent = send(out, 200, "application/vnd.apple.mpegurl", body, r, keepAlive, -1);
            record(r, at, path, -1, 200, sent, null);
            return keepAlive;
        }
        Resource res = resources.get(pathOnly);
        if (res == null) res = resources.get(path);
        if (res != null) {
            long sent = send(out, 200, res.contentType, res.body, r, keepAlive, -1);
            record(r, at, path, -1, 200, sent, null);
            return keepAlive;
        }
        if (pathOnly.startsWith(dir)) {
            Matcher init = INIT_REQUEST.matcher(pathOnly.substring(dir.length()));
            if (fmp4 && init.matches()) return serveInit(Integer.parseInt(init.group(1)), r, out, keepAlive, at, path);
            Matcher key = KEY_REQUEST.matcher(pathOnly.substring(dir.length()));
            if (segmentsPerKey > 0 && key.matches()) return serveKey(Long.parseLong(key.group(1)), r, out, keepAlive, at, path);
        }
        long index;
        long newest;
        long oldest;
        synchronized (clock) {
            index = seq < 0 ? -1 : indexOf(seq, false);
            newest = newestIndex();
            oldest = oldestIndex(newest);
        }
        if (index < 0 || index > newest || index < oldest - window) {
            sendStatus(out, 404, keepAlive, r.head);
            record(r, at, path, seq, 404, 0, null);
            return keepAlive;
        }
        String type = fmp4 ? "video/mp4" : "video/mp2t";
        SegmentFault f = faults.get(seq);
        if (f != null && f.remaining.getAndUpdate(v -> v > 0 ? v - 1 : 0) > 0) {
            byte[] body = segmentBytesAt(index);
            switch (f.kind) {
                case STATUS:
                    sendStatus(out, f.status, keepAlive, r.head);
                    record(r, at, path, seq, f.status, 0, "status");
                    return keepAlive;
                case RESET: {
                    long sent = send(out, 200, type, body, r, false, body.length / 2);
                    record(r, at, path, seq, 200, sent, "reset");
                    s.setSoLinger(true, 0); // close() now sends RST
                    return false;
                }
                default: {
                    long sent = send(out, 200, type, body, r, false, body.length / 2);
                    record(r, at, path, seq, 200, sent, "short");
                    s.shutdownOutput();
                    return false;
                }
            }
        }
        byte[] body = segmentBytesAt(index);
        Range range = Range.parse(r.headers.get("range"), body.length);
        long sent = send(out, range == null ? 200 : 206, type, body, r, keepAlive, -1);
        record(r, at, path, seq, range == null ? 200 : 206, sent, null);
        return keepAlive;
    }

    private boolean serveInit(int id, Request r, OutputStream out, boolean keepAlive, Instant at, String path)
            throws IOException {
        LiveMediaPool p;
        synchronized (clock) {
            p = initPools.get(id);
        }
        if (p == null) {
            sendStatus(out, 404, keepAlive, r.head);
            record(r, at, path, -1, 404, 0, null);
            return keepAlive;
        }
        long sent = send(out, 200, "video/mp4", p.initSection(), r, keepAlive, -1);
        record(r, at, path, -1, 200, sent, null);
        return keepAlive;
    }

    private boolean serveKey(long number, Request r, OutputStream out, boolean keepAlive, Instant at, String path)
            throws IOException {
        SegmentFault f = keyFaults.get(number);
        if (f != null && f.remaining.getAndUpdate(v -> v > 0 ? v - 1 : 0) > 0) {
            sendStatus(out, f.status, keepAlive, r.head);
            record(r, at, path, -1, f.status, 0, "key_status");
            return keepAlive;
        }
        long sent = send(out, 200, "application/octet-stream", key(number), r, keepAlive, -1);
        record(r, at, path, -1, 200, sent, null);
        return keepAlive;
    }

    private boolean blackholed() {
        return System.nanoTime() - blackholeUntil < 0;
    }

    /** Sends a body (or the requested range of it); {@code cutAt} ≥ 0 stops after that many bytes. */
    private long send(OutputStream out, int status, String type, byte[] body, Request r, boolean keepAlive, long cutAt)
            throws IOException {
        Range range = Range.parse(r.headers.get("range"), body.length);
        int from = 0;
        int to = body.length; // exclusive
        if (range != null) {
            if (range.from >= body.length) {
                sendStatus(out, 416, keepAlive, r.head);
                return 0;
            }
            from = (int) range.from;
            to = (int) Math.min(body.length, range.to + 1);
            status = 206;
        }
        StringBuilder h = new StringBuilder();
        h.append("HTTP/1.1 ").append(status).append(status == 206 ? " Partial Content" : " OK").append("\r\n");
        h.append("Content-Type: ").append(type).append("\r\n");
        h.append("Content-Length: ").append(to - from).append("\r\n");
        h.append("Accept-Ranges: bytes\r\n");
        if (status == 206) h.append("Content-Range: bytes ").append(from).append('-').append(to - 1).append('/').append(body.length).append("\r\n");
        h.append("Cache-Control: no-cache\r\n");
        h.append("Connection: ").append(keepAlive ? "keep-alive" : "close").append("\r\n\r\n");
        out.write(h.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (r.head) {
            out.flush();
            return 0;
        }
        int end = cutAt >= 0 ? (int) Math.min(to, from + cutAt) : to;
        long sent = 0;
        for (int p = from; p < end; ) {
            while (blackholed() && !closed) sleep(20); // a response in flight stalls too
            int n = Math.min(16 * 1024, end - p);
            out.write(body, p, n);
            p += n;
            sent += n;
        }
        out.flush();
        return sent;
    }

    private static void sendStatus(OutputStream out, int status, boolean keepAlive, boolean head) throws IOException {
        byte[] body = ("status " + status + "\n").getBytes(StandardCharsets.ISO_8859_1);
        String h = "HTTP/1.1 " + status + " " + reason(status) + "\r\nContent-Type: text/plain\r\nContent-Length: "
                + body.length + "\r\nConnection: " + (keepAlive ? "keep-alive" : "close") + "\r\n\r\n";
        out.write(h.getBytes(StandardCharsets.ISO_8859_1));
        if (!head) out.write(body);
        out.flush();
    }

    private static String reason(int status) {
        switch (status) {
            case 404: return "Not Found";
            case 416: return "Range Not Satisfiable";
            case 500: return "Internal Server Error";
            case 502: return "Bad Gateway";
            case 503: return "Service Unavailable";
            case 504: return "Gateway Timeout";
            default: return "Status";
        }
    }

    private void record(Request r, Instant at, String path, long seq, int status, long bytes, String fault) {
        synchronized (log) {
            if (log.size() >= REQUEST_LOG_LIMIT) log.removeFirst();
            log.addLast(new OriginRequest(at, path, seq, status, bytes, fault, r.headers));
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }

    /** Stops accepting, closes every connection and frees the media. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        threads.shutdownNow();
        synchronized (pools) {
            for (LiveMediaPool p : pools) {
                synchronized (p) {
                    p.close();
                }
            }
        }
    }

    @Override
    public String toString() {
        return "LiveHlsOrigin " + playlistUrl();
    }

    // ---------------------------------------------------------------- request parsing

    private static final class Request {
        final String target;
        final boolean head;
        final Map<String, String> headers;

        private Request(String target, boolean head, Map<String, String> headers) {
            this.target = target;
            this.head = head;
            this.headers = headers;
        }

        static Request read(InputStream in) throws IOException {
            String line = readLine(in);
            while (line != null && line.isEmpty()) line = readLine(in);
            if (line == null) return null;
            String[] parts = line.split(" ");
            if (parts.length < 2) throw new IOException("bad request line");
            Map<String, String> headers = new java.util.HashMap<>();
            for (String h; (h = readLine(in)) != null && !h.isEmpty(); ) {
                int c = h.indexOf(':');
                if (c > 0) headers.put(h.substring(0, c).trim().toLowerCase(Locale.ROOT), h.substring(c + 1).trim());
            }
            return new Request(parts[1], parts[0].equals("HEAD"), headers);
        }

        private static String readLine(InputStream in) throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream(128);
            int c;
            try {
                while ((c = in.read()) >= 0) {
                    if (c == '\n') return b.toString(StandardCharsets.ISO_8859_1).stripTrailing();
                    if (b.size() > 16 * 1024) throw new IOException("header line too long");
                    b.write(c);
                }
            } catch (SocketException e) {
                return null;
            }
            return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private record Range(long from, long to) {
        /** "bytes=a-" or "bytes=a-b"; null for none or anything else (served whole). */
        static Range parse(String header, long length) {
            if (header == null || !header.startsWith("bytes=")) return null;
            String spec = header.substring(6).trim();
            int dash = spec.indexOf('-');
            if (dash <= 0 || spec.contains(",")) return null;
            try {
                long from = Long.parseLong(spec.substring(0, dash).trim());
                String end = spec.substring(dash + 1).trim();
                long to = end.isEmpty() ? length - 1 : Long.parseLong(end);
                if (from == 0 && to >= length - 1) return null; // the whole body: a plain 200
                return new Range(from, to);
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }
}
