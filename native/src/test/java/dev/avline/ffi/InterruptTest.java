package dev.avline.ffi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/**
 * A blocked open or read must end promptly when another thread interrupts or closes the input,
 * and the memory must then be freed by whoever leaves last, without crashing.
 */
class InterruptTest {
    private static final long PROMPT_SECONDS = 10; // generous: the machine is shared, the point is "not forever"

    @Test
    void closeWhileAReadIsBlockedOnAFeedThatGetsNoMoreData() throws Exception {
        byte[] ts = Clips.transportStream(50);
        ChunkFeed feed = new ChunkFeed();
        feed.offer(Arrays.copyOf(ts, ts.length / 2));
        InputContainer in = InputContainer.consuming(IoContext.reading(feed)).format("mpegts").skipStreamInfo().open();
        AtomicInteger read = new AtomicInteger();
        CountDownLatch reading = new CountDownLatch(1);
        CompletableFuture<Throwable> reader = CompletableFuture.supplyAsync(() -> {
            try (Packet p = new Packet()) {
                while (in.read(p)) {
                    if (read.incrementAndGet() == 5) reading.countDown();
                }
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
        assertTrue(reading.await(PROMPT_SECONDS, TimeUnit.SECONDS), "read " + read.get() + " packets");
        Thread.sleep(300); // let the reader run dry and block in the feed
        assertFalse(reader.isDone(), "the reader should be blocked waiting for data");
        in.close();
        assertTrue(in.isClosed());
        Throwable t = reader.get(PROMPT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(t, "a closed input must not look like a clean end of stream");
        assertTrue(t instanceof FfmpegException && ((FfmpegException) t).error() == AvError.EXIT
                || t instanceof IllegalStateException, String.valueOf(t));
        assertTrue(read.get() >= 5);
        assertTrue(in.isFreed(), "the reader, leaving last, freed the input");
    }

    @Test
    void interruptEndsAnOpenBlockedOnAnEmptyFeed() throws Exception {
        ChunkFeed feed = new ChunkFeed();
        IoInterrupt interrupt = new IoInterrupt();
        CompletableFuture<Throwable> opener = CompletableFuture.supplyAsync(() -> {
            try (InputContainer in = InputContainer.consuming(IoContext.reading(feed)).interrupt(interrupt).open()) {
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
        Thread.sleep(300);
        assertFalse(opener.isDone());
        interrupt.interrupt("shutting down");
        Throwable t = opener.get(PROMPT_SECONDS, TimeUnit.SECONDS);
        assertTrue(t instanceof FfmpegException, String.valueOf(t));
        FfmpegException e = (FfmpegException) t;
        assertEquals(AvError.EXIT, e.error(), e.getMessage());
        assertTrue(e.getMessage().contains("shutting down"), e.getMessage());
    }

    @Test
    void closeWhileAReadIsBlockedOnAStalledHttpServer() throws Exception {
        byte[] ts = Clips.transportStream(50);
        try (StallingServer server = new StallingServer(ts, ts.length / 2)) {
            InputContainer in = InputContainer.url(server.url()).format("mpegts").skipStreamInfo().open();
            CompletableFuture<Throwable> reader = CompletableFuture.supplyAsync(() -> {
                try (Packet p = new Packet()) {
                    while (in.read(p)) {
                        // drain until the server stops sending
                    }
                    return null;
                } catch (Throwable t) {
                    return t;
                }
            });
            assertTrue(server.stalled.await(PROMPT_SECONDS, TimeUnit.SECONDS));
            Thread.sleep(300);
            assertFalse(reader.isDone(), "the reader should be blocked on the socket");
            in.close();
            Throwable t = reader.get(PROMPT_SECONDS, TimeUnit.SECONDS);
            // The demuxer may hand out what it had buffered before reporting the interrupt; the
            // reader then finds the input closed on its next call. Either way it ends, and says why.
            assertTrue(t instanceof FfmpegException && ((FfmpegException) t).error() == AvError.EXIT
                    || t instanceof IllegalStateException, String.valueOf(t));
            assertTrue(t.getMessage().contains("closed"), t.getMessage());
            assertTrue(in.isFreed());
        }
    }

    @Test
    void aDeadlineEndsAStalledRead() throws Exception {
        byte[] ts = Clips.transportStream(50);
        try (StallingServer server = new StallingServer(ts, ts.length / 2)) {
            IoInterrupt interrupt = new IoInterrupt();
            try (InputContainer in = InputContainer.url(server.url()).format("mpegts").skipStreamInfo()
                    .interrupt(interrupt).open(); Packet p = new Packet()) {
                interrupt.armDeadline(TimeUnit.MILLISECONDS.toNanos(500));
                FfmpegException e = assertThrows(FfmpegException.class, () -> {
                    while (in.read(p)) {
                        interrupt.armDeadline(TimeUnit.MILLISECONDS.toNanos(500));
                    }
                });
                assertEquals(AvError.EXIT, e.error());
                assertTrue(e.getMessage().contains("no data within the stall timeout"), e.getMessage());
            }
        }
    }

    @Test
    void httpErrorsAreNamed() throws Exception {
        try (StallingServer server = new StallingServer(null, 0)) {
            FfmpegException e = assertThrows(FfmpegException.class,
                    () -> InputContainer.url(server.url() + "?token=secret").open());
            assertEquals(AvError.HTTP_NOT_FOUND, e.error());
            assertTrue(e.getMessage().contains("404"), e.getMessage());
            assertTrue(e.getMessage().contains("token=***"), e.getMessage());
            assertFalse(e.getMessage().contains("secret"), e.getMessage());
        }
    }

    /** Serves {@code body}'s first {@code stallAfter} bytes (Content-Length: all of it), then holds the socket. */
    static final class StallingServer implements AutoCloseable {
        final ServerSocket socket;
        final CountDownLatch stalled = new CountDownLatch(1);
        private final Thread thread;
        private volatile Socket client;

        StallingServer(byte[] body, int stallAfter) throws Exception {
            socket = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
            thread = new Thread(() -> serve(body, stallAfter), "stalling-server");
            thread.setDaemon(true);
            thread.start();
        }

        String url() {
            return "http://127.0.0.1:" + socket.getLocalPort() + "/live.ts";
        }

        private void serve(byte[] body, int stallAfter) {
            try {
                while (!socket.isClosed()) {
                    Socket c = socket.accept();
                    client = c;
                    InputStream req = c.getInputStream();
                    byte[] buf = new byte[8192];
                    StringBuilder head = new StringBuilder();
                    while (head.indexOf("\r\n\r\n") < 0) {
                        int n = req.read(buf);
                        if (n < 0) break;
                        head.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
                    }
                    OutputStream out = c.getOutputStream();
                    if (body == null) {
                        out.write("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                                .getBytes(StandardCharsets.ISO_8859_1));
                        out.flush();
                        c.close();
                        continue;
                    }
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: video/mp2t\r\nContent-Length: " + body.length
                            + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    out.write(body, 0, stallAfter);
                    out.flush();
                    stalled.countDown();
                    // keep the connection open and silent until the test closes the server
                }
            } catch (Exception ignored) {
                // closed by the test
            }
        }

        @Override
        public void close() throws Exception {
            socket.close();
            Socket c = client;
            if (c != null) c.close();
            thread.join(5000);
        }
    }
}
