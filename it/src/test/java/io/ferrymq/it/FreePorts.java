package io.ferrymq.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ports for the servers a test starts, taken below the kernel's ephemeral range.
 *
 * <p>Why not {@code new ServerSocket(0)}: that hands out an ephemeral port and releases it; until the child JVM binds
 * it, any outgoing connection on the machine (a client, a broker registering with a name server) may be given the
 * same port as its local end, and the child then dies with "Address already in use". That happened once in a full
 * CI run (SyncMasterFailoverTest: a broker exited at start). Ports below the ephemeral range are never handed to
 * outgoing connections, so only another listener can take them; each is still checked to be free (wildcard and
 * loopback) before it is handed out, and a JVM never hands out the same port twice.
 */
public final class FreePorts {
    /** RealRocketMQ picks its ports in 20000-29999; ours stay below. */
    private static final int LOWEST = 10_000;
    private static final int HIGHEST_EXCLUSIVE = Math.min(20_000, ephemeralLow());
    private static final AtomicInteger NEXT =
            new AtomicInteger(LOWEST + ThreadLocalRandom.current().nextInt(HIGHEST_EXCLUSIVE - LOWEST));

    private FreePorts() {
    }

    /** A port no process listens on, outside the ephemeral range, not handed out before by this JVM. */
    public static int next() throws IOException {
        int span = HIGHEST_EXCLUSIVE - LOWEST;
        for (int attempt = 0; attempt < span; attempt++) {
            int port = LOWEST + Math.floorMod(NEXT.getAndIncrement() - LOWEST, span);
            if (bindable(port)) {
                return port;
            }
        }
        throw new IOException("no free port in " + LOWEST + "-" + (HIGHEST_EXCLUSIVE - 1));
    }

    private static boolean bindable(int port) {
        for (InetSocketAddress a : new InetSocketAddress[]{new InetSocketAddress(port),
                new InetSocketAddress("127.0.0.1", port)}) {
            try (ServerSocket s = new ServerSocket()) {
                s.bind(a);
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }

    /** The first port of {@code net.ipv4.ip_local_port_range} (Linux), 32768 when it cannot be read. */
    private static int ephemeralLow() {
        try {
            String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim();
            int low = Integer.parseInt(range.split("\\s+")[0]);
            return low > LOWEST + 1000 ? low : 32_768;
        } catch (IOException | RuntimeException e) {
            return 32_768;
        }
    }
}
