package dev.avline;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

import dev.avline.ffi.FfmpegException;
import dev.avline.ffi.InputContainer;
import dev.avline.ffi.IoContext;
import dev.avline.ffi.IoInterrupt;

/**
 * What to read: a URL (file, http, https, HLS) or bytes in memory, a stream, or a live feed.
 * Immutable; each {@code with…} method returns a copy.
 *
 * <p>Defaults are the field's: {@code fflags=+discardcorrupt+genpts} and {@code err_detect=careful}.
 * Options are FFmpeg's own input options by name (format context, demuxer, protocol); an option
 * nothing recognises is an error naming it, unless {@link #unknownOptions(UnknownOptions)} says otherwise.
 */
public final class Input {
    private final String url;
    private final Supplier<IoContext> source;
    private final String description;
    private final String format;
    private final Map<String, String> options;
    private final Map<String, String> headers;
    private final Variant variant;
    private final dev.avline.ffi.UnknownOptions unknownOptions;

    private Input(String url, Supplier<IoContext> source, String description, String format,
                  Map<String, String> options, Map<String, String> headers, Variant variant, dev.avline.ffi.UnknownOptions unknown) {
        this.url = url;
        this.source = source;
        this.description = description;
        this.format = format;
        this.options = Collections.unmodifiableMap(options);
        this.headers = Collections.unmodifiableMap(headers);
        this.variant = variant;
        this.unknownOptions = unknown;
    }

