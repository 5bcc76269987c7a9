package dev.avline.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.avline.testkit.MediaProbe;
import dev.avline.testkit.MediaReport;

/**
 * The check of every {@code Compare live} output: opened again and every packet decoded; an output
 * is good when it has an H.264 video and an AAC audio stream, no decode error or corrupt packet, DTS
 * strictly increasing in every stream, and a video duration of at least the recording time less 4 s
 * (two segments: the start and the stop each cut within a segment).
 */
final class LiveOutputs {
    private LiveOutputs() {
    }

    static LiveCompare.Outputs check(List<Path> files, int seconds) {
        int good = 0;
        double min = Double.MAX_VALUE;
        double max = 0;
        long bytes = 0;
        double media = 0;
        List<String> problems = new ArrayList<>();
        for (Path f : files) {
            String name = f.getFileName().toString();
            try {
                if (!Files.exists(f)) {
                    problems.add(name + ": missing");
                    continue;
                }
                MediaReport r = MediaProbe.decodeAll(f);
                MediaReport.StreamReport v = r.video();
                MediaReport.StreamReport a = r.audio();
                min = Math.min(min, v.duration());
                max = Math.max(max, v.duration());
                bytes += Files.size(f);
                media += v.duration();
                String why = !v.codec().equals("h264") || !a.codec().equals("aac") ? "codecs " + v.codec() + "/" + a.codec()
                        : r.totalDecodeErrors() > 0 ? r.totalDecodeErrors() + " decode errors"
                        : !r.allDtsStrictlyIncreasing() ? "DTS not strictly increasing"
                        : v.duration() < seconds - 4 ? String.format("only %.1f s of video", v.duration()) : null;
                if (why == null) good++;
                else problems.add(name + ": " + why);
            } catch (RuntimeException | AssertionError | java.io.IOException e) {
                problems.add(name + ": " + e.getMessage());
            }
        }
        return new LiveCompare.Outputs(files.size(), good, min == Double.MAX_VALUE ? 0 : min, max,
                media > 0 ? bytes * 8 / media / 1e6 : 0, problems);
    }
}
