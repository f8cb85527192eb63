package io.ferrymq.console.cluster;

import io.ferrymq.client.ClientTls;
import io.ferrymq.client.admin.AdminClient;
import io.ferrymq.client.admin.AdminConfig;
import io.ferrymq.client.producer.Producer;
import io.ferrymq.client.producer.ProducerConfig;
import io.ferrymq.common.fault.FaultRegistry;

import java.time.Clock;
import java.util.concurrent.ExecutorService;

/**
 * One name-server set the console watches: its admin client, a producer for test messages and resends (started
 * on first use), its snapshot, rates and traffic charts. Thread-safe.
 */
public final class ClusterSet implements AutoCloseable {
    private final String name;
    private final String nameServers;
    private final AdminClient admin;
    private final RateHistory rates = new RateHistory();
    private final SnapshotService snapshots;
    private final FaultRegistry faults = new FaultRegistry(io.ferrymq.common.Clock.SYSTEM);
    private final TrafficCharts traffic;
    private final ClientTls tls;
    private Producer producer;

    /** @param tls how to reach the set's name servers and brokers over TLS, or null for plaintext */
    public ClusterSet(String name, String nameServers, ClientTls tls, ExecutorService calls, Clock clock,
                      long deadlineMillis) {
        this.name = name;
        this.nameServers = nameServers;
        this.tls = tls;
        this.admin = new AdminClient(new AdminConfig().nameServers(nameServers).tls(tls)
                .instanceName("ferry-console-" + name).rpcTimeoutMillis(deadlineMillis)).start();
        this.snapshots = new SnapshotService(name, admin, calls, rates, clock, deadlineMillis);
        this.traffic = new TrafficCharts(name, admin, rates, snapshots::current, io.ferrymq.common.Clock.SYSTEM,
                faults);
    }

    public void start(long intervalMillis) {
        snapshots.start(intervalMillis);
        traffic.start(intervalMillis);
    }

    /** Per-topic and per-group traffic from the brokers' statistics. */
    public TrafficCharts traffic() {
        return traffic;
    }

    /** Faults of this set's background work (failed statistics samples), counted. */
    public FaultRegistry faults() {
        return faults;
    }

    public String name() {
        return name;
    }

    public String nameServers() {
        return nameServers;
    }

    public AdminClient admin() {
        return admin;
    }

    public RateHistory rates() {
        return rates;
    }

    public SnapshotService snapshots() {
        return snapshots;
    }

    public Snapshot snapshot() {
        return snapshots.current();
    }

    /** The console's producer on this set (group FERRY_CONSOLE_PRODUCER), started on first use. */
    public synchronized Producer producer() {
        if (producer == null) {
            producer = new Producer(new ProducerConfig().nameServers(nameServers).tls(tls).group("FERRY_CONSOLE_PRODUCER")
                    .instanceName("ferry-console-" + name)).start();
        }
        return producer;
    }

    @Override
    public synchronized void close() {
        traffic.close();
        snapshots.close();
        if (producer != null) {
            producer.shutdown();
        }
        admin.shutdown();
    }
}
