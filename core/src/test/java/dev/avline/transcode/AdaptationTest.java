package dev.avline.transcode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.avline.Avline;
import dev.avline.Input;
import dev.avline.Output;
import dev.avline.Progress;
import dev.avline.Recording;
import dev.avline.RecordingResult;
import dev.avline.events.Adapt;
import dev.avline.hlsout.HlsOutput;
import dev.avline.hlsout.MediaPlaylist;
import dev.avline.testkit.MediaProbe;
import dev.avline.testkit.MediaReport;
import dev.avline.testkit.TestMedia;

/**
 * Adaptation against real encoders and a real clock: inputs played out faster than the configured
 * preset can encode them on this machine. Each steps down, keeps up after the step, steps back up
 * when the input slows, and the output stays valid across every step (DTS strictly increasing,
 * every frame there). The CPU-load rule is covered by {@code AdapterTest}: a CPU hog started by a
 * test cannot give a load figure that holds on a machine shared with other builds.
 */
class AdaptationTest {
    @TempDir
    static Path dir;
    static Path input320;

    @BeforeAll
    static void makeInputs() {
        input320 = dir.resolve("in320.ts");
        TestMedia.video(320, 180, 25).seconds(8).writeTo(input320, "mpegts");
    }

    /**
     * An input played out faster than x264's placebo can encode it here and now (three times the
     * rate measured just before), which ultrafast keeps up with many times over. Tuned for low
     * latency as a live encoder is (no lookahead, no B-frames): the old encoder holds one frame, so
     * re-opening it drains at once. The rate is measured first because this runs on machines from
     * two busy cores to sixteen idle ones.
     */
    @Test
    void fallingBehindStepsDownToAPresetThatKeepsUp() throws Exception {
        VideoSettings placebo = VideoSettings.h264().preset("placebo").profile("high").option("tune", "zerolatency");
        double capacity = framesPerSecond(Avline.transcode(Input.url(input320.toString()), Output.file(dir.resolve("cal.ts")),
                TranscodeSettings.builder().video(placebo).build()));
        double rate = Math.min(100, Math.max(0.05, 3 * capacity / 25)); // the input is 25 fps
        MediaReport in = MediaProbe.decodeAll(input320);
        Path out = dir.resolve("behind.ts");
        TranscodeSettings s = TranscodeSettings.builder().video(placebo)
                .adaptation(Adaptation.defaults().window(Duration.ofSeconds(1)).upAfter(Duration.ofSeconds(60))
                        .presets("placebo", "ultrafast").cpuThreshold(2.0))
                .readRate(rate).build();
        List<Progress> progress = new CopyOnWriteArrayList<>();
        RecordingResult r = Avline.transcode(Input.url(input320.toString()), Output.file(out), s)
                .statsPeriod(Duration.ofMillis(100)).onProgress(progress::add).run();
        assertEquals(RecordingResult.State.DONE, r.state(), String.valueOf(r.failure()));
        List<Adapt> steps = adapts(r);
        assertEquals(1, steps.size(), "capacity " + capacity + " fps, read rate " + rate + ": " + steps);
        Adapt down = steps.get(0);
        assertEquals("down", down.direction());
        assertEquals("preset", down.measure());
        assertEquals("placebo", down.from());
        assertEquals("ultrafast", down.to());
        assertTrue(down.speed() < 0.97 * rate && down.encoderBusy() >= 0.85, down.toString());
        // after the step it keeps up: from then on, media time grows at least as fast as the input is read
        double speedAfter = speedFrom(progress, down.fromSeconds());
        assertTrue(speedAfter >= rate, "speed after the step " + speedAfter + " for a read rate of " + rate);
        MediaReport m = MediaProbe.decodeAll(out);
        assertEquals(0, m.totalDecodeErrors(), m.toString());
        assertTrue(m.allDtsStrictlyIncreasing(), "DTS across the encoder's re-open: " + m);
        assertEquals(in.video().frames(), m.video().frames(), m.toString());
    }

