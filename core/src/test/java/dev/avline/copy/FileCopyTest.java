package dev.avline.copy;

import static dev.avline.copy.Checks.assertFaithfulCopy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.avline.Avline;
import dev.avline.Container;
import dev.avline.Input;
import dev.avline.Output;
import dev.avline.RecordingResult;
import dev.avline.testkit.MediaProbe;
import dev.avline.testkit.MediaReport;
import dev.avline.testkit.TestMedia;

/** Stream copy of files and memory to MPEG-TS and fragmented MP4, each output re-opened and decoded. */
class FileCopyTest {
    @TempDir
    static Path dir;
    static Path mp4;
    static Path ts;
    static Path twoAudio;

    @BeforeAll
    static void media() {
        mp4 = dir.resolve("src.mp4");
        TestMedia.video(320, 240, 25).seconds(3).writeTo(mp4, "mp4");
        ts = dir.resolve("src.ts");
        TestMedia.video(320, 240, 25).seconds(3).writeTo(ts, "mpegts");
        twoAudio = dir.resolve("two-audio.ts");
        TestMedia.video(320, 240, 25).audioTracks(2).seconds(2).writeTo(twoAudio, "mpegts");
    }

    private static RecordingResult copy(Input in, Output out) {
        RecordingResult r = Avline.copy(in, out).run();
        assertEquals(RecordingResult.State.DONE, r.state(), String.valueOf(r.failure()));
        return r;
    }

    @Test
    void mp4FileToTransportStream() throws Exception {
        Path out = dir.resolve("mp4-to.ts");
        RecordingResult r = copy(Input.url(mp4.toString()), Output.file(out));
        MediaReport rep = MediaProbe.decodeAll(out);
        assertEquals("mpegts", rep.format());
        assertFaithfulCopy(MediaProbe.decodeAll(mp4), rep);
        assertEquals(3.0, r.mediaSeconds(), 0.1);
        assertEquals(Files.size(out), r.bytes());
        assertTrue(r.packets() > 75, "packets " + r.packets());
    }

    @Test
    void transportStreamWithAdtsAacToFragmentedMp4() throws Exception {
        Path out = dir.resolve("ts-to.mp4");
        copy(Input.url(ts.toString()), Output.file(out));
        MediaReport rep = MediaProbe.decodeAll(out);
        assertTrue(rep.format().startsWith("mov,mp4"), rep.format());
        assertFaithfulCopy(MediaProbe.decodeAll(ts), rep);
        byte[] bytes = Files.readAllBytes(out);
        assertTrue(count(bytes, "moof") >= 3, "fragmented: one fragment per keyframe");
        assertEquals(1, count(bytes, "mfra"), "the trailer was written once");
    }

    @Test
    void everyAudioTrackIsKept() {
        MediaReport source = MediaProbe.decodeAll(twoAudio);
        assertEquals(List.of("h264", "aac", "aac"), Checks.codecs(source));
        Path outTs = dir.resolve("two-audio-out.ts");
        Path outMp4 = dir.resolve("two-audio-out.mp4");
        copy(Input.url(twoAudio.toString()), Output.file(outTs));
        copy(Input.url(twoAudio.toString()), Output.file(outMp4));
        assertFaithfulCopy(source, MediaProbe.decodeAll(outTs));
        assertFaithfulCopy(source, MediaProbe.decodeAll(outMp4));
    }

    @Test
    void toAnOutputStreamAndAChannel() throws Exception {
        MediaReport source = MediaProbe.decodeAll(ts);
        ByteArrayOutputStream viaStream = new ByteArrayOutputStream();
        copy(Input.url(ts.toString()), Output.stream(viaStream, Container.FRAGMENTED_MP4));
        assertFaithfulCopy(source, MediaProbe.decodeAll(viaStream.toByteArray(), null));

        ByteArrayOutputStream viaChannel = new ByteArrayOutputStream();
        RecordingResult r = copy(Input.bytes(Files.readAllBytes(mp4)),
                Output.channel(Channels.newChannel(viaChannel), Container.MPEGTS));
        assertEquals(viaChannel.size(), r.bytes());
        assertFaithfulCopy(MediaProbe.decodeAll(mp4), MediaProbe.decodeAll(viaChannel.toByteArray(), "mpegts"));
    }

    @Test
    void maxDurationIsHonoured() {
        Path out = dir.resolve("first-second.ts");
        RecordingResult r = Avline.copy(Input.url(ts.toString()), Output.file(out))
                .maxDuration(Duration.ofMillis(1500)).run();
        assertEquals(RecordingResult.State.DONE, r.state(), String.valueOf(r.failure()));
        MediaReport rep = MediaProbe.decodeAll(out);
        Checks.assertPlayable(rep);
        // every stream ends at the limit, give or take one of its frames
        assertEquals(1.5, rep.video().lastPtsEnd(), Checks.oneFrame(rep.video()), rep.toString());
        assertEquals(1.5, rep.audio().lastPtsEnd(), Checks.oneFrame(rep.audio()), rep.toString());
        assertEquals(1.5, r.mediaSeconds(), 0.05);
    }

    @Test
    void copyTsKeepsTheInputClock() {
        Path late = dir.resolve("starts-at-10s.ts");
        TestMedia.video(160, 120, 25).seconds(1).startAt(10).writeTo(late, "mpegts");
        MediaReport source = MediaProbe.decodeAll(late);
        assertEquals(10.0, source.video().firstPts(), 0.1, source.toString());
        Path zero = dir.resolve("zero.ts");
        copy(Input.url(late.toString()), Output.file(zero));
        Path kept = dir.resolve("copyts.ts");
        RecordingResult r = copy(Input.url(late.toString()), Output.file(kept).copyTs(true).serviceType("digital_tv")
                .maxInterleaveDelta(Duration.ZERO));
        MediaReport rep = MediaProbe.decodeAll(kept);
        assertFaithfulCopy(source, rep);
        assertEquals(source.video().firstPts(), rep.video().firstPts(), 0.001, rep.toString());
        assertEquals(1.0, r.mediaSeconds(), 0.05, "media time, not the clock's value");
        assertEquals(0.0, MediaProbe.decodeAll(zero).video().firstPts(), 0.05);
    }

    static int count(byte[] data, String fourcc) {
        byte[] f = fourcc.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        int n = 0;
        outer:
        for (int i = 0; i + f.length <= data.length; i++) {
            for (int j = 0; j < f.length; j++) if (data[i + j] != f[j]) continue outer;
            n++;
        }
        return n;
    }
}
