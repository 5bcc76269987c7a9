package dev.avline.ffi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

/**
 * What {@link NativeEnvironment} sets is what native code's {@code getenv} reads. libva cannot be
 * reached without a GPU, but libavformat reads {@code http_proxy} with {@code getenv} at each HTTP
 * open: set it here to a loopback "proxy", and FFmpeg sends the request there.
 */
class NativeEnvironmentReachesFfmpegTest {
    @Test
    void ffmpegSeesAVariableSetFromJava() throws Exception {
        assumeTrue(System.getenv("http_proxy") == null && NativeEnvironment.get("http_proxy") == null, "http_proxy is set here");
        List<String> requestLines = new CopyOnWriteArrayList<>();
        try (ServerSocket proxy = new ServerSocket(0, 10, InetAddress.getByName("127.0.0.1"))) {
            Thread t = new Thread(() -> {
                while (!proxy.isClosed()) {
                    try (Socket s = proxy.accept()) {
                        BufferedReader r = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
                        requestLines.add(r.readLine());
                        OutputStream o = s.getOutputStream();
                        o.write("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                        o.flush();
                    } catch (Exception e) {
                        return;
                    }
                }
            }, "proxy");
            t.setDaemon(true);
            t.start();
            assertTrue(NativeEnvironment.setIfUnset("http_proxy", "http://127.0.0.1:" + proxy.getLocalPort()));
            try {
                FfmpegException e = assertThrows(FfmpegException.class,
                        () -> InputContainer.url("http://avline-proxy-check.invalid/clip.ts").open().close());
                assertTrue(e.getMessage().contains("404"), e.getMessage());
            } finally {
                assertTrue(NativeEnvironment.remove("http_proxy"));
            }
            assertTrue(!requestLines.isEmpty(), "FFmpeg did not use the proxy");
            assertEquals("GET http://avline-proxy-check.invalid:80/clip.ts HTTP/1.1", requestLines.get(0)); // FFmpeg names the port
            assertEquals(null, NativeEnvironment.get("http_proxy"));
        }
    }
}
