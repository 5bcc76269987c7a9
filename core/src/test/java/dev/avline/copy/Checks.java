package dev.avline.copy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import dev.avline.testkit.MediaReport;
import dev.avline.testkit.MediaReport.StreamReport;

/** What every copied output must be: the same streams, fully decodable, in order, as long as the source. */
final class Checks {
    private Checks() {
    }

    /**
     * Asserts {@code out} carries the same streams as {@code source} (count, types and codecs in
     * order), every frame decodes without error, DTS strictly increase per stream, and each stream's
     * duration is the source's within one frame.
     */
    static void assertFaithfulCopy(MediaReport source, MediaReport out) {
        String both = "\nsource: " + source + "\noutput: " + out;
        assertEquals(source.streams().size(), out.streams().size(), "stream count" + both);
        for (int i = 0; i < source.streams().size(); i++) {
            StreamReport s = source.streams().get(i);
            StreamReport o = out.streams().get(i);
            assertEquals(s.type(), o.type(), "type of stream " + i + both);
            assertEquals(s.codec(), o.codec(), "codec of stream " + i + both);
            assertEquals(s.packets(), o.packets(), "packets of stream " + i + both);
            // A source container may trim the encoder's priming and padding (an MP4 edit list);
            // MPEG-TS cannot say that, so those samples decode as up to one extra frame there.
            long trimmed = s.packets() - s.frames();
            assertTrue(o.frames() >= s.frames() && o.frames() <= s.frames() + trimmed,
                    "frames of stream " + i + both);
            assertEquals(s.duration(), o.duration(), oneFrame(o) * (1 + trimmed), "duration of stream " + i + both);
            assertEquals(s.lastDts() - s.firstDts(), o.lastDts() - o.firstDts(), oneFrame(o),
                    "packet span of stream " + i + both);
            if (o.type().equals("video")) {
                assertEquals(s.width(), o.width(), both);
                assertEquals(s.height(), o.height(), both);
            }
        }
        assertPlayable(out);
    }

    /** Zero decode errors, DTS strictly increasing in every stream, something decoded. */
    static void assertPlayable(MediaReport out) {
        assertEquals(0, out.totalDecodeErrors(), "decode errors in " + out);
        assertTrue(out.allDtsStrictlyIncreasing(), "DTS not strictly increasing in " + out);
        for (StreamReport s : out.streams()) {
            if (s.type().equals("video") || s.type().equals("audio")) {
                assertTrue(s.frames() > 0, "nothing decoded in " + s);
                assertEquals(s.packets() > 0, true);
            }
        }
    }

    /** One frame of a stream, in seconds (a video frame, or an AAC frame of 1024 samples). */
    static double oneFrame(StreamReport s) {
        if (s.type().equals("audio")) return 1024.0 / Math.max(1, s.sampleRate()) + 1e-6;
        double frames = Math.max(1, s.frames());
        return s.duration() / frames + 1e-6;
    }

    static List<String> codecs(MediaReport r) {
        return r.streams().stream().map(StreamReport::codec).toList();
    }
}
