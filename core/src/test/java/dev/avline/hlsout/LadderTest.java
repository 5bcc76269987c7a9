package dev.avline.hlsout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.avline.Avline;
import dev.avline.Container;
import dev.avline.Input;
import dev.avline.Output;
import dev.avline.Progress;
import dev.avline.RecordingResult;
import dev.avline.hls.LiveSettings;
import dev.avline.testkit.MediaProbe;
import dev.avline.testkit.MediaReport;
import dev.avline.testkit.TestMedia;
import dev.avline.transcode.Ladder;
import dev.avline.transcode.Rendition;
import dev.avline.transcode.VideoSettings;

/**
 * A three-rendition ladder from one decode, written as HLS and read back: every rendition with every
 * frame, segments cut at the same media times in every rendition, a master playlist whose figures
 * are those of the files written, read by FFmpeg's HLS demuxer and by avline's live client over http.
 */
class LadderTest {
    static final double SEGMENT = 2;

    @TempDir
    static Path dir;
    static Path source;
    static MediaReport in;

    @BeforeAll
    static void makeSource() {
        source = dir.resolve("src.ts");
        TestMedia.video(640, 360, 30).seconds(6).writeTo(source, "mpegts");
        in = MediaProbe.decodeAll(source);
    }

    static Ladder ladder() {
        return Ladder.builder()
                .rendition(Rendition.of("360p", 640, 360, 800_000))
                .rendition(Rendition.height(240, 400_000))
                .rendition(Rendition.of("180p", 320, 180, 200_000))
                .video(VideoSettings.h264().preset("veryfast").profile("main"))
                .build();
    }

