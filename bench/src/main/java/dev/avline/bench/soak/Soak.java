package dev.avline.bench.soak;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The soak test, one command: {@link SoakRun} (64 live recordings against several test origins with
 * faults, started and stopped at random from other threads) in a child JVM, so that a native crash
 * is reported rather than taking the report with it.
 *
 * <pre>
 *   java -cp bench/target/avline-bench.jar dev.avline.bench.soak.Soak --minutes 10 --out target/soak
 * </pre>
 *
 * Options ({@link SoakRun}): {@code --minutes} (10), {@code --recordings} (64 at a time),
 * {@code --origins} (4), {@code --out} (target/soak). Exit status 0 when nothing crashed, no
 * {@code await()} got stuck, and threads, file descriptors, callback registrations and the heap
 * after GC came back to their baseline.
 */
public final class Soak {
    private Soak() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of("target/soak");
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (args[i].equals("--out")) out = Path.of(args[i + 1]);
        }
        Files.createDirectories(out);
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(List.of("-Xmx1g", "-XX:ErrorFile=" + out.toAbsolutePath() + "/hs_err_pid%p.log",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=error", "-cp", System.getProperty("java.class.path"),
                SoakRun.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.appendTo(out.resolve("soak-stderr.log").toFile()))
                .start();
        boolean reported = false;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                System.out.println(line);
                if (line.startsWith(SoakRun.VERDICT)) reported = true;
            }
        } catch (IOException e) {
            System.out.println("lost the soak JVM's output: " + e);
        }
        int status = p.waitFor();
        if (!reported) {
            System.out.println("CRASH: the soak JVM ended with status " + status + " before its report"
                    + " (see hs_err_pid*.log and soak-stderr.log in " + out + ")");
            System.exit(1);
        }
        System.exit(status);
    }
}
