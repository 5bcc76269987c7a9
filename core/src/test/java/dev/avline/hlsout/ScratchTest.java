package dev.avline.hlsout;

import java.nio.file.*;
import org.junit.jupiter.api.Test;
import dev.avline.*;
import dev.avline.testkit.*;

class ScratchTest {
    @Test
    void scratch() throws Exception {
        Path dir = Path.of("/tmp/ladder-scratch");
        if (Files.exists(dir)) try (var s = Files.walk(dir)) { s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete()); }
        Files.createDirectories(dir);
        Path src = dir.resolve("src.ts");
        TestMedia.video(640, 360, 30).seconds(6).writeTo(src, "mpegts");
        RecordingResult r = Avline.ladder(Input.url(src.toString()), HlsOutput.live(dir.resolve("out"), 3).segmentSeconds(2), LadderTest.ladder()).run();
        System.out.println(r);
        System.out.println(Files.readString(dir.resolve("out/master.m3u8")));
        System.out.println(Files.readString(dir.resolve("out/360p/index.m3u8")));
    }
}
