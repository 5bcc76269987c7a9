package dev.avline.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HLS conformance corpus: every case recorded by avline's live client and by FFmpeg's HLS
 * demuxer (the reference), in a small pool. Per case, avline's verdict must be the expected one
 * and at least as good as FFmpeg's.
 *
 * <p>Cases in {@code known-failures.txt} are today's avline failures (issue 8): they are skipped
 * while they fail and fail the run once they pass (remove them then), so the list only shrinks.
 * {@code -Dcorpus.strict=true} ignores the list; {@code -Dcorpus.only=REGEX} runs some cases;
 * {@code -Dcorpus.threads=N} sets the pool (default 4); {@code -Dcorpus.conformance=true} writes
 * CONFORMANCE.md at the repository root (or {@code =PATH}).
 */
class HlsConformanceTest {
    @TempDir
    static Path dir;

    private static final List<ConformanceTable.Row> ROWS = new ArrayList<>();
    private static final Map<String, String> KNOWN = knownFailures();
    private static long started;

    @TestFactory
    Stream<DynamicTest> corpus() {
        started = System.nanoTime();
        String only = System.getProperty("corpus.only");
        List<CorpusCase> cases = HlsCorpus.cases().stream()
                .filter(c -> only == null || Pattern.compile(only).matcher(c.id()).find()).toList();
        if (only == null) assertTrue(cases.size() >= 50, "the corpus has at least 50 cases: " + cases.size());
        CorpusMedia.get(); // once, before the pool starts, so no run waits on encoding
        int threads = Integer.getInteger("corpus.threads", 4);
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "corpus-pool");
            t.setDaemon(true);
            return t;
        });
        Map<CorpusCase, CompletableFuture<Verdict>[]> runs = new LinkedHashMap<>();
        for (CorpusCase c : cases) {
            @SuppressWarnings("unchecked")
            CompletableFuture<Verdict>[] both = new CompletableFuture[] {
                CompletableFuture.supplyAsync(() -> CaseRunner.run(c, CaseRunner.Client.AVLINE, dir), pool),
                CompletableFuture.supplyAsync(() -> CaseRunner.run(c, CaseRunner.Client.FFMPEG, dir), pool)};
            runs.put(c, both);
        }
        pool.shutdown();
        return runs.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey().id(), () -> check(e.getKey(),
                e.getValue()[0].join(), e.getValue()[1].join())));
    }

    private static void check(CorpusCase c, Verdict avline, Verdict ffmpeg) {
        synchronized (ROWS) {
            ROWS.add(new ConformanceTable.Row(c, avline, ffmpeg));
        }
        Verdict.Kind expected = c.expect().complete() ? Verdict.Kind.COMPLETE : Verdict.Kind.FAILED_CLEARLY;
        String report = c.id() + " (" + c.feature() + "; expected: " + c.expect().describe() + ")\n  avline: " + avline
                + "\n  FFmpeg: " + ffmpeg;
        System.out.println("corpus " + report);
        boolean meets = avline.kind() == expected && avline.atLeast(ffmpeg);
        if (KNOWN.containsKey(c.id()) && !Boolean.getBoolean("corpus.strict")) {
            if (meets) fail(c.id() + " now meets its expectation: remove it from known-failures.txt\n" + report);
            Assumptions.abort("known failure (issue 8): " + report);
        }
        assertEquals(expected, avline.kind(), report);
        assertTrue(avline.atLeast(ffmpeg), "avline does worse than FFmpeg's own HLS demuxer: " + report);
    }

    @AfterAll
    static void writeTable() throws IOException {
        System.out.printf("corpus: %d cases in %.1f s%n", ROWS.size(), (System.nanoTime() - started) / 1e9);
        String target = System.getProperty("corpus.conformance");
        if (target == null || target.isEmpty() || target.equals("false")) return;
        Path file = target.equals("true") ? repositoryRoot().resolve("CONFORMANCE.md") : Path.of(target);
        List<ConformanceTable.Row> rows;
        synchronized (ROWS) {
            rows = new ArrayList<>(ROWS);
        }
        List<String> order = HlsCorpus.cases().stream().map(CorpusCase::id).toList();
        rows.sort((a, b) -> Integer.compare(order.indexOf(a.c().id()), order.indexOf(b.c().id())));
        ConformanceTable.write(file, rows, KNOWN);
        System.out.println("corpus: wrote " + file.toAbsolutePath());
    }

    /** The directory with {@code mvnw}, above the module the tests run in. */
    private static Path repositoryRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("mvnw"))) p = p.getParent();
        if (p == null) throw new IllegalStateException("no mvnw above " + Path.of("").toAbsolutePath());
        return p;
    }

    /** Case id → today's verdict, from known-failures.txt ("id  # note" lines). */
    private static Map<String, String> knownFailures() {
        Map<String, String> m = new LinkedHashMap<>();
        try (InputStream in = HlsConformanceTest.class.getResourceAsStream("known-failures.txt")) {
            if (in == null) return m;
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String l = line.strip();
                if (l.isEmpty() || l.startsWith("#")) continue;
                int hash = l.indexOf('#');
                String id = (hash < 0 ? l : l.substring(0, hash)).strip();
                m.put(id, hash < 0 ? "" : l.substring(hash + 1).strip());
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return m;
    }
}
