package io.ferrymq.it.fault;

import io.ferrymq.it.ha.ProcessCluster;
import io.ferrymq.it.ha.ProcessCluster.BrokerNode;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Fault 7's timings, measured while the schedule goes on: after a node is cut off, how long until no name server
 * lists it (clients stop routing to it: the broker expiry, 3 s in {@code ProcessCluster}, + 2 s); after healing,
 * how long until the slave holds everything its master had at the heal (replication lag back to 0: 30 s). Each
 * watch is a daemon thread polling every 200 ms that records a {@link Deadline}; {@link #awaitAll} joins them.
 */
final class LinkWatch {
    static final long ROUTE_REMOVED_LIMIT_MILLIS = ProcessCluster.BROKER_EXPIRED_MILLIS + 2000;
    static final long CAUGHT_UP_LIMIT_MILLIS = 30_000;
    private final FaultCluster cluster;
    private final History history;
    private final List<Thread> watches = new ArrayList<>();

    LinkWatch(FaultCluster cluster, History history) {
        this.cluster = cluster;
        this.history = history;
    }

    /** From now (the cut), until the name servers no longer list {@code node} or {@code watchMillis} pass. */
    void routeRemoved(String node, String cut, long watchMillis) {
        BrokerNode b = cluster.node(node);
        watch("route to " + node + " removed after " + cut, ROUTE_REMOVED_LIMIT_MILLIS, watchMillis,
                () -> !cluster.cluster.brokerListed(b.address()));
    }

    /** From now (the heal), until the slave's commit log reaches its master's end as read now. */
    void caughtUp(String group, String heal) {
        BrokerNode master = cluster.master(group);
        BrokerNode slave = cluster.slave(group);
        long target = cluster.cluster.commitLogMaxOffset(master);
        watch(slave.jvm.name() + " caught up with " + master.jvm.name() + " after " + heal, CAUGHT_UP_LIMIT_MILLIS,
                2 * CAUGHT_UP_LIMIT_MILLIS, () -> target >= 0 && cluster.cluster.commitLogMaxOffset(slave) >= target);
    }

    private void watch(String what, long limit, long watchMillis, BooleanSupplier done) {
        long start = System.nanoTime();
        Thread t = new Thread(() -> {
            long deadline = start + TimeUnit.MILLISECONDS.toNanos(watchMillis);
            long took = -1;
            while (System.nanoTime() < deadline) {
                if (done.getAsBoolean()) {
                    took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                    break;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200)); // polling interval of the measurement
            }
            Deadline d = new Deadline(what, took, limit);
            history.deadline(d);
            System.out.println("[fault] " + (d.met() ? "" : "MISSED ") + d);
        }, "fault-link-watch");
        t.setDaemon(true);
        t.start();
        watches.add(t);
    }

    /** Joins every watch (each ends by itself within its watch time). */
    void awaitAll() throws InterruptedException {
        for (Thread t : watches) {
            t.join(2 * CAUGHT_UP_LIMIT_MILLIS + 10_000);
        }
        watches.clear();
    }
}
