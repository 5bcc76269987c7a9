package dev.avline.copy;

import static dev.avline.copy.Checks.assertFaithfulCopy;
import static dev.avline.copy.Checks.assertPlayable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.avline.Avline;
import dev.avline.Container;
import dev.avline.Input;
import dev.avline.Output;
import dev.avline.RecordingResult;
import dev.avline.hls.LiveSettings;
import dev.avline.testkit.LiveHlsOrigin;
import dev.avline.testkit.MediaProbe;
import dev.avline.testkit.MediaReport;
import dev.avline.testkit.TestMedia;
import dev.avline.transcode.TranscodeSettings;

/** MP4 with faststart (a finished file for download) and Matroska, by copy, transcode and live recording. */
class MoreOutputsTest {
    @TempDir
    static Path dir;
    /** H.264 + ADTS AAC in MPEG-TS: what live sources give. */
    static Path ts;
    static MediaReport source;

    @BeforeAll
    static void media() {
        ts = dir.resolve("src.ts");
        TestMedia.video(320, 240, 25).seconds(3).writeTo(ts, "mpegts");
        source = MediaProbe.decodeAll(ts);
    }

    private static RecordingResult done(RecordingResult r) {
        assertEquals(RecordingResult.State.DONE, r.state(), String.valueOf(r.failure()));
        return r;
    }

    @Test
    void mkvIsChosenFromItsExtensionAndCopiesFaithfully() {
        Path out = dir.resolve("copy.mkv");
        Output o = Output.file(out);
        assertEquals(Container.MATROSKA, o.container());
        RecordingResult r = done(Avline.copy(Input.url(ts.toString()), o).run());
        MediaReport rep = MediaProbe.decodeAll(out);
        assertEquals("matroska,webm", rep.format());
        assertFaithfulCopy(source, rep);
        assertEquals(3.0, r.mediaSeconds(), 0.1);
    }

    @Test
    void faststartMp4HasItsIndexFirstAndNoFragments() throws IOException {
        Path out = dir.resolve("download.mp4");
        done(Avline.copy(Input.url(ts.toString()), Output.file(out, Container.MP4_FASTSTART)).run());
        List<String> boxes = topLevelBoxes(out);
        assertTrue(boxes.indexOf("moov") >= 0 && boxes.indexOf("moov") < boxes.indexOf("mdat"), "moov before mdat: " + boxes);
        assertTrue(!boxes.contains("moof"), "not fragmented: " + boxes);
        assertFaithfulCopy(source, MediaProbe.decodeAll(out));

        // The default for .mp4 stays fragmented (playable while it is written).
        Path fragmented = dir.resolve("fragmented.mp4");
        done(Avline.copy(Input.url(ts.toString()), Output.file(fragmented)).run());
        assertTrue(topLevelBoxes(fragmented).contains("moof"), "fragmented: " + topLevelBoxes(fragmented));
    }

    @Test
    void transcodesToBoth() throws IOException {
        for (Container c : List.of(Container.MP4_FASTSTART, Container.MATROSKA)) {
            Path out = dir.resolve("transcoded-" + c.shortName() + c.extension());
            done(Avline.transcode(Input.url(ts.toString()), Output.file(out, c), TranscodeSettings.defaults()).run());
            MediaReport rep = MediaProbe.decodeAll(out);
            assertPlayable(rep);
            assertEquals("h264", rep.video().codec(), rep.toString());
            assertEquals("aac", rep.audio().codec(), rep.toString());
            assertEquals(source.video().duration(), rep.video().duration(), 0.05, rep.toString());
            assertEquals(source.video().frames(), rep.video().frames(), rep.toString());
        }
        assertTrue(topLevelBoxes(dir.resolve("transcoded-mp4-faststart.mp4")).indexOf("moov")
                < topLevelBoxes(dir.resolve("transcoded-mp4-faststart.mp4")).indexOf("mdat"));
    }

    @Test
    void liveRecordingToMatroska() {
        try (LiveHlsOrigin origin = LiveHlsOrigin.builder().segmentSeconds(1).vod(3).start()) {
            Path out = dir.resolve("live.mkv");
            RecordingResult r = done(Avline.record(Input.url(origin.playlistUrl()), Output.file(out), LiveSettings.defaults()).run());
            MediaReport rep = MediaProbe.decodeAll(out);
            assertEquals("matroska,webm", rep.format());
            assertPlayable(rep);
            assertEquals(3.0, rep.video().duration(), 0.1, rep.toString());
            assertEquals(3.0, r.mediaSeconds(), 0.1);
        }
    }

    @Test
    void faststartNeedsAFileAndSaysSo() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Output.stream(new ByteArrayOutputStream(), Container.MP4_FASTSTART));
        assertTrue(e.getMessage().contains("mp4-faststart") && e.getMessage().contains("seekable"), e.getMessage());
        // Matroska goes to a stream (here transcoded: a stream copy of ADTS AAC needs a file, see Container.MATROSKA).
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        done(Avline.transcode(Input.url(ts.toString()), Output.stream(bytes, Container.MATROSKA), TranscodeSettings.defaults()).run());
        MediaReport rep = MediaProbe.decodeAll(bytes.toByteArray(), "matroska");
        assertPlayable(rep);
        assertEquals(source.video().frames(), rep.video().frames(), rep.toString());
    }

    @Test
    void namesAndExtensions() {
        assertEquals(Container.MATROSKA, Container.forFileName(Path.of("a/b.MKV")));
        assertEquals(Container.FRAGMENTED_MP4, Container.forFileName(Path.of("b.mp4")));
        assertEquals(Container.MP4_FASTSTART, Container.parse("mp4-faststart"));
        assertEquals(Container.MATROSKA, Container.parse("mkv"));
        for (Container c : Container.values()) assertEquals(c, Container.parse(c.shortName()));
        String m = assertThrows(IllegalArgumentException.class, () -> Container.forFileName(Path.of("x.avi"))).getMessage();
        assertTrue(m.contains(".mkv") && m.contains("x.avi"), m);
    }

    /** The types of an ISO BMFF file's top-level boxes, in order. */
    private static List<String> topLevelBoxes(Path file) throws IOException {
        byte[] b = Files.readAllBytes(file);
        List<String> types = new ArrayList<>();
        long at = 0;
        while (at + 8 <= b.length) {
            int i = (int) at;
            long size = ((b[i] & 0xffL) << 24) | ((b[i + 1] & 0xff) << 16) | ((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff);
            types.add(new String(b, i + 4, 4, java.nio.charset.StandardCharsets.US_ASCII));
            if (size == 1 && at + 16 <= b.length) {
                size = 0;
                for (int k = 0; k < 8; k++) size = (size << 8) | (b[i + 8 + k] & 0xff);
            }
            if (size < 8) break;
            at += size;
        }
        return types;
    }
}
