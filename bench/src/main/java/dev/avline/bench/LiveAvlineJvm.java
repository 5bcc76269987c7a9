package dev.avline.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** avline: one JVM ({@link LiveRecordersMain}) recording all N. */
final class LiveAvlineJvm implements LiveTool {
    private final List<String> jvmOptions;
    private final Map<String, String> environment;
    private final Path urls;
    private final int n;
    private final Path dir;
    private Process process;
    private BufferedReader out;
    private Map<String, Long> threadsAtStart = Map.of();

    LiveAvlineJvm(List<String> jvmOptions, Map<String, String> environment, Path urls, int n, Path dir) {
        this.jvmOptions = jvmOptions;
        this.environment = environment;
        this.urls = urls;
        this.n = n;
        this.dir = dir;
    }

    @Override
    public void start() throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(LiveCompare.java());
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), LiveRecordersMain.class.getName(),
                urls.toString(), dir.toString(), String.valueOf(n)));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(dir.resolve("avline.err").toFile());
        pb.environment().putAll(environment);
        process = pb.start();
        out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    @Override
    public double awaitStarted() throws Exception {
        String line;
        while ((line = out.readLine()) != null && !line.equals("STARTED")) {
            // nothing else is printed before
        }
        if (line == null) throw new IOException("avline's recorder JVM ended early:\n" + Files.readString(dir.resolve("avline.err")));
        threadsAtStart = ProcFs.cpuTicksByThreadName(process.pid());
        return ProcFs.cpuTicks(process.pid()) / ProcFs.TICKS_PER_SECOND;
    }

    @Override
    public List<Long> pids() {
        return List.of(process.pid());
    }

    @Override
    public void stopAndWait() throws Exception {
        printThreadCpu();
        OutputStream in = process.getOutputStream();
        in.write("stop\n".getBytes(StandardCharsets.US_ASCII));
        in.flush();
        List<String> failures = new ArrayList<>();
        String line;
        while ((line = out.readLine()) != null && !line.equals("STOPPED")) {
            if (line.startsWith("RECORDING ") && line.split(" ").length > 5) failures.add(line);
        }
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("avline's recorder JVM did not end within 60 s of the stop");
        }
        if (!failures.isEmpty()) System.out.println("  avline failures: " + failures);
    }

    @Override
    public List<Path> outputs() {
        List<Path> l = new ArrayList<>();
        for (int i = 0; i < n; i++) l.add(dir.resolve(i + ".ts"));
        return l;
    }

    /** Where the JVM's CPU went while it recorded: by thread name, from STARTED to the stop. */
    private void printThreadCpu() {
        Map<String, Long> now = ProcFs.cpuTicksByThreadName(process.pid());
        List<Map.Entry<String, Long>> spent = new ArrayList<>();
        for (Map.Entry<String, Long> e : now.entrySet()) {
            long d = e.getValue() - threadsAtStart.getOrDefault(e.getKey(), 0L);
            if (d > 0) spent.add(Map.entry(e.getKey(), d));
        }
        spent.sort(Map.Entry.<String, Long>comparingByValue().reversed());
        StringBuilder b = new StringBuilder("  CPU-s while recording, by thread:");
        for (Map.Entry<String, Long> e : spent.subList(0, Math.min(8, spent.size()))) {
            b.append(String.format(Locale.ROOT, " %s %.2f;", e.getKey(), e.getValue() / ProcFs.TICKS_PER_SECOND));
        }
        System.out.println(b);
    }
}
