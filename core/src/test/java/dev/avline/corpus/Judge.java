package dev.avline.corpus;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import dev.avline.RecordingResult;
import dev.avline.testkit.MediaProbe;
import dev.avline.testkit.MediaReport;
import dev.avline.testkit.OriginRequest;
import dev.avline.testkit.StaticOrigin;

/**
 * Judges one client's recording of a case from what it left: the result, the output re-opened and
 * decoded ({@link MediaProbe}), and the origin's request log. Independent of how the client works.
 */
final class Judge {
    private Judge() {
    }

    static Verdict verdict(CorpusCase c, RecordingResult r, Path out, double seconds, boolean hung,
                           List<OriginRequest> log, StaticOrigin origin) {
        Expectation e = c.expect();
        if (r == null) return wrong("hang: still running " + Expectation.fmt(e.withinSeconds()) + " s in, and did not stop", seconds);
        if (hung) {
            return wrong("hang: still running after " + Expectation.fmt(e.withinSeconds()) + " s (stopped), "
                    + (r.failure() != null ? "then: " + clip(stable(messages(r.failure()), out, origin)) : summary(out)), seconds);
        }
        if (r.state() == RecordingResult.State.FAILED) {
            String msg = messages(r.failure());
            // the names must come from the message itself, not from the case's own URL or output file name
            String said = msg.replace(out.toString(), "<output>").replaceAll(Pattern.quote(origin.url("")) + "\\S*", "<url>");
            String named = e.names().stream().filter(n -> contains(said, n)).findFirst().orElse(null);
            msg = stable(msg, out, origin);
            String logProblem = c.check() == null ? null : c.check().problem(log, origin);
            if (named != null && logProblem != null && !e.complete()) return wrong(logProblem + ", then \"" + clip(msg) + "\"", seconds);
            if (named != null) return new Verdict(Verdict.Kind.FAILED_CLEARLY, "\"" + clip(msg) + "\"", seconds);
            return wrong((e.complete() ? "failed: " : "failed without naming " + String.join("/", e.names()) + ": ")
                    + "\"" + clip(msg) + "\"", seconds);
        }
        if (!e.complete()) return wrong("recorded instead of failing (" + summary(out) + ")", seconds);
        if (!Files.exists(out) || size(out) == 0) return wrong("ended without writing anything", seconds);
        MediaReport rep;
        try {
            rep = MediaProbe.decodeAll(out);
        } catch (RuntimeException ex) {
            return wrong("output does not open: " + ex.getMessage(), seconds);
        }
        List<String> problems = new ArrayList<>();
        int video = rep.ofType("video").size();
        int audio = rep.ofType("audio").size();
        if (video != e.video() || audio < e.audio() || audio > e.maxAudio()) {
            problems.add(video + " video + " + audio + " audio streams (expected " + e.video() + " + "
                    + (e.maxAudio() > e.audio() ? e.audio() + " to " + e.maxAudio() : String.valueOf(e.audio())) + ")");
        }
        for (MediaReport.StreamReport s : rep.streams()) {
            if (!s.type().equals("video") && !s.type().equals("audio")) continue;
            double media = mediaSeconds(s);
            if (Math.abs(media - e.seconds()) > e.tolerance()) {
                problems.add(s.type() + " holds " + Expectation.fmt(round(media)) + " s of media (expected " + Expectation.fmt(e.seconds()) + ")");
            } else if (Double.isNaN(s.duration()) || s.duration() < e.seconds() - e.tolerance()
                    || s.duration() > e.seconds() + e.hole() + e.tolerance()) {
                problems.add(s.type() + " spans " + Expectation.fmt(round(s.duration())) + " s for " + Expectation.fmt(round(media))
                        + " s of media (a jump in its timeline)");
            }
            if (s.decodeErrors() + s.corruptPackets() > 0) problems.add(s.type() + " decode errors: " + (s.decodeErrors() + s.corruptPackets()));
            if (!s.dtsStrictlyIncreasing()) problems.add(s.type() + " DTS not increasing " + s.nonMonotonicDts() + " times");
        }
        if (c.check() != null) {
            String p = c.check().problem(log, origin);
            if (p != null) problems.add(p);
        }
        if (!problems.isEmpty()) return wrong(String.join("; ", problems), seconds);
        return new Verdict(Verdict.Kind.COMPLETE, describe(rep), seconds);
    }

    /**
     * How much media a stream holds, counted in frames (video at the corpus frame rate, AAC at
     * 1024 samples a frame): a doubled or lost segment shows here even where timestamps hide it.
     */
    static double mediaSeconds(MediaReport.StreamReport s) {
        if (s.type().equals("video")) return s.frames() / (double) CorpusMedia.FPS;
        return s.sampleRate() > 0 ? s.frames() * 1024.0 / s.sampleRate() : s.duration();
    }

    private static Verdict wrong(String note, double seconds) {
        return new Verdict(Verdict.Kind.WRONG, note, seconds);
    }

    private static String describe(MediaReport rep) {
        StringBuilder b = new StringBuilder();
        for (MediaReport.StreamReport s : rep.streams()) {
            if (!s.type().equals("video") && !s.type().equals("audio")) continue;
            if (b.length() > 0) b.append(", ");
            double media = round(mediaSeconds(s));
            b.append(s.type()).append(' ').append(Expectation.fmt(media)).append(" s");
            if (Math.abs(round(s.duration()) - media) > 0.1) b.append(" (spanning ").append(Expectation.fmt(round(s.duration()))).append(" s)");
        }
        return b.toString();
    }

    private static String summary(Path out) {
        if (!Files.exists(out) || size(out) == 0) return "nothing written";
        try {
            return describe(MediaProbe.decodeAll(out));
        } catch (RuntimeException e) {
            return "an output that does not open";
        }
    }

    private static double round(double d) {
        return Math.round(d * 100) / 100.0;
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    /** Every message of the failure and its causes, joined: what a user gets to read. */
    static String messages(Throwable t) {
        StringBuilder b = new StringBuilder();
        for (Throwable x = t; x != null && b.length() < 2000; x = x.getCause()) {
            if (x.getMessage() != null && b.indexOf(x.getMessage()) < 0) {
                if (b.length() > 0) b.append(" / ");
                b.append(x.getMessage());
            }
            if (x.getCause() == x) break;
        }
        return b.length() == 0 ? String.valueOf(t) : b.toString();
    }

    /** The message without what changes from run to run (ports, temporary paths, native addresses), for the table. */
    private static String stable(String msg, Path out, StaticOrigin origin) {
        return msg.replace(out.toString(), "<output>").replace(origin.url(""), "").replace("localhost:" + origin.port(), "localhost")
                .replaceAll("@ 0x[0-9a-f]+", "@ …");
    }

    static boolean contains(String haystack, String needle) {
        return haystack.toLowerCase(Locale.ROOT).contains(needle.toLowerCase(Locale.ROOT));
    }

    private static String clip(String s) {
        String one = s.replace('\n', ' ').replace('|', '/');
        return one.length() > 220 ? one.substring(0, 217) + "..." : one;
    }
}
