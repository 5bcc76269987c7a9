package dev.avline.examples.recorder.demo;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.avline.testkit.TestMedia;

/**
 * A live HLS stream on 127.0.0.1, made in-process: a test pattern and a tone, cut into MPEG-TS
 * segments, published one by one in real time behind a sliding playlist window, the way a live
 * origin does it. A few segments are there from the start (a stream that has been running), and
 * {@code #EXT-X-ENDLIST} closes the playlist when the content runs out.
 *
 * <p>Interim: this stands in for the test kit's {@code dev.avline.testkit.LiveHlsOrigin} (live HLS
 * work, not merged yet) behind {@link DemoStream}; it has no fault injection. The media is encoded
 * up front and held in memory, so nothing is left on disk however the program ends.
 */
public final class InterimLiveHlsOrigin implements AutoCloseable {
    private static final int MAX_LOGGED_REQUESTS = 10_000;

    private final List<Segment> segments;
    private final double targetDuration;
    private final int window;
    private final double publishOffset;
    private final long startNanos;
    private final HttpServer server;
    private final ExecutorService executor;
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    /** One request as the origin saw it (for tests: paths, headers). */
    public record Request(String method, String path, Map<String, String> headers, int status) {
    }

    private record Segment(String name, double duration, double end, byte[] bytes) {
    }

    /** What to stream. */
    public static final class Spec {
        private int width = 320;
        private int height = 240;
        private int fps = 25;
        private double segmentSeconds = 1;
        private double totalSeconds = 10;
        private int window = 5;
        private int preroll = 3;

        public Spec picture(int width, int height, int fps) {
            this.width = width;
            this.height = height;
            this.fps = fps;
            return this;
        }

        public Spec segmentSeconds(double s) {
            if (s <= 0) throw new IllegalArgumentException("segment duration must be positive: " + s);
            this.segmentSeconds = s;
            return this;
        }

        /** Media in the whole stream; after it the playlist ends ({@code #EXT-X-ENDLIST}). */
        public Spec totalSeconds(double s) {
            if (s < segmentSeconds) throw new IllegalArgumentException("total must hold at least one segment: " + s);
            this.totalSeconds = s;
            return this;
        }

        /** Segments listed in the playlist at a time. */
        public Spec window(int segments) {
            if (segments < 1) throw new IllegalArgumentException("window must be at least 1 segment: " + segments);
            this.window = segments;
            return this;
        }

        /** Segments already published when the origin starts. */
        public Spec preroll(int segments) {
            if (segments < 1) throw new IllegalArgumentException("preroll must be at least 1 segment: " + segments);
            this.preroll = segments;
            return this;
        }

        public InterimLiveHlsOrigin start() {
            return new InterimLiveHlsOrigin(this);
        }
    }

    public static Spec spec() {
        return new Spec();
    }

    private InterimLiveHlsOrigin(Spec spec) {
        this.segments = encode(spec);
        this.targetDuration = Math.ceil(segments.stream().mapToDouble(Segment::duration).max().orElse(1));
        this.window = spec.window;
        this.publishOffset = segments.get(Math.min(spec.preroll, segments.size()) - 1).end();
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1", e);
        }
        executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "demo-origin");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/live/", this::handle);
        startNanos = System.nanoTime();
        server.start();
    }

    /** Encodes the whole stream as HLS in a scratch directory, keeps it in memory, deletes the directory. */
    private static List<Segment> encode(Spec spec) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("avline-origin");
            Path playlist = TestMedia.video(spec.width, spec.height, spec.fps).seconds(spec.totalSeconds)
                    .writeHls(dir, spec.segmentSeconds, "mpegts");
            List<Segment> out = new ArrayList<>();
            double duration = -1;
            double end = 0;
            for (String line : Files.readAllLines(playlist, StandardCharsets.UTF_8)) {
                line = line.trim();
                if (line.startsWith("#EXTINF:")) {
                    String v = line.substring("#EXTINF:".length());
                    int comma = v.indexOf(',');
                    duration = Double.parseDouble(comma >= 0 ? v.substring(0, comma) : v);
                } else if (!line.isEmpty() && !line.startsWith("#") && duration >= 0) {
                    String name = Path.of(line).getFileName().toString();
                    end += duration;
                    out.add(new Segment(name, duration, end, Files.readAllBytes(dir.resolve(name))));
                    duration = -1;
                }
            }
            if (out.isEmpty()) throw new IllegalStateException("the HLS muxer wrote no segment");
            return List.copyOf(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the demo stream", e);
        } finally {
            deleteQuietly(dir);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) return;
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a scratch directory in the temp folder: nothing else depends on it going away
        }
    }

    /** The live playlist's URL. */
    public String playlistUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/live/index.m3u8";
    }

    /** Requests seen so far, in order. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Media time of the whole stream. */
    public double totalSeconds() {
        return segments.get(segments.size() - 1).end();
    }

    public double targetDuration() {
        return targetDuration;
    }

    /** Segments published by now: those whose end lies within the time since start plus the preroll. */
    private int published() {
        double now = (System.nanoTime() - startNanos) / 1e9 + publishOffset;
        int n = 0;
        while (n < segments.size() && segments.get(n).end() <= now + 1e-9) n++;
        return n;
    }

    /** The playlist as a client sees it now. */
    String playlist() {
        int published = published();
        int first = Math.max(0, published - window);
        StringBuilder b = new StringBuilder(256)
                .append("#EXTM3U\n#EXT-X-VERSION:3\n")
                .append("#EXT-X-TARGETDURATION:").append((long) targetDuration).append('\n')
                .append("#EXT-X-MEDIA-SEQUENCE:").append(first).append('\n');
        for (int i = first; i < published; i++) {
            Segment s = segments.get(i);
            b.append(String.format(Locale.ROOT, "#EXTINF:%.6f,%n", s.duration())).append(s.name()).append('\n');
        }
        if (published == segments.size()) b.append("#EXT-X-ENDLIST\n");
        return b.toString();
    }

    private void handle(HttpExchange ex) throws IOException {
        int status = 500;
        try {
            String path = ex.getRequestURI().getPath();
            String name = path.substring(path.lastIndexOf('/') + 1);
            boolean head = "HEAD".equals(ex.getRequestMethod());
            if (!head && !"GET".equals(ex.getRequestMethod())) {
                status = 405;
                ex.sendResponseHeaders(status, -1);
                return;
            }
            byte[] body = null;
            String type = null;
            if (name.equals("index.m3u8")) {
                body = playlist().getBytes(StandardCharsets.UTF_8);
                type = "application/vnd.apple.mpegurl";
            } else {
                int published = published();
                for (int i = 0; i < published; i++) {
                    if (segments.get(i).name().equals(name)) {
                        body = segments.get(i).bytes();
                        type = "video/mp2t";
                        break;
                    }
                }
            }
            if (body == null) {
                status = 404;
                ex.sendResponseHeaders(status, -1);
                return;
            }
            ex.getResponseHeaders().set("Content-Type", type);
            ex.getResponseHeaders().set("Cache-Control", "no-cache");
            status = 200;
            ex.sendResponseHeaders(status, head ? -1 : body.length);
            if (!head) {
                try (OutputStream os = ex.getResponseBody()) {
                    os.write(body);
                }
            }
        } finally {
            log(ex, status);
            ex.close();
        }
    }

    private void log(HttpExchange ex, int status) {
        if (requests.size() >= MAX_LOGGED_REQUESTS) return;
        Map<String, String> headers = new LinkedHashMap<>();
        ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(", ", v)));
        requests.add(new Request(ex.getRequestMethod(), ex.getRequestURI().getPath(), headers, status));
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
