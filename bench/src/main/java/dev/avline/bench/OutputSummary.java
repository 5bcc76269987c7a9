package dev.avline.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import dev.avline.ffi.InputContainer;
import dev.avline.ffi.IoContext;
import dev.avline.ffi.Packet;
import dev.avline.ffi.StreamInfo;
import dev.avline.ffi.UnknownOptions;

/**
 * Size and packets per stream of an output: enough to see that every tool did the same job
 * (a tool that dropped a stream or half the packets would otherwise look fast).
 */
record OutputSummary(long bytes, Map<String, Long> packetsByStream) {

    static OutputSummary of(Path file) throws Exception {
        return count(Files.size(file), InputContainer.url(file.toString()));
    }

    /**
     * An HLS directory: every file's bytes (segments and playlists), and the packets of every stream
     * of every variant, read through FFmpeg's HLS demuxer from {@code playlist} (a master opens them all).
     */
    static OutputSummary ofHls(Path directory, Path playlist) throws Exception {
        long bytes;
        try (java.util.stream.Stream<Path> files = Files.walk(directory)) {
            bytes = files.filter(Files::isRegularFile).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (java.io.IOException e) {
                    return 0;
                }
            }).sum();
        }
        return count(bytes, InputContainer.url(playlist.toString()));
    }

    static OutputSummary of(byte[] data, String format) {
        return count(data.length, InputContainer.consuming(IoContext.reading(data)).format(format));
    }

    private static OutputSummary count(long bytes, InputContainer.Opener opener) {
        Map<String, Long> packets = new TreeMap<>();
        try (InputContainer in = opener.unknownOptions(UnknownOptions.FAIL).open(); Packet p = new Packet()) {
            String[] names = new String[in.streams().size()];
            for (StreamInfo s : in.streams()) {
                names[s.index()] = "#" + s.index() + " " + s.type().name().toLowerCase() + " " + s.codecName();
                packets.put(names[s.index()], 0L);
            }
            while (in.read(p)) {
                packets.merge(names[p.streamIndex()], 1L, Long::sum);
                p.unref();
            }
        }
        return new OutputSummary(bytes, packets);
    }

    /** Total packets. */
    long packets() {
        return packetsByStream.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Whether {@code other} has the same streams and about the same packets (within 1 %, at least 2). */
    boolean comparableTo(OutputSummary other) {
        if (!packetsByStream.keySet().equals(other.packetsByStream.keySet())) return false;
        for (Map.Entry<String, Long> e : packetsByStream.entrySet()) {
            long a = e.getValue();
            long b = other.packetsByStream.get(e.getKey());
            if (Math.abs(a - b) > Math.max(2, a / 100)) return false;
        }
        return true;
    }

    @Override
    public String toString() {
        return String.format("%.2f MB, packets %s", bytes / 1e6, packetsByStream);
    }
}
