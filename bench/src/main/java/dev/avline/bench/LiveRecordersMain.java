package dev.avline.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.avline.Avline;
import dev.avline.Input;
import dev.avline.Output;
import dev.avline.Recording;
import dev.avline.RecordingResult;
import dev.avline.ffi.LogBridge;
import dev.avline.hls.LiveSettings;

/**
 * The avline side of {@code Compare live}: one JVM recording {@code count} live HLS streams at once
 * with the public API ({@code Avline.record(Input.url(u), Output.file(dir/i.ts), LiveSettings.defaults())}),
 * as a server would. Prints {@code STARTED} once every recording has started, stops them all when
 * a line {@code stop} arrives on standard input, prints {@code RECORDING <i> <state> <media seconds>
 * <bytes> [failure]} for each and {@code STOPPED}, and exits.
 *
 * <pre>java [JVM options] -cp avline-bench.jar dev.avline.bench.LiveRecordersMain URLS_FILE OUT_DIR COUNT</pre>
 */
public final class LiveRecordersMain {
    private LiveRecordersMain() {
    }

    public static void main(String[] args) throws Exception {
        List<String> urls = Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8);
        Path out = Path.of(args[1]);
        int count = Integer.parseInt(args[2]);
        LogBridge.setLevel("error"); // as the CLI runs with -loglevel error
        List<Recording> recordings = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            recordings.add(Avline.record(Input.url(urls.get(i)), Output.file(out.resolve(i + ".ts")), LiveSettings.defaults())
                    .name("rec-" + i).start());
        }
        System.out.println("STARTED");
        System.out.flush();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null && !line.equals("stop")) {
                // wait for the parent's word
            }
        }
        for (Recording r : recordings) r.stop();
        for (int i = 0; i < count; i++) {
            RecordingResult r = recordings.get(i).await();
            System.out.printf(Locale.ROOT, "RECORDING %d %s %.3f %d%s%n", i, r.state(), r.mediaSeconds(), r.bytes(),
                    r.failure() == null ? "" : " " + r.failure().toString().replace('\n', ' '));
        }
        System.out.println("STOPPED");
        System.out.flush();
        System.exit(0);
    }
}