    /**
     * With no faster preset to go to and no bitrate to lower, the last resort: the same stream goes
     * on at 3/4 of the picture size, with a new SPS at an IDR (MPEG-TS carries it); every frame is
     * there and decodes, the later ones smaller.
     */
    @Test
    void lastResortEncodesASmallerPictureInTheSameStream() throws Exception {
        VideoSettings placebo = VideoSettings.h264().preset("placebo").profile("high").option("tune", "zerolatency");
        double capacity = framesPerSecond(Avline.transcode(Input.url(input320.toString()), Output.file(dir.resolve("cal2.ts")),
                TranscodeSettings.builder().video(placebo).build()));
        double rate = Math.min(100, Math.max(0.05, 3 * capacity / 25));
        Path out = dir.resolve("smaller.ts");
        TranscodeSettings s = TranscodeSettings.builder().video(placebo)
                .adaptation(Adaptation.defaults().window(Duration.ofSeconds(1)).presets("placebo").cpuThreshold(2.0))
                .readRate(rate).build();
        RecordingResult r = Avline.transcode(Input.url(input320.toString()), Output.file(out), s).run();
        assertEquals(RecordingResult.State.DONE, r.state(), String.valueOf(r.failure()));
        List<Adapt> steps = adapts(r);
        assertEquals(1, steps.size(), steps.toString());
        assertEquals(List.of("down", "resolution", "320x180", "240x134"),
                List.of(steps.get(0).direction(), steps.get(0).measure(), steps.get(0).from(), steps.get(0).to()));
        MediaReport m = MediaProbe.decodeAll(out);
        assertEquals(0, m.totalDecodeErrors(), m.toString());
        assertTrue(m.allDtsStrictlyIncreasing(), m.toString());
        assertEquals(MediaProbe.decodeAll(input320).video().frames(), m.video().frames(), m.toString());
        assertEquals(List.of("320x180", "240x134"), pictureSizes(out));
    }

    /** The picture sizes of a file's video frames, in the order they change. */
    static List<String> pictureSizes(Path file) {
        List<String> sizes = new java.util.ArrayList<>();
        try (dev.avline.ffi.InputContainer in = dev.avline.ffi.InputContainer.url(file.toString()).open();
             dev.avline.ffi.Packet p = new dev.avline.ffi.Packet(); dev.avline.ffi.Frame f = new dev.avline.ffi.Frame()) {
            dev.avline.ffi.StreamInfo video = in.streams().stream()
                    .filter(st -> st.type() == dev.avline.ffi.MediaType.VIDEO).findFirst().orElseThrow();
            try (dev.avline.ffi.Decoder d = dev.avline.ffi.Decoder.open(video, java.util.Map.of(), dev.avline.ffi.UnknownOptions.FAIL)) {
                boolean more = true;
                while (more) {
                    more = in.read(p);
                    if (more && p.streamIndex() != video.index()) {
                        p.unref();
                        continue;
                    }
                    d.send(more ? p : null);
                    if (more) p.unref();
                    while (d.receive(f) == dev.avline.ffi.CodecResult.OK) {
                        String size = f.width() + "x" + f.height();
                        if (sizes.isEmpty() || !sizes.get(sizes.size() - 1).equals(size)) sizes.add(size);
                        f.unref();
                    }
                }
            }
        }
        return sizes;
    }

