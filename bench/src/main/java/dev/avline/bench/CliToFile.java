package dev.avline.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The {@code ffmpeg} CLI doing a job that writes a file: one process per run, start included. */
final class CliToFile implements Contender {
    private final List<String> args;
    private final Path out;

    /** {@code args} are the CLI's arguments, ending with {@code out}. */
    CliToFile(List<String> args, Path out) {
        this.args = List.copyOf(args);
        this.out = out;
    }

    @Override
    public String name() {
        return "ffmpeg-cli";
    }

    @Override
    public void prepare() throws Exception {
        Files.deleteIfExists(out);
    }

    @Override
    public void run() throws Exception {
        FfmpegCli.run(args, null, false);
    }

    @Override
    public OutputSummary lastOutput() throws Exception {
        return OutputSummary.of(out);
    }

    /** GNU time's peak RSS of one run, after one warm-up run (as for the in-JVM tools). */
    @Override
    public PeakMemory.Figure measurePeakMemoryItself() throws Exception {
        FfmpegCli.run(args, null, false);
        return new PeakMemory.Figure(FfmpegCli.peakRssKb(args, null, false), -1);
    }
}
