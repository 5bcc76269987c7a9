package dev.avline.testkit;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A plain socket server on 127.0.0.1: one daemon thread per connection reading keep-alive
 * requests and handing each to a {@link Handler}. Plain sockets, not an HTTP server library,
 * because faults (resets, short bodies, stalls) must reach the client at the TCP level.
 */
final class OriginServer {
    /** Answers one request; false closes the connection. */
    interface Handler {
        boolean handle(HttpRequest request, Socket socket, OutputStream out) throws IOException;
    }

    private static final int READ_TIMEOUT_MS = 60_000;
    private static final long ACCEPT_RETRY_MS = 10;

    private final ServerSocket server;
    private final ExecutorService threads;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile Handler handler;
    private volatile boolean closed;

    /** Binds a free port on 127.0.0.1; nothing is accepted until {@link #start}. */
    OriginServer() throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        AtomicInteger n = new AtomicInteger();
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "live-origin-" + server.getLocalPort() + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    void start(Handler handler) {
        this.handler = handler;
        threads.execute(this::acceptLoop);
    }

    int port() {
        return server.getLocalPort();
    }

    boolean closed() {
        return closed;
    }

    /** Stops accepting and closes every connection; false when it was already closed. */
    boolean close() {
        if (closed) return false;
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        threads.shutdownNow();
        return true;
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket s = server.accept();
                sockets.add(s);
                threads.execute(() -> serve(s));
            } catch (IOException e) {
                if (!closed) HttpResponses.sleep(ACCEPT_RETRY_MS);
            } catch (RuntimeException e) {
                return; // executor shut down
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            s.setTcpNoDelay(true);
            s.setSoTimeout(READ_TIMEOUT_MS);
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            while (!closed) {
                HttpRequest r = HttpRequest.read(in);
                if (r == null) return;
                if (!handler.handle(r, s, out)) return;
            }
        } catch (IOException | RuntimeException e) {
            // the client went away, or a fault closed the socket: nothing to do
        } finally {
            sockets.remove(s);
        }
    }
}