    @Test
    void transportStreamLadder() throws IOException {
        Path out = dir.resolve("ts");
        List<Progress> progress = new ArrayList<>();
        RecordingResult r = Avline.ladder(Input.url(source.toString()), HlsOutput.vod(out).segmentSeconds(SEGMENT), ladder())
                .statsPeriod(Duration.ofMillis(200)).onProgress(progress::add).run();
        assertEquals(RecordingResult.State.DONE, r.state(), String.valueOf(r.failure()));
        int[][] sizes = {{640, 360}, {426, 240}, {320, 180}};
        String[] names = {"360p", "240p", "180p"};
        List<List<Double>> starts = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            Path playlist = out.resolve(names[i]).resolve("index.m3u8");
            MediaPlaylist p = MediaPlaylist.parse(Files.readString(playlist));
            assertTrue(p.endList(), p.toString());
            assertEquals(3, p.segments().size(), p.toString());
            List<Double> segmentStarts = new ArrayList<>();
            for (MediaPlaylist.Segment s : p.segments()) {
                assertEquals(SEGMENT, s.duration(), 0.001, names[i] + " " + p);
                MediaReport seg = MediaProbe.decodeAll(out.resolve(names[i]).resolve(s.uri()));
                assertEquals(0, seg.totalDecodeErrors(), seg.toString());
                // every frame of the segment decodes on its own: it starts with a keyframe
                assertEquals(seg.video().packets(), seg.video().frames(), s.uri() + " " + seg);
                segmentStarts.add(seg.video().firstPts());
            }
            starts.add(segmentStarts);
            MediaReport m = MediaProbe.decodeAll(playlist);
            assertEquals(0, m.totalDecodeErrors(), m.toString());
            assertTrue(m.allDtsStrictlyIncreasing(), m.toString());
            assertEquals(sizes[i][0], m.video().width(), m.toString());
            assertEquals(sizes[i][1], m.video().height(), m.toString());
            assertEquals(in.video().frames(), m.video().frames(), "every frame in " + names[i] + ": " + m);
            assertEquals(in.video().duration(), m.video().duration(), 0.04, m.toString());
            assertEquals(in.audio().duration(), m.audio().duration(), 0.05, m.toString());
        }
        for (int i = 1; i < starts.size(); i++) {
            assertEquals(starts.get(0), starts.get(i), "segment boundaries of " + names[i] + " vs " + names[0]);
        }
        checkMaster(out, names, sizes, ",mp4a.40.2");
        // progress carried every rendition, with its own speed
        Progress last = progress.get(progress.size() - 1);
        assertTrue(last.last(), last.toString());
        assertEquals(3, last.renditions().size(), last.toString());
        for (Progress.RenditionProgress rp : last.renditions()) {
            assertEquals(in.video().frames(), rp.frames(), rp.toString());
            assertTrue(rp.speed() > 0 && rp.bytes() > 0, rp.toString());
        }
        // FFmpeg's HLS demuxer reads the master, avline copies its best variant
        Path copied = dir.resolve("ts-master-copy.ts");
        RecordingResult back = Avline.copy(Input.url(out.resolve("master.m3u8").toString()), Output.file(copied)).run();
        assertEquals(RecordingResult.State.DONE, back.state(), String.valueOf(back.failure()));
        MediaReport m = MediaProbe.decodeAll(copied);
        assertEquals(640, m.video().width(), m.toString());
        assertEquals(in.video().frames(), m.video().frames(), m.toString());
    }

    @Test
    void fragmentedMp4LadderServedOverHttpAndRecorded() throws Exception {
        Path out = dir.resolve("fmp4");
        RecordingResult r = Avline.ladder(Input.url(source.toString()),
                HlsOutput.event(out).segmentSeconds(SEGMENT).segments(Container.FRAGMENTED_MP4), ladder()).run();
        assertEquals(RecordingResult.State.DONE, r.state(), String.valueOf(r.failure()));
        String[] names = {"360p", "240p", "180p"};
        List<List<Double>> durations = new ArrayList<>();
        for (String name : names) {
            MediaPlaylist p = MediaPlaylist.parse(Files.readString(out.resolve(name).resolve("index.m3u8")));
            assertEquals("index_init.mp4", p.map(), p.toString());
            assertTrue(p.endList() && p.segments().stream().allMatch(s -> s.uri().endsWith(".m4s")), p.toString());
            durations.add(p.segments().stream().map(MediaPlaylist.Segment::duration).toList());
        }
        for (List<Double> d : durations) assertEquals(durations.get(0), d, "segment durations differ between renditions");
        checkMaster(out, names, new int[][] {{640, 360}, {426, 240}, {320, 180}}, ",mp4a.40.2");
        try (HttpDirectory server = new HttpDirectory(out)) {
            Path recorded = dir.resolve("fmp4-recorded.ts");
            RecordingResult rec = Avline.record(Input.url(server.url("master.m3u8")), Output.file(recorded),
                    LiveSettings.defaults().liveStartIndex(0).outageBudget(Duration.ofSeconds(10))).run();
            assertEquals(RecordingResult.State.DONE, rec.state(), String.valueOf(rec.failure()));
            MediaReport m = MediaProbe.decodeAll(recorded);
            assertEquals(0, m.totalDecodeErrors(), m.toString());
            assertTrue(m.allDtsStrictlyIncreasing(), m.toString());
            assertEquals(640, m.video().width(), "the best variant: " + m);
            assertEquals(in.video().frames(), m.video().frames(), m.toString());
        }
    }

    /** A stop while the input is still coming (played out in real time): every playlist is finalized and plays. */
    @Test
    void stopFinalizesEveryPlaylistAndTheMaster() throws Exception {
        Path out = dir.resolve("stopped");
        Ladder paced = ladder().toBuilder().readRate(1.0).build();
        RecordingResult r;
        try (dev.avline.Recording rec = Avline.ladder(Input.url(source.toString()), HlsOutput.live(out, 3).segmentSeconds(1), paced)
                .start()) {
            Thread.sleep(2500);
            rec.stop();
            r = rec.await();
        }
        assertEquals(RecordingResult.State.STOPPED, r.state(), String.valueOf(r.failure()));
        assertTrue(r.mediaSeconds() > 1 && r.mediaSeconds() < 5.5, "stopped part-way: " + r);
        String master = Files.readString(out.resolve("master.m3u8"));
        for (String name : new String[] {"360p", "240p", "180p"}) {
            Path playlist = out.resolve(name).resolve("index.m3u8");
            MediaPlaylist p = MediaPlaylist.parse(Files.readString(playlist));
            assertTrue(p.endList() && !p.segments().isEmpty(), name + ": " + p);
            MediaReport m = MediaProbe.decodeAll(playlist);
            assertEquals(0, m.totalDecodeErrors(), m.toString());
            assertTrue(m.allDtsStrictlyIncreasing(), m.toString());
            assertTrue(master.contains(name + "/index.m3u8"), master);
        }
    }

    /** The master lists each rendition with the figures of the files on disk. */
    static void checkMaster(Path out, String[] names, int[][] sizes, String audioCodec) throws IOException {
        String master = Files.readString(out.resolve("master.m3u8"));
        Matcher m = Pattern.compile("#EXT-X-STREAM-INF:([^\n]*)\n([^\n]*)\n").matcher(master);
        int i = 0;
        while (m.find()) {
            String attrs = m.group(1);
            assertEquals(names[i] + "/index.m3u8", m.group(2), master);
            Path rendition = out.resolve(names[i]);
            MediaPlaylist p = MediaPlaylist.parse(Files.readString(rendition.resolve("index.m3u8")));
            long peak = 0;
            long bytes = 0;
            double seconds = 0;
            for (MediaPlaylist.Segment s : p.segments()) {
                long size = Files.size(rendition.resolve(s.uri()));
                bytes += size;
                seconds += s.duration();
                if (s.duration() >= 0.5) peak = Math.max(peak, (long) Math.ceil(size * 8 / s.duration()));
            }
            assertEquals(peak, Long.parseLong(attribute(attrs, "BANDWIDTH")), 1, "BANDWIDTH of " + names[i] + ": " + master);
            assertEquals((long) Math.ceil(bytes * 8 / seconds), Long.parseLong(attribute(attrs, "AVERAGE-BANDWIDTH")), 1,
                    "AVERAGE-BANDWIDTH of " + names[i] + ": " + master);
            assertEquals(sizes[i][0] + "x" + sizes[i][1], attribute(attrs, "RESOLUTION"), master);
            assertEquals("30.000", attribute(attrs, "FRAME-RATE"), master);
            String codecs = attribute(attrs, "CODECS");
            assertNotNull(codecs, master);
            assertTrue(codecs.matches("avc1\\.4d40[0-9a-f]{2}" + Pattern.quote(audioCodec)), "main profile: " + codecs);
            i++;
        }
        assertEquals(names.length, i, master);
    }

    private static String attribute(String list, String name) {
        return MediaPlaylist.attribute(list, name);
    }

}
