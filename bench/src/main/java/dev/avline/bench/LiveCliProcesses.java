package dev.avline.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The bundled CLI: one ffmpeg process per recording, stopped with {@code q}. */
final class LiveCliProcesses implements LiveTool {
    private final List<String> urls;
    private final Path dir;
    private final List<Process> processes = new ArrayList<>();

    LiveCliProcesses(List<String> urls, Path dir) {
        this.urls = urls;
        this.dir = dir;
    }

    /** The same job as avline's: its input defaults and analysis limit, its TS output defaults. */
    static List<String> args(String url, Path out) {
        return List.of("-y", "-fflags", "+discardcorrupt+genpts", "-err_detect", "careful", "-fpsprobesize", "0",
                "-i", url, "-map", "0", "-c", "copy", "-mpegts_flags", "+initial_discontinuity",
                "-avoid_negative_ts", "make_zero", "-f", "mpegts", out.toString());
    }

    @Override
    public void start() throws IOException {
        String libs;
        try {
            libs = FfmpegCli.libraryShim().toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        for (int i = 0; i < urls.size(); i++) {
            ProcessBuilder pb = new ProcessBuilder(FfmpegCli.command(args(urls.get(i), dir.resolve(i + ".ts"))));
            pb.environment().put("LD_LIBRARY_PATH", libs);
            pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(dir.resolve(i + ".err").toFile());
            processes.add(pb.start()); // standard input stays a pipe: 'q' goes there
        }
    }

    @Override
    public double awaitStarted() {
        return -1; // each process starts its own recording at once
    }

    @Override
    public List<Long> pids() {
        List<Long> l = new ArrayList<>();
        for (Process p : processes) {
            if (p.isAlive()) l.add(p.pid());
        }
        return l;
    }

    @Override
    public void stopAndWait() throws Exception {
        for (Process p : processes) {
            try {
                OutputStream in = p.getOutputStream();
                in.write('q');
                in.flush();
            } catch (IOException ended) {
                // it already ended: its exit status and stderr say why
            }
        }
        List<String> bad = new ArrayList<>();
        for (int i = 0; i < processes.size(); i++) {
            Process p = processes.get(i);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor();
                bad.add(i + ": did not end within 60 s of 'q'");
            } else if (p.exitValue() != 0) {
                bad.add(i + ": exit " + p.exitValue() + " " + Files.readString(dir.resolve(i + ".err")).trim());
            }
        }
        if (!bad.isEmpty()) System.out.println("  ffmpeg failures: " + bad);
    }

    @Override
    public List<Path> outputs() {
        List<Path> l = new ArrayList<>();
        for (int i = 0; i < urls.size(); i++) l.add(dir.resolve(i + ".ts"));
        return l;
    }
}