    /**
     * A ladder fed faster than its slow preset can encode (six times the frame rate it manages
     * here and now) steps down and keeps up; when the input slows to a quarter of that rate (the
     * load goes) it steps back up, and stays up. The input is one file made of two parts at those
     * frame rates, played out in real time; changes land on segment boundaries, so every rendition
     * keeps the same segments, and DTS stay strictly increasing across each re-open.
     */
    @Test
    void ladderStepsDownWhenTheInputOutrunsItAndBackUpWhenTheLoadGoes() throws Exception {
        VideoSettings veryslow = VideoSettings.h264().preset("veryslow").profile("high").option("tune", "zerolatency");
        Ladder.Builder base = Ladder.builder()
                .rendition(Rendition.of("180p", 320, 180, 300_000))
                .rendition(Rendition.of("90p", 160, 90, 100_000))
                .video(veryslow);
        double capacity = framesPerSecond(Avline.ladder(Input.url(input320.toString()),
                HlsOutput.vod(dir.resolve("ladder-cal")).segmentSeconds(1), base.build()));
        // six times: the capacity is measured at 25 fps, and at a higher frame rate each frame gets fewer
        // bits and costs x264 less (measured here: three times the rate left veryslow at 0.9-0.95 of real time)
        int fast = (int) Math.ceil(6 * capacity);
        int slow = Math.max(2, (int) Math.floor(capacity / 4));
        Path input = dir.resolve("fast-then-slow.ts");
        Path a = dir.resolve("fast.ts");
        Path b = dir.resolve("slow.ts");
        TestMedia.video(320, 180, fast).seconds(4).writeTo(a, "mpegts");
        TestMedia.video(320, 180, slow).seconds(5).writeTo(b, "mpegts");
        Files.write(input, concat(Files.readAllBytes(a), Files.readAllBytes(b))); // TS concatenates; the clock restarts
        MediaReport in = MediaProbe.decodeAll(input);

        Path out = dir.resolve("ladder-adaptive");
        Ladder ladder = base.adaptation(Adaptation.defaults().window(Duration.ofSeconds(1)).upAfter(Duration.ofMillis(1500))
                        .presets("veryslow", "ultrafast").bitrateSteps(0).lastResort(false).cpuThreshold(2.0))
                .readRate(1.0).build();
        List<Progress> progress = new CopyOnWriteArrayList<>();
        RecordingResult r = Avline.ladder(Input.url(input.toString()), HlsOutput.vod(out).segmentSeconds(1), ladder)
                .statsPeriod(Duration.ofMillis(100)).onProgress(progress::add).run();
        assertEquals(RecordingResult.State.DONE, r.state(), String.valueOf(r.failure()));
        List<Adapt> steps = adapts(r);
        String context = "capacity " + capacity + " fps, parts at " + fast + " and " + slow + " fps: " + steps;
        assertEquals(2, steps.size(), context);
        Adapt down = steps.get(0);
        Adapt up = steps.get(1);
        assertEquals(List.of("down", "veryslow", "ultrafast"), List.of(down.direction(), down.from(), down.to()), context);
        assertTrue(down.fromSeconds() < 4, "stepped down during the fast part: " + context);
        assertEquals(List.of("up", "ultrafast", "veryslow"), List.of(up.direction(), up.from(), up.to()), context);
        assertTrue(up.fromSeconds() >= 4, "stepped up once the input slowed: " + context);
        // keeps up after the step down: from the step to the end of the fast part, media time grows
        // as fast as wall time (to within the 0.1 s resolution of the snapshots)
        double speedAfter = speedBetween(progress, down.fromSeconds(), 4.0);
        assertTrue(speedAfter >= 1.0, "speed after the step down " + speedAfter + "; " + context);
        List<Double> first = null;
        for (Rendition rendition : ladder.renditions()) {
            Path playlist = out.resolve(rendition.name()).resolve("index.m3u8");
            List<Double> durations = MediaPlaylist.parse(Files.readString(playlist)).segments().stream()
                    .map(MediaPlaylist.Segment::duration).toList();
            if (first == null) first = durations;
            assertEquals(first, durations, rendition.name());
            MediaReport m = MediaProbe.decodeAll(playlist);
            assertEquals(0, m.totalDecodeErrors(), m.toString());
            assertTrue(m.allDtsStrictlyIncreasing(), "DTS across the re-opens: " + m);
            // every frame, except the packet at the junction of the two parts that the demuxer flags
            // corrupt (the byte concatenation breaks its continuity): the input's fflags +discardcorrupt drop it
            assertEquals(in.video().frames() - in.video().corruptPackets(), m.video().frames(), rendition.name() + " " + m);
        }
        assertFalse(first.isEmpty());
    }

    /** Frames a second the job encodes on this machine now: run for 2 s unpaced, rate of the last second (warmed up). */
    static double framesPerSecond(Recording.Builder job) throws Exception {
        List<Progress> progress = new CopyOnWriteArrayList<>();
        Recording rec = job.statsPeriod(Duration.ofMillis(100)).onProgress(progress::add).start();
        Thread.sleep(2000);
        rec.stop();
        rec.await();
        Progress a = progress.stream().filter(p -> p.elapsed().toMillis() >= 1000).findFirst().orElseThrow();
        Progress b = progress.stream().filter(p -> !p.last()).reduce((x, y) -> y).orElseThrow();
        return Math.max(1, (b.frames() - a.frames()) / ((b.elapsed().toNanos() - a.elapsed().toNanos()) / 1e9));
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    static List<Adapt> adapts(RecordingResult r) {
        return r.events().stream().filter(e -> e instanceof Adapt).map(e -> (Adapt) e).toList();
    }

    /** Media time / wall time from the first snapshot whose media time is at least {@code fromSeconds} to the last. */
    static double speedFrom(List<Progress> progress, double fromSeconds) {
        return speedBetween(progress, fromSeconds, Double.MAX_VALUE);
    }

    /**
     * Media time / wall time between the first snapshots at or past two media times (the last one
     * when {@code to} is not reached), to within the snapshots' resolution: a snapshot every 100 ms
     * sees the media time up to one period late, so 0.1 s of media is granted.
     */
    static double speedBetween(List<Progress> progress, double from, double to) {
        Progress a = progress.stream().filter(p -> p.outTimeSeconds() >= from).findFirst().orElseThrow(
                () -> new AssertionError("no progress after " + from + " s: " + progress));
        Progress b = progress.stream().filter(p -> p.outTimeSeconds() >= to).findFirst().orElse(progress.get(progress.size() - 1));
        return (b.outTimeSeconds() - a.outTimeSeconds() + SNAPSHOT_SECONDS) / ((b.elapsed().toNanos() - a.elapsed().toNanos()) / 1e9);
    }

    static final double SNAPSHOT_SECONDS = 0.1;
}
