package io.ferrymq.it.fault;

import io.ferrymq.it.TestCluster;
import io.ferrymq.it.ha.ChildJvm;
import io.ferrymq.it.ha.NetNs;
import io.ferrymq.it.ha.ProcessCluster;
import io.ferrymq.it.ha.ProcessCluster.BrokerNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The cluster of the fault suite: 2 name servers and broker groups broker-a and broker-b, each a SYNC_MASTER and a
 * SLAVE, every one its own JVM ({@link ProcessCluster}); nodes are named {@code namesrv-0}, {@code broker-a-0}
 * (master), {@code broker-a-1} (slave)... Knows how to signal a node by pid and remembers what it stopped, so
 * {@link #healAll()} and {@link #close()} can always bring every process back or end it.
 *
 * <p>Threading: the fault schedule's thread and the test thread call it; node state lives in the child processes.
 */
final class FaultCluster implements AutoCloseable {
    static final String[] GROUPS = {"broker-a", "broker-b"};
    final ProcessCluster cluster;
    /** The network namespace of the one broker that runs in one ({@link #startWithSlaveInNamespace}), or null. */
    private final NetNs net;
    private final String namespacedNode;
    /** Between the namespaced slave and its master's replication port (fault 9's added delay), or null. */
    private final DelayProxy replicationProxy;
    private final Set<Long> stoppedPids = new HashSet<>();

    private FaultCluster(ProcessCluster cluster, NetNs net, String namespacedNode, DelayProxy replicationProxy) {
        this.cluster = cluster;
        this.net = net;
        this.namespacedNode = namespacedNode;
        this.replicationProxy = replicationProxy;
    }

    /** Starts 2 name servers and the two SYNC_MASTER groups and waits until every broker is registered. */
    static FaultCluster start() throws Exception {
        ProcessCluster pc = ProcessCluster.start("fault", 2);
        try {
            for (String g : GROUPS) {
                pc.broker(g, 0, "SYNC_MASTER", ProcessCluster.props());
                pc.broker(g, 1, "SLAVE", ProcessCluster.props());
            }
            pc.startAll(pc.brokers.toArray(BrokerNode[]::new));
            return new FaultCluster(pc, null, null, null);
        } catch (Exception | Error e) {
            pc.close();
            throw e;
        }
    }

    /**
     * As {@link #start()}, but broker-a's slave runs in its own network namespace joined by a veth pair (the other
     * nodes bind the root side's address), so {@link FaultKind#PARTITION} and the other link faults can reach it; it
     * replicates through a {@link DelayProxy} (its {@code haMasterAddress}), delaying nothing until
     * {@link FaultKind#DELAY}. Needs root and iproute2.
     *
     * @throws NetNs.Unavailable when namespaces cannot be made here (the reason is the message)
     */
    static FaultCluster startWithSlaveInNamespace() throws Exception {
        String reason = NetNs.unavailableReason();
        if (reason != null) {
            throw new NetNs.Unavailable(reason);
        }
        NetNs net = NetNs.create(ProcessHandle.current().pid());
        ProcessCluster pc = null;
        DelayProxy proxy = null;
        try {
            pc = ProcessCluster.start("fault-ns", 2, net.rootIp);
            BrokerNode aMaster = pc.broker("broker-a", 0, "SYNC_MASTER", ProcessCluster.props());
            proxy = new DelayProxy(net.rootIp, net.rootIp, aMaster.haPort);
            pc.broker("broker-a", 1, "SLAVE", ProcessCluster.props("brokerIP1", net.nsIp, "haMasterAddress",
                    proxy.address()), net.launcher());
            pc.broker("broker-b", 0, "SYNC_MASTER", ProcessCluster.props());
            pc.broker("broker-b", 1, "SLAVE", ProcessCluster.props());
            pc.startAll(pc.brokers.toArray(BrokerNode[]::new));
            return new FaultCluster(pc, net, "broker-a-1", proxy);
        } catch (Exception | Error e) {
            if (pc != null) {
                pc.close();
            }
            if (proxy != null) {
                proxy.close();
            }
            net.close();
            throw e;
        }
    }

    /** Cuts the namespaced node off (both directions); only that node can be partitioned. */
    void partition(String node) {
        requireNamespaced(node);
        net.partition();
    }

    void healPartition(String node) {
        requireNamespaced(node);
        net.heal();
    }

    /** The namespaced node's link, for one-way cuts, loss and rate limits (faults 7 and 9). */
    NetNs link(String node) {
        requireNamespaced(node);
        return net;
    }

    /** The proxy the namespaced slave replicates through (fault 9's added delay). */
    DelayProxy replicationProxy(String node) {
        requireNamespaced(node);
        return replicationProxy;
    }

    private void requireNamespaced(String node) {
        if (net == null || !node.equals(namespacedNode)) {
            throw new IllegalArgumentException("only " + (namespacedNode == null ? "a node started in a network "
                    + "namespace (FaultCluster.startWithSlaveInNamespace)" : namespacedNode) + " can be partitioned, not "
                    + node);
        }
    }

    /** Creates a topic with {@code queues} queues on both groups and waits until both slaves have copied it. */
    void createTopic(String topic, int queues) {
        cluster.createTopic(topic, queues, master("broker-a"), master("broker-b"));
        TestCluster.awaitTrue("slaves copied " + topic, Duration.ofSeconds(30),
                () -> cluster.hasTopic(slave("broker-a"), topic) && cluster.hasTopic(slave("broker-b"), topic));
    }

    BrokerNode master(String group) {
        return node(group + "-0");
    }

    BrokerNode slave(String group) {
        return node(group + "-1");
    }

    /** The broker named {@code brokerName-brokerId}. */
    BrokerNode node(String name) {
        for (BrokerNode b : cluster.brokers) {
            if (b.jvm.name().equals(name)) {
                return b;
            }
        }
        throw new IllegalArgumentException("no broker named " + name + " (nodes: broker-a-0, broker-a-1, broker-b-0, "
                + "broker-b-1)");
    }

    /** Name servers named by a target: {@code namesrv-N} or {@code namesrv-all}. */
    List<ChildJvm> nameServers(String target) {
        return nameServerNodes(target).stream().map(ns -> ns.jvm).toList();
    }

    /** As {@link #nameServers}, with their addresses. */
    List<ProcessCluster.NameServerNode> nameServerNodes(String target) {
        List<ProcessCluster.NameServerNode> out = new ArrayList<>();
        for (ProcessCluster.NameServerNode ns : cluster.nameServers) {
            if (target.equals("namesrv-all") || ns.jvm.name().equals(target)) {
                out.add(ns);
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no name server " + target + " (namesrv-0, namesrv-1, namesrv-all)");
        }
        return out;
    }

    String namesrvAddr() {
        return cluster.namesrvAddr();
    }

    /** Starts a stopped or killed broker again and waits (bounded) until a name server lists it. */
    void restart(BrokerNode b) throws IOException {
        cluster.start(b);
    }

    /** SIGSTOP: the process keeps its sockets but answers nothing until {@link #resume}. */
    synchronized void pause(ChildJvm jvm) {
        long pid = jvm.pid();
        signal("STOP", pid);
        stoppedPids.add(pid);
    }

    synchronized void resume(ChildJvm jvm) {
        long pid = jvm.pid();
        signal("CONT", pid);
        stoppedPids.remove(pid);
    }

    /** SIGCONT if {@link #pause} stopped it (before killing or stopping a process for good). */
    synchronized void resumeIfStopped(ChildJvm jvm) {
        long pid = jvm.pid();
        if (stoppedPids.remove(pid)) {
            signal("CONT", pid);
        }
    }

    /** Deletes a (killed) broker's store directory. */
    static void deleteStore(BrokerNode b) throws IOException {
        Path store = b.storeDir();
        if (!Files.exists(store)) {
            return;
        }
        try (Stream<Path> s = Files.walk(store)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /**
     * Brings everything back after a run: resumes what is stopped, restarts brokers and name servers that are not
     * running (waiting, bounded, until each broker is registered).
     */
    void healAll() throws IOException {
        synchronized (this) {
            for (long pid : new ArrayList<>(stoppedPids)) {
                signal("CONT", pid);
            }
            stoppedPids.clear();
        }
        if (net != null) {
            net.heal();
            replicationProxy.delayMillis(0);
        }
        for (ProcessCluster.NameServerNode ns : cluster.nameServers) {
            if (!ns.jvm.isAlive()) {
                ns.jvm.start();
            }
        }
        for (BrokerNode b : cluster.brokers) {
            if (!b.jvm.isAlive()) {
                cluster.start(b);
            }
        }
    }

    /** Sends a signal to one pid with {@code kill} (bounded wait); fails loudly if it could not be delivered. */
    static void signal(String signal, long pid) {
        if (pid <= 0) {
            throw new IllegalStateException("no process to send SIG" + signal + " to");
        }
        try {
            Process p = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).redirectErrorStream(true).start();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("kill -" + signal + " " + pid + " did not finish within 10 s");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + pid + " failed: "
                        + new String(p.getInputStream().readAllBytes()).strip());
            }
        } catch (IOException e) {
            throw new IllegalStateException("kill -" + signal + " " + pid + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted sending SIG" + signal + " to " + pid);
        }
    }

    String logTails(int lines) {
        return cluster.logTails(lines);
    }

    /** Resumes anything still stopped (a stopped JVM ignores SIGTERM), then stops every child by pid. */
    @Override
    public void close() {
        synchronized (this) {
            for (long pid : stoppedPids) {
                try {
                    signal("CONT", pid);
                } catch (RuntimeException e) {
                    // the process may be gone already; close() below kills by pid anyway
                }
            }
            stoppedPids.clear();
        }
        cluster.close();
        if (replicationProxy != null) {
            replicationProxy.close();
        }
        if (net != null) {
            net.close();
        }
    }
}
