package io.ferrymq.it.fault;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP proxy that holds every chunk it forwards for {@link #delayMillis(long)} before writing it on (fault 9's
 * "added delay"; the kernel here has no netem). Order within a connection is kept: each direction of each connection
 * is a reader putting timestamped chunks on a queue and a writer releasing them when they are due. Used between a
 * slave and its master's replication port ({@code haMasterAddress}), so the delay is on the replication link only.
 *
 * <p>Threading: an accept thread, and two threads per direction of each connection; the delay is volatile.
 */
final class DelayProxy implements AutoCloseable {
    private record Chunk(long dueNanos, byte[] bytes) {
    }

    private static final Chunk END = new Chunk(0, new byte[0]);
    private final ServerSocket server;
    private final InetSocketAddress upstream;
    private final List<Socket> sockets = new ArrayList<>();
    private final AtomicLong connections = new AtomicLong();
    private volatile long delayNanos;
    private volatile boolean closed;

    /** Listens on {@code host} (a free port) and forwards to {@code upstreamHost:upstreamPort}. */
    DelayProxy(String host, String upstreamHost, int upstreamPort) throws IOException {
        this.upstream = new InetSocketAddress(upstreamHost, upstreamPort);
        this.server = new ServerSocket(0, 50, InetAddress.getByName(host));
        Thread accept = new Thread(this::acceptLoop, "delay-proxy-accept-" + server.getLocalPort());
        accept.setDaemon(true);
        accept.start();
    }

    /** The address to give clients instead of the upstream's. */
    String address() {
        return server.getInetAddress().getHostAddress() + ":" + server.getLocalPort();
    }

    /** From now on every chunk is held this long in each direction (0: forwarded at once). */
    void delayMillis(long millis) {
        delayNanos = TimeUnit.MILLISECONDS.toNanos(millis);
    }

    long connections() {
        return connections.get();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket in;
            try {
                in = server.accept();
            } catch (IOException e) {
                if (!closed) {
                    System.out.println("[fault] delay proxy " + address() + " stopped accepting: " + e);
                }
                return;
            }
            Socket out = new Socket();
            try {
                out.connect(upstream, 3000);
            } catch (IOException e) {
                close(in); // the upstream is down (a killed master): the client sees the connection refused-like close
                close(out);
                continue;
            }
            connections.incrementAndGet();
            synchronized (sockets) {
                sockets.add(in);
                sockets.add(out);
            }
            pipe(in, out, "up");
            pipe(out, in, "down");
        }
    }

    private void pipe(Socket from, Socket to, String way) {
        LinkedBlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            byte[] buf = new byte[64 * 1024];
            try (InputStream is = from.getInputStream()) {
                for (int n; (n = is.read(buf)) > 0; ) {
                    queue.add(new Chunk(System.nanoTime() + delayNanos, Arrays.copyOf(buf, n)));
                }
            } catch (IOException e) {
                // the connection ended (a killed peer, or close()); the writer closes the other side
            }
            queue.add(END);
        }, "delay-proxy-read-" + way);
        Thread writer = new Thread(() -> {
            try (OutputStream os = to.getOutputStream()) {
                while (true) {
                    Chunk c = queue.take();
                    if (c == END) {
                        break;
                    }
                    for (long wait; (wait = c.dueNanos - System.nanoTime()) > 0; ) {
                        LockSupport.parkNanos(wait); // the chunk's due time: the injected delay itself
                    }
                    os.write(c.bytes);
                    os.flush();
                }
            } catch (IOException | InterruptedException e) {
                // the other side went away; both sockets are closed below
            }
            close(from);
            close(to);
            synchronized (sockets) {
                sockets.remove(from);
                sockets.remove(to);
            }
        }, "delay-proxy-write-" + way);
        reader.setDaemon(true);
        writer.setDaemon(true);
        reader.start();
        writer.start();
    }

    private static void close(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing a broken socket: nothing left to do with it
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // already closed
        }
        synchronized (sockets) {
            sockets.forEach(DelayProxy::close);
            sockets.clear();
        }
    }
}