    private static Map<String, String> defaults() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("fflags", "+discardcorrupt+genpts");
        m.put("err_detect", "careful");
        return m;
    }

    /**
     * A URL FFmpeg can open: a file path, {@code file:}, {@code http(s)://}, an HLS playlist.
     *
     * @param url the URL or path; it may hold credentials (they are redacted wherever avline shows it)
     * @return the input
     */
    public static Input url(String url) {
        Objects.requireNonNull(url, "url");
        if (url.isBlank()) throw new IllegalArgumentException("input URL is empty");
        return new Input(url, null, dev.avline.ffi.Urls.redact(url), null, defaults(), new LinkedHashMap<>(),
                Variant.best(), dev.avline.ffi.UnknownOptions.FAIL);
    }

    /**
     * Bytes in memory (a TS segment, a whole file). Seekable; the array is not copied.
     *
     * @param data the media
     * @return the input
     */
    public static Input bytes(byte[] data) {
        Objects.requireNonNull(data, "data");
        return new Input(null, () -> IoContext.reading(data), "(" + data.length + " bytes in memory)", null,
                defaults(), new LinkedHashMap<>(), Variant.best(), dev.avline.ffi.UnknownOptions.FAIL);
    }

    /**
     * The remaining bytes of a buffer (heap or direct), read in place. Seekable; not copied, and the
     * buffer's position is not moved.
     *
     * @param data the media
     * @return the input
     */
    public static Input buffer(ByteBuffer data) {
        Objects.requireNonNull(data, "data");
        return new Input(null, () -> IoContext.reading(data), "(" + data.remaining() + " bytes in memory)", null,
                defaults(), new LinkedHashMap<>(), Variant.best(), dev.avline.ffi.UnknownOptions.FAIL);
    }

    /**
     * A stream read once from start to end (not seekable: give the {@link #format(String)} if known).
     * Not closed by avline. A stop cannot wake a {@code read} blocked inside the stream: it takes
     * effect when that read returns (close the stream to abort one); {@link #feed(ChunkFeed)} has
     * no such wait.
     *
     * @param in the stream
     * @return the input
     */
    public static Input stream(InputStream in) {
        Objects.requireNonNull(in, "in");
        return new Input(null, () -> IoContext.reading(in), "(input stream)", null, defaults(),
                new LinkedHashMap<>(), Variant.best(), dev.avline.ffi.UnknownOptions.FAIL);
    }

    /**
     * A live feed of chunks pushed by another thread (for example TS segments as they arrive).
     *
     * @param feed the feed; give the {@link #format(String)} too (a feed cannot be probed twice)
     * @return the input
     */
    public static Input feed(ChunkFeed feed) {
        Objects.requireNonNull(feed, "feed");
        dev.avline.ffi.ChunkFeed source = feed.source();
        return new Input(null, () -> IoContext.reading(source), "(live feed)", null, defaults(),
                new LinkedHashMap<>(), Variant.best(), dev.avline.ffi.UnknownOptions.FAIL);
    }

    private Input copy(String format, Map<String, String> options, Map<String, String> headers, Variant variant,
                       dev.avline.ffi.UnknownOptions unknown) {
        return new Input(url, source, description, format, options, headers, variant, unknown);
    }

    /** This input's format and options, read from another source (a {@link SegmentRemuxer}'s next segment). */
    Input withSource(Supplier<IoContext> other, String otherDescription) {
        return new Input(null, other, otherDescription, format, options, headers, variant, unknownOptions);
    }

    /**
     * Forces the demuxer ("mpegts", "hls", "mov") instead of probing.
     *
     * @param format FFmpeg's demuxer name
     * @return a copy with the format
     */
    public Input format(String format) {
        return copy(format, new LinkedHashMap<>(options), new LinkedHashMap<>(headers), variant, unknownOptions);
    }

    /**
     * Sets one FFmpeg input option by its CLI name (without the dash); a null value removes it.
     *
     * @param name the option ({@code "rw_timeout"}, {@code "reconnect"}, …)
     * @param value its value, or null
     * @return a copy with the option
     */
    public Input option(String name, String value) {
        Map<String, String> m = new LinkedHashMap<>(options);
        if (value == null) m.remove(name);
        else m.put(name, value);
        return copy(format, m, new LinkedHashMap<>(headers), variant, unknownOptions);
    }

    /**
     * Sets FFmpeg input options by their CLI names, as {@link #option(String, String)} does each.
     *
     * @param more options to add or replace
     * @return a copy with the options
     */
    public Input options(Map<String, String> more) {
        Map<String, String> m = new LinkedHashMap<>(options);
        m.putAll(more);
        return copy(format, m, new LinkedHashMap<>(headers), variant, unknownOptions);
    }

    /**
     * An HTTP request header sent with every request (segments and playlist reloads too).
     *
     * @param name the header's name ({@code User-Agent} sets FFmpeg's {@code user_agent})
     * @param value its value
     * @return a copy with the header
     */
    public Input header(String name, String value) {
        if (name.contains(":") || name.contains("\n") || value.contains("\n") || value.contains("\r")) {
            throw new IllegalArgumentException("header: invalid header name or value '" + name + "'");
        }
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return copy(format, new LinkedHashMap<>(options), h, variant, unknownOptions);
    }

    /**
     * Bytes FFmpeg may read to detect the format and streams ({@code probesize}).
     *
     * @param bytes at least 32
     * @return a copy with the limit
     */
    public Input probeSize(long bytes) {
        if (bytes < 32) throw new IllegalArgumentException("probe_size must be at least 32 bytes, got " + bytes);
        return option("probesize", String.valueOf(bytes));
    }

    /**
     * Media time FFmpeg may read to find stream parameters ({@code analyzeduration}).
     *
     * @param d not negative
     * @return a copy with the limit
     */
    public Input analyzeDuration(Duration d) {
        if (d.isNegative()) throw new IllegalArgumentException("analyze duration must not be negative: " + d);
        return option("analyzeduration", String.valueOf(d.toNanos() / 1000));
    }

    /**
     * Which variant of an HLS master playlist (or which program of a multi-program input) to read;
     * the default is {@link Variant#best()}.
     *
     * @param v the choice
     * @return a copy with the choice
     */
    public Input variant(Variant v) {
        return copy(format, new LinkedHashMap<>(options), new LinkedHashMap<>(headers), Objects.requireNonNull(v), unknownOptions);
    }

    /**
     * What to do with options nothing recognised; {@link UnknownOptions#FAIL} by default.
     *
     * @param policy fail, warn or ignore
     * @return a copy with the policy
     */
    public Input unknownOptions(UnknownOptions policy) {
        return copy(format, new LinkedHashMap<>(options), new LinkedHashMap<>(headers), variant,
                Objects.requireNonNull(policy, "policy").toNative());
    }

    /**
     * The URL as given (with credentials; never log it: use {@link #description()}).
     *
     * @return the URL, or null for an input from memory, a stream or a feed
     */
    public String url() {
        return url;
    }

    /**
     * A description safe to show: the URL with credentials redacted, or the kind of source.
     *
     * @return the description
     */
    public String description() {
        return description;
    }

    /**
     * The forced demuxer.
     *
     * @return the format's name, or null when FFmpeg probes
     */
    public String formatName() {
        return format;
    }

    /**
     * FFmpeg input options, avline's defaults included.
     *
     * @return the options, unmodifiable
     */
    public Map<String, String> options() {
        return options;
    }

    /**
     * HTTP headers sent with every request.
     *
     * @return the headers, unmodifiable
     */
    public Map<String, String> headers() {
        return headers;
    }

    /**
     * The variant (or program) choice.
     *
     * @return the choice
     */
    public Variant variant() {
        return variant;
    }

    /**
     * The unknown-option policy as the native boundary takes it.
     *
     * @return the policy
     */
    @Internal
    public dev.avline.ffi.UnknownOptions unknownOptionsPolicy() {
        return unknownOptions;
    }

    /**
     * True for http(s) URLs (and HLS over them): the inputs that protocol options apply to.
     *
     * @return whether the input is read over HTTP
     */
    public boolean isRemote() {
        if (url == null) return false;
        String u = url.toLowerCase(Locale.ROOT);
        return u.startsWith("http://") || u.startsWith("https://");
    }

    /**
     * Builds the native opener: options, headers, interrupt. The caller opens and owns the container.
     *
     * @param interrupt wakes the open and every read when the job stops
     * @return the opener
     */
    @Internal
    public InputContainer.Opener opener(IoInterrupt interrupt) {
        Map<String, String> opts = new LinkedHashMap<>(options);
        if (!headers.isEmpty()) {
            StringBuilder h = new StringBuilder();
            for (Map.Entry<String, String> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase("User-Agent")) opts.put("user_agent", e.getValue());
                else h.append(e.getKey()).append(": ").append(e.getValue()).append("\r\n");
            }
            if (h.length() > 0) opts.put("headers", h.toString());
        }
        if (url == null && "hls".equalsIgnoreCase(format)) {
            // FFmpeg's HLS demuxer fails on custom I/O with a bare ENOMEM ("Cannot allocate memory").
            throw FfmpegException.invalid("open input", description, "an HLS playlist cannot be read from memory: "
                    + "FFmpeg's HLS demuxer needs the playlist's URL, to resolve its segments against and to reload it; "
                    + "give Input.url(playlistUrlOrPath) instead");
        }
        InputContainer.Opener o = url != null ? InputContainer.url(url) : InputContainer.consuming(source.get());
        if (format != null) o.format(format);
        return o.options(opts).unknownOptions(unknownOptions).interrupt(interrupt);
    }

    @Override
    public String toString() {
        return description;
    }
}
