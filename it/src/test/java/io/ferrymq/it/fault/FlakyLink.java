package io.ferrymq.it.fault;

import io.ferrymq.it.ha.NetNs;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Fault 9's packet loss on one link, in bursts: every second the link drops every packet both ways for a random
 * 100-400 ms (seeded, so a replay loses at the same moments), about a quarter of the time. This kernel has no netem
 * (no random per-packet loss), so loss is made of short full cuts; TCP sees the same thing, retransmissions and
 * stalls of a few hundred milliseconds.
 *
 * <p>Threading: one daemon thread {@code fault-flaky-link} toggles the link until {@link #close()}, which joins it
 * (bounded) and leaves the link clear.
 */
final class FlakyLink implements AutoCloseable {
    private final NetNs net;
    private final Thread thread;
    private final AtomicInteger bursts = new AtomicInteger();
    private volatile boolean running = true;

    FlakyLink(NetNs net, long seed) {
        this.net = net;
        Random random = new Random(seed);
        this.thread = new Thread(() -> {
            while (running) {
                long cut = 100 + random.nextInt(301);
                net.dropOneWay(NetNs.Direction.INTO_NAMESPACE);
                net.dropOneWay(NetNs.Direction.OUT_OF_NAMESPACE);
                bursts.incrementAndGet();
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(cut)); // the burst's length: the fault itself
                net.clearQdiscs();
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1000 - cut));
            }
        }, "fault-flaky-link");
        thread.setDaemon(true);
        thread.start();
    }

    /** How many loss bursts there were. */
    int bursts() {
        return bursts.get();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(10_000);
        net.clearQdiscs();
    }
}
