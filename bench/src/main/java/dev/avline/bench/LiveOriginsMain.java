package dev.avline.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import dev.avline.ffi.LogBridge;
import dev.avline.testkit.LiveHlsOrigin;

/**
 * The origins of {@code Compare live}, in a process of their own so that what they cost is not
 * counted against the recorders: {@code count} {@link LiveHlsOrigin}s (640x360 at 25 fps, 2 s
 * segments, a window of 6), each printed as {@code ORIGIN <playlist url>}, then {@code READY}. They
 * serve until standard input ends.
 *
 * <pre>java -cp avline-bench.jar dev.avline.bench.LiveOriginsMain COUNT</pre>
 */
public final class LiveOriginsMain {
    static final int WIDTH = 640;
    static final int HEIGHT = 360;
    static final int FPS = 25;
    static final double SEGMENT_SECONDS = 2;

    private LiveOriginsMain() {
    }

    public static void main(String[] args) throws Exception {
        int count = Integer.parseInt(args[0]);
        LogBridge.setLevel("error");
        List<LiveHlsOrigin> origins = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            LiveHlsOrigin o = LiveHlsOrigin.builder().video(WIDTH, HEIGHT, FPS).segmentSeconds(SEGMENT_SECONDS).window(6).start();
            origins.add(o);
            System.out.println("ORIGIN " + o.playlistUrl());
        }
        System.out.println("READY");
        System.out.flush();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            while (in.readLine() != null) {
                // serve until the parent closes our standard input (or dies)
            }
        }
        for (LiveHlsOrigin o : origins) o.close();
        System.exit(0);
    }
}
