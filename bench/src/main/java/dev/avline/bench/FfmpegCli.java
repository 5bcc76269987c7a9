package dev.avline.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.bytedeco.javacpp.Loader;

/**
 * The {@code ffmpeg} executable shipped in the {@code org.bytedeco:ffmpeg} natives jar: built from
 * the same FFmpeg 7.1.1 libraries avline loads, so the comparison is library against library, with
 * or without a process around it. It links libavdevice, which needs {@code libpulse0} on the system.
 *
 * <p>The natives jar ships libva as {@code libva.so} while the executable asks for its soname
 * {@code libva.so.2}: inside a JVM the library is already loaded by path, so the name matches, but a
 * fresh process does not find it. {@link #libraryShim()} links the missing sonames to the shipped files
 * in a directory of its own, given to the process as {@code LD_LIBRARY_PATH}; JavaCPP's cache is left as is.
 */
final class FfmpegCli {
    /** stdin, stdout and stderr each need a thread of their own, or a full pipe blocks ffmpeg. */
    private static final ExecutorService PIPES = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "ffmpeg-pipe");
        t.setDaemon(true);
        return t;
    });
    private static volatile String executable;
    private static volatile Path shim;

    private FfmpegCli() {
    }

    /** The extracted executable's path (JavaCPP extracts it to its cache on first use). */
    static String executable() {
        String e = executable;
        if (e == null) {
            synchronized (FfmpegCli.class) {
                e = executable;
                if (e == null) {
                    try {
                        e = Loader.load(org.bytedeco.ffmpeg.ffmpeg.class);
                    } catch (UnsatisfiedLinkError | RuntimeException x) {
                        throw new IllegalStateException("cannot extract the bundled ffmpeg executable: " + x.getMessage(), x);
                    }
                    executable = e;
                }
            }
        }
        return e;
    }

    /** The command line: the executable, then the quiet flags every run uses, then {@code args}. */
    static List<String> command(List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(executable());
        cmd.addAll(List.of("-hide_banner", "-nostats", "-loglevel", "error"));
        cmd.addAll(args);
        return cmd;
    }

    /**
     * Runs ffmpeg to completion: feeds {@code stdin} (or nothing), collects stdout when
     * {@code captureStdout}, fails with ffmpeg's stderr on a non-zero exit.
     *
     * @return stdout's bytes, or an empty array
     */
    static byte[] run(List<String> args, byte[] stdin, boolean captureStdout) throws IOException, InterruptedException {
        return exec(command(args), stdin, captureStdout);
    }

    static byte[] exec(List<String> cmd, byte[] stdin, boolean captureStdout) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("LD_LIBRARY_PATH", libraryShim().toString());
        if (stdin == null) pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        if (!captureStdout) pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        CompletableFuture<byte[]> err = drain(p.getErrorStream());
        CompletableFuture<byte[]> out = captureStdout ? drain(p.getInputStream()) : CompletableFuture.completedFuture(new byte[0]);
        if (stdin != null) {
            CompletableFuture.runAsync(() -> {
                try (OutputStream in = p.getOutputStream()) {
                    in.write(stdin);
                } catch (IOException ignored) {
                    // ffmpeg exited early: its exit status and stderr say why
                }
            }, PIPES);
        }
        int status = p.waitFor();
        byte[] result = out.join();
        if (status != 0) {
            throw new IOException("ffmpeg exited with " + status + ": " + String.join(" ", cmd) + "\n"
                    + new String(err.join(), StandardCharsets.UTF_8));
        }
        return result;
    }

    /**
     * Runs ffmpeg with {@code -loglevel info} and returns what it logged (stderr): for the figures it
     * only prints there ({@code ssim}'s and {@code psnr}'s summaries).
     */
    static String log(List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(executable(), "-hide_banner", "-nostats", "-loglevel", "info"));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("LD_LIBRARY_PATH", libraryShim().toString());
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p = pb.start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int status = p.waitFor();
        if (status != 0) throw new IOException("ffmpeg exited with " + status + ": " + String.join(" ", cmd) + "\n" + text);
        return text;
    }

    /**
     * A directory of symlinks from the sonames the executable cannot resolve ({@code ldd} says
     * "not found") to the unversioned files next to it.
     */
    static Path libraryShim() throws IOException, InterruptedException {
        Path s = shim;
        if (s != null) return s;
        synchronized (FfmpegCli.class) {
            if (shim != null) return shim;
            Path exe = Path.of(executable());
            Path dir = Files.createTempDirectory("avline-bench-ffmpeg-libs-");
            dir.toFile().deleteOnExit();
            List<String> missing = new ArrayList<>();
            for (String line : ldd(exe, dir)) {
                // "\tlibva.so.2 => not found"
                String t = line.trim();
                if (!t.endsWith("not found")) continue;
                String soname = t.substring(0, t.indexOf(' '));
                int dot = soname.indexOf(".so.");
                Path shipped = dot < 0 ? null : exe.resolveSibling(soname.substring(0, dot + 3));
                Path link = dir.resolve(soname);
                if (shipped != null && Files.exists(shipped) && !Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    Files.createSymbolicLink(link, shipped);
                    link.toFile().deleteOnExit();
                } else if (shipped == null || !Files.exists(shipped)) {
                    missing.add(soname);
                }
            }
            if (!missing.isEmpty()) {
                throw new IllegalStateException("the bundled ffmpeg needs system libraries that are not installed: "
                        + missing + " (libpulse.so.0 comes with 'apt-get install -y libpulse0')");
            }
            shim = dir;
            return dir;
        }
    }

    private static List<String> ldd(Path exe, Path libraryPath) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("ldd", exe.toString()).redirectErrorStream(true);
        pb.environment().put("LD_LIBRARY_PATH", libraryPath.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return List.of(out.split("\n"));
    }

    private static CompletableFuture<byte[]> drain(InputStream s) {
        return CompletableFuture.supplyAsync(() -> {
            try (s) {
                ByteArrayOutputStream b = new ByteArrayOutputStream(1 << 20);
                s.transferTo(b);
                return b.toByteArray();
            } catch (IOException e) {
                return new byte[0];
            }
        }, PIPES);
    }

    /**
     * Runs ffmpeg under GNU time ({@code /usr/bin/time -f "%U %S %M"}): the CPU seconds (user +
     * system) of the process and its children, and its peak RSS in KiB; null when GNU time is not
     * installed (the run then happens without it).
     */
    static double[] runTimed(List<String> args) throws IOException, InterruptedException {
        Path time = Path.of("/usr/bin/time");
        if (!Files.isExecutable(time)) {
            run(args, null, false);
            return null;
        }
        Path report = Files.createTempFile("avline-bench-time", ".txt");
        try {
            List<String> cmd = new ArrayList<>(List.of(time.toString(), "-f", "%U %S %M", "-o", report.toString()));
            cmd.addAll(command(args));
            exec(cmd, null, false);
            String[] f = Files.readString(report).trim().split("\\s+");
            return new double[] {Double.parseDouble(f[0]) + Double.parseDouble(f[1]), Double.parseDouble(f[2])};
        } finally {
            Files.deleteIfExists(report);
        }
    }

    /**
     * Peak resident memory of one ffmpeg run with {@code args}, by {@code /usr/bin/time -f %M}
     * (GNU time, which reports the child's {@code ru_maxrss}); -1 when GNU time is not installed.
     */
    static long peakRssKb(List<String> args, byte[] stdin, boolean captureStdout) throws IOException, InterruptedException {
        Path time = Path.of("/usr/bin/time");
        if (!Files.isExecutable(time)) return -1;
        Path report = Files.createTempFile("avline-bench-rss", ".txt");
        try {
            List<String> cmd = new ArrayList<>(List.of(time.toString(), "-f", "%M", "-o", report.toString()));
            cmd.addAll(command(args));
            exec(cmd, stdin, captureStdout);
            return Long.parseLong(Files.readString(report).trim());
        } finally {
            Files.deleteIfExists(report);
        }
    }
}
