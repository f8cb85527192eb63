package io.ferrymq.nameserver;

import io.ferrymq.common.Clock;
import io.ferrymq.remoting.RemotingChannel;
import io.ferrymq.remoting.protocol.body.DataVersion;
import io.ferrymq.remoting.protocol.body.TopicConfig;
import io.ferrymq.remoting.protocol.body.TopicConfigSerializeWrapper;
import io.ferrymq.remoting.protocol.route.BrokerData;
import io.ferrymq.remoting.protocol.route.ClusterInfo;
import io.ferrymq.remoting.protocol.route.PermName;
import io.ferrymq.remoting.protocol.route.QueueData;
import io.ferrymq.remoting.protocol.route.TopicRouteData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.LongSupplier;

/**
 * The name server's whole state, in memory: clusters → broker names → broker id → address; topic → queue data
 * per broker name; live brokers with their last update time (from an injected {@link Clock}), data
 * version, HA address and connection.
 *
 * <p>Threading: one {@link ReentrantReadWriteLock} guards every table. Route and list queries (the frequent
 * calls, from every client every 30 s) share the read lock; registrations, unregistrations, expiry and admin
 * changes take the write lock. Every method returns copies, never live state, and no method does I/O while
 * holding the lock (expired channels are closed after it is released).
 *
 * <p>Invariants kept after every write: a broker name is in {@code brokerAddrTable} iff it has at least one
 * address; a topic is in {@code topicQueueTable} iff it has queue data of at least one broker name; a broker
 * name's queue data disappears when its last address does.
 */
public final class RouteTable {
    private static final Logger log = LoggerFactory.getLogger(RouteTable.class);

    /** A registered broker address within its cluster: the key of the live-broker table. */
    public record BrokerAddr(String cluster, String addr) {
    }

    /** What a broker sends when it registers (REGISTER_BROKER header and body). */
    public record Registration(String cluster, String brokerAddr, String brokerName, long brokerId,
                               String haServerAddr, Long heartbeatTimeoutMillis, boolean enableActingMaster,
                               TopicConfigSerializeWrapper topicConfigs, RemotingChannel channel) {
    }

    /** What the name server answers a registration: for a slave, its master's address and HA address. */
    public record RegistrationResult(String masterAddr, String haServerAddr) {
    }

    /** A broker removed from the tables, and why. */
    public record RemovedBroker(String cluster, String brokerAddr, String brokerName, long brokerId, String reason) {
    }

    private static final class LiveBroker {
        long lastUpdateMillis;
        Long heartbeatTimeoutMillis;
        DataVersion dataVersion;
        String haServerAddr;
        RemotingChannel channel;
        String brokerName;
        long brokerId;
    }

    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final Clock clock;
    private final LongSupplier defaultExpiryMillis;

    private final Map<String, Set<String>> clusterAddrTable = new HashMap<>();
    private final Map<String, BrokerData> brokerAddrTable = new HashMap<>();
    private final Map<String, TreeMap<String, QueueData>> topicQueueTable = new HashMap<>();
    private final Map<BrokerAddr, LiveBroker> liveBrokerTable = new HashMap<>();

    /**
     * @param clock               time source for liveness
     * @param defaultExpiryMillis expiry of brokers that did not send their own heartbeatTimeoutMillis; read at
     *                            every scan, so a runtime config change applies at once
     */
    public RouteTable(Clock clock, LongSupplier defaultExpiryMillis) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.defaultExpiryMillis = Objects.requireNonNull(defaultExpiryMillis, "defaultExpiryMillis");
    }

    // ---------------------------------------------------------------- broker registration

    /**
     * Registers (or refreshes) a broker. Semantics of RocketMQ's name server (docs/protocol.md 5.1): the broker name joins
     * its cluster; an address already registered under another broker id of the same group moves to the new id;
     * only the master's (or, with acting master enabled and no master present, the lowest-id slave's) topic
     * configs update queue data, and only when this is the first registration of that address or its data
     * version changed.
     */
    public RegistrationResult register(Registration r) {
        lock.writeLock().lock();
        try {
            clusterAddrTable.computeIfAbsent(r.cluster(), k -> new TreeSet<>()).add(r.brokerName());

            BrokerData bd = brokerAddrTable.get(r.brokerName());
            boolean firstOfGroup = bd == null;
            if (firstOfGroup) {
                bd = new BrokerData(r.cluster(), r.brokerName(), new TreeMap<>());
                brokerAddrTable.put(r.brokerName(), bd);
            }
            bd.setEnableActingMaster(r.enableActingMaster());
            // the same address under another id (slave promoted to master or the reverse): drop the old id
            bd.getBrokerAddrs().entrySet().removeIf(
                    e -> e.getValue().equals(r.brokerAddr()) && e.getKey() != r.brokerId());
            String previous = bd.getBrokerAddrs().put(r.brokerId(), r.brokerAddr());
            boolean firstOfAddr = previous == null || !previous.equals(r.brokerAddr());

            BrokerAddr key = new BrokerAddr(r.cluster(), r.brokerAddr());
            LiveBroker live = liveBrokerTable.get(key);
            DataVersion incoming = r.topicConfigs() == null ? null : r.topicConfigs().getDataVersion();
            boolean versionChanged = live == null || !Objects.equals(live.dataVersion, incoming);

            boolean isMaster = r.brokerId() == BrokerData.MASTER_ID;
            boolean isPrimeSlave = !isMaster && r.enableActingMaster()
                    && !bd.getBrokerAddrs().containsKey(BrokerData.MASTER_ID)
                    && bd.getBrokerAddrs().firstKey() == r.brokerId();
            if ((isMaster || isPrimeSlave) && r.topicConfigs() != null
                    && r.topicConfigs().getTopicConfigTable() != null
                    && (firstOfGroup || firstOfAddr || versionChanged)) {
                for (TopicConfig tc : r.topicConfigs().getTopicConfigTable().values()) {
                    if (tc != null && tc.getTopicName() != null) {
                        putQueueData(tc.getTopicName(), new QueueData(r.brokerName(), tc.getReadQueueNums(),
                                tc.getWriteQueueNums(), tc.getPerm(), tc.getTopicSysFlag()));
                    }
                }
            }

            if (live == null) {
                live = new LiveBroker();
                liveBrokerTable.put(key, live);
                log.info("broker registered: cluster={} name={} id={} addr={} ha={}", r.cluster(), r.brokerName(),
                        r.brokerId(), r.brokerAddr(), r.haServerAddr());
            }
            live.lastUpdateMillis = clock.monotonicMillis();
            live.heartbeatTimeoutMillis = r.heartbeatTimeoutMillis() != null && r.heartbeatTimeoutMillis() > 0
                    ? r.heartbeatTimeoutMillis() : null;
            live.dataVersion = incoming == null ? null : incoming.copy();
            live.haServerAddr = r.haServerAddr();
            live.channel = r.channel();
            live.brokerName = r.brokerName();
            live.brokerId = r.brokerId();

            if (!isMaster) {
                String masterAddr = bd.getBrokerAddrs().get(BrokerData.MASTER_ID);
                if (masterAddr != null) {
                    LiveBroker master = liveBrokerTable.get(new BrokerAddr(r.cluster(), masterAddr));
                    return new RegistrationResult(masterAddr, master == null ? null : master.haServerAddr);
                }
            }
            return new RegistrationResult(null, null);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** A broker name and id held by a live broker at another address (see {@link #registerUnlessTaken}). */
    public static final class NameTaken extends Exception {
        private final String holderAddr;

        NameTaken(String message, String holderAddr) {
            super(message);
            this.holderAddr = holderAddr;
        }

        /** Address of the live broker that holds the name and id. */
        public String holderAddr() {
            return holderAddr;
        }
    }

    /**
     * Registers like {@link #register}, unless the broker name and id are held by another address whose broker is
     * alive (registered and not expired): then nothing changes. The check and the registration happen under one
     * lock, so two claimants cannot both pass.
     *
     * @throws NameTaken naming the holder, how long ago it was last heard from and what to do
     */
    public RegistrationResult registerUnlessTaken(Registration r) throws NameTaken {
        lock.writeLock().lock();
        try {
            BrokerData bd = brokerAddrTable.get(r.brokerName());
            String holder = bd == null ? null : bd.getBrokerAddrs().get(r.brokerId());
            if (holder != null && !holder.equals(r.brokerAddr())) {
                LiveBroker live = liveBrokerTable.get(new BrokerAddr(bd.getCluster(), holder));
                long now = clock.monotonicMillis();
                long expiry = live == null ? 0 : live.heartbeatTimeoutMillis != null ? live.heartbeatTimeoutMillis
                        : defaultExpiryMillis.getAsLong();
                if (live != null && now - live.lastUpdateMillis <= expiry) {
                    throw new NameTaken("broker " + r.brokerName() + " id " + r.brokerId() + " of cluster "
                            + bd.getCluster() + " is registered from " + holder + " and alive (last heard "
                            + (now - live.lastUpdateMillis) + " ms ago); a second broker may not take its name and "
                            + "id from " + r.brokerAddr() + ". Stop that broker (its registration then ends at once, "
                            + "or expires after " + expiry + " ms), give this one another brokerName/brokerId, or "
                            + "run the name servers with ACL on, where a registration signed by an admin account "
                            + "may take over", holder);
                }
            }
            return register(r);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Removes one broker address (UNREGISTER_BROKER, or a clean shutdown). When its group has no address left,
     * the group's queue data goes from every topic and emptied topics disappear.
     *
     * @return true when the address was registered
     */
    public boolean unregister(String cluster, String brokerAddr, String brokerName, long brokerId) {
        RemovedBroker removed;
        lock.writeLock().lock();
        try {
            removed = removeLocked(cluster, brokerAddr, brokerName, brokerId, "unregistered");
        } finally {
            lock.writeLock().unlock();
        }
        return removed != null;
    }

    /**
     * Refreshes a broker's last-update time (BROKER_HEARTBEAT, unchanged QUERY_DATA_VERSION).
     *
     * @return false when the broker is not registered
     */
    public boolean touch(String cluster, String brokerAddr) {
        lock.writeLock().lock();
        try {
            LiveBroker live = liveBrokerTable.get(new BrokerAddr(cluster, brokerAddr));
            if (live == null) {
                return false;
            }
            live.lastUpdateMillis = clock.monotonicMillis();
            return true;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** The data version the broker last registered with, or null when unknown. */
    public DataVersion dataVersionOf(String cluster, String brokerAddr) {
        lock.readLock().lock();
        try {
            LiveBroker live = liveBrokerTable.get(new BrokerAddr(cluster, brokerAddr));
            return live == null || live.dataVersion == null ? null : live.dataVersion.copy();
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Drops every broker not heard from within its expiry (its own heartbeatTimeoutMillis, else the default), and
     * closes their connections. Called periodically by the name server; tests call it directly with a fake clock.
     *
     * @return the removed brokers
     */
    public List<RemovedBroker> scanExpired() {
        List<RemovedBroker> removed = new ArrayList<>();
        List<RemotingChannel> toClose = new ArrayList<>();
        lock.writeLock().lock();
        try {
            long now = clock.monotonicMillis();
            long defaultExpiry = defaultExpiryMillis.getAsLong();
            List<Map.Entry<BrokerAddr, LiveBroker>> expired = new ArrayList<>();
            for (Map.Entry<BrokerAddr, LiveBroker> e : liveBrokerTable.entrySet()) {
                LiveBroker live = e.getValue();
                long expiry = live.heartbeatTimeoutMillis != null ? live.heartbeatTimeoutMillis : defaultExpiry;
                if (now - live.lastUpdateMillis > expiry) {
                    expired.add(e);
                }
            }
            for (Map.Entry<BrokerAddr, LiveBroker> e : expired) {
                LiveBroker live = e.getValue();
                RemovedBroker r = removeLocked(e.getKey().cluster(), e.getKey().addr(), live.brokerName,
                        live.brokerId, "not heard from for " + (now - live.lastUpdateMillis) + " ms");
                if (r != null) {
                    removed.add(r);
                    if (live.channel != null) {
                        toClose.add(live.channel);
                    }
                }
            }
        } finally {
            lock.writeLock().unlock();
        }
        for (RemotingChannel ch : toClose) {
            ch.close();
        }
        return removed;
    }

    /**
     * Drops every broker whose latest registration came over {@code channel} (the connection closed). A broker
     * that re-registered over a newer connection is not affected.
     */
    public List<RemovedBroker> onChannelClosed(RemotingChannel channel) {
        List<RemovedBroker> removed = new ArrayList<>();
        lock.writeLock().lock();
        try {
            List<Map.Entry<BrokerAddr, LiveBroker>> matches = new ArrayList<>();
            for (Map.Entry<BrokerAddr, LiveBroker> e : liveBrokerTable.entrySet()) {
                if (e.getValue().channel == channel) {
                    matches.add(e);
                }
            }
            for (Map.Entry<BrokerAddr, LiveBroker> e : matches) {
                RemovedBroker r = removeLocked(e.getKey().cluster(), e.getKey().addr(), e.getValue().brokerName,
                        e.getValue().brokerId, "connection " + channel.remoteAddress() + " closed");
                if (r != null) {
                    removed.add(r);
                }
            }
        } finally {
            lock.writeLock().unlock();
        }
        return removed;
    }

    private RemovedBroker removeLocked(String cluster, String brokerAddr, String brokerName, long brokerId,
                                       String reason) {
        LiveBroker live = liveBrokerTable.remove(new BrokerAddr(cluster, brokerAddr));
        boolean removedAddr = false;
        BrokerData bd = brokerName == null ? null : brokerAddrTable.get(brokerName);
        if (bd != null) {
            removedAddr = bd.getBrokerAddrs().values().removeIf(a -> a.equals(brokerAddr));
            if (bd.getBrokerAddrs().isEmpty()) {
                brokerAddrTable.remove(brokerName);
                Set<String> names = clusterAddrTable.get(bd.getCluster());
                if (names != null) {
                    names.remove(brokerName);
                    if (names.isEmpty()) {
                        clusterAddrTable.remove(bd.getCluster());
                    }
                }
                removeQueueDataOf(brokerName);
            }
        }
        if (live == null && !removedAddr) {
            return null;
        }
        log.info("broker removed: cluster={} name={} id={} addr={} ({})", cluster, brokerName, brokerId, brokerAddr,
                reason);
        return new RemovedBroker(cluster, brokerAddr, brokerName, brokerId, reason);
    }

    private void removeQueueDataOf(String brokerName) {
        Iterator<Map.Entry<String, TreeMap<String, QueueData>>> it = topicQueueTable.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, TreeMap<String, QueueData>> e = it.next();
            if (e.getValue().remove(brokerName) != null && e.getValue().isEmpty()) {
                log.info("topic {} removed: its last broker group {} is gone", e.getKey(), brokerName);
                it.remove();
            }
        }
    }

    private void putQueueData(String topic, QueueData qd) {
        QueueData old = topicQueueTable.computeIfAbsent(topic, k -> new TreeMap<>()).put(qd.getBrokerName(), qd);
        if (old == null) {
            log.debug("topic {} gains queues on {}: {}", topic, qd.getBrokerName(), qd);
        } else if (!old.equals(qd)) {
            log.info("topic {} queues on {} changed: {} -> {}", topic, qd.getBrokerName(), old, qd);
        }
    }

    // ---------------------------------------------------------------- queries

    /**
     * The route of {@code topic}: its queue data (sorted by broker name) and the broker data of those groups.
     *
     * @return null when the topic has no queue data or none of its groups has an address
     */
    public TopicRouteData routeOf(String topic) {
        lock.readLock().lock();
        try {
            TreeMap<String, QueueData> queues = topicQueueTable.get(topic);
            if (queues == null || queues.isEmpty()) {
                return null;
            }
            TopicRouteData route = new TopicRouteData();
            for (QueueData qd : queues.values()) {
                route.getQueueDatas().add(qd.copy());
                BrokerData bd = brokerAddrTable.get(qd.getBrokerName());
                if (bd != null) {
                    route.getBrokerDatas().add(bd.copy());
                }
            }
            return route.getBrokerDatas().isEmpty() ? null : route;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Every broker group by name and the broker names of each cluster (GET_BROKER_CLUSTER_INFO). */
    public ClusterInfo clusterInfo() {
        lock.readLock().lock();
        try {
            ClusterInfo ci = new ClusterInfo();
            brokerAddrTable.forEach((name, bd) -> ci.getBrokerAddrTable().put(name, bd.copy()));
            clusterAddrTable.forEach((cluster, names) -> ci.getClusterAddrTable().put(cluster, new TreeSet<>(names)));
            return ci;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** All topic names. */
    public Set<String> allTopics() {
        lock.readLock().lock();
        try {
            return new TreeSet<>(topicQueueTable.keySet());
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Topics with queue data on at least one broker group of {@code cluster}. */
    public Set<String> topicsOfCluster(String cluster) {
        lock.readLock().lock();
        try {
            Set<String> names = clusterAddrTable.getOrDefault(cluster, Set.of());
            Set<String> topics = new TreeSet<>();
            topicQueueTable.forEach((topic, queues) -> {
                for (String name : queues.keySet()) {
                    if (names.contains(name)) {
                        topics.add(topic);
                        break;
                    }
                }
            });
            return topics;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Cluster and broker names (RocketMQ's "system topics" list) and one master address, or null. */
    public SystemTopics systemTopics() {
        lock.readLock().lock();
        try {
            Set<String> topics = new TreeSet<>(clusterAddrTable.keySet());
            String anyAddr = null;
            for (Set<String> names : clusterAddrTable.values()) {
                topics.addAll(names);
                for (String name : names) {
                    BrokerData bd = brokerAddrTable.get(name);
                    if (anyAddr == null && bd != null) {
                        anyAddr = bd.selectMasterOrAnyAddr();
                    }
                }
            }
            return new SystemTopics(topics, anyAddr);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Result of {@link #systemTopics()}. */
    public record SystemTopics(Set<String> topics, String brokerAddr) {
    }

    /** Topics of which some queue data has all {@code requiredFlags} and none of {@code forbiddenFlags}. */
    public Set<String> topicsWithSysFlags(int requiredFlags, int forbiddenFlags) {
        lock.readLock().lock();
        try {
            Set<String> topics = new TreeSet<>();
            topicQueueTable.forEach((topic, queues) -> {
                for (QueueData qd : queues.values()) {
                    int f = qd.getTopicSysFlag();
                    if ((f & requiredFlags) == requiredFlags && (f & forbiddenFlags) == 0) {
                        topics.add(topic);
                        break;
                    }
                }
            });
            return topics;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Number of live broker addresses. */
    public int liveBrokerCount() {
        lock.readLock().lock();
        try {
            return liveBrokerTable.size();
        } finally {
            lock.readLock().unlock();
        }
    }

    // ---------------------------------------------------------------- admin changes

    /**
     * Deletes a topic: only its queue data on {@code cluster}'s broker groups when a cluster is given, else
     * everywhere.
     *
     * @return true when something was removed
     */
    public boolean deleteTopic(String topic, String cluster) {
        lock.writeLock().lock();
        try {
            TreeMap<String, QueueData> queues = topicQueueTable.get(topic);
            if (queues == null) {
                return false;
            }
            boolean changed;
            if (cluster == null || cluster.isEmpty()) {
                topicQueueTable.remove(topic);
                changed = true;
            } else {
                Set<String> names = clusterAddrTable.getOrDefault(cluster, Set.of());
                changed = queues.keySet().removeIf(names::contains);
                if (queues.isEmpty()) {
                    topicQueueTable.remove(topic);
                }
            }
            if (changed) {
                log.info("topic {} deleted{}", topic, cluster == null || cluster.isEmpty() ? "" : " from " + cluster);
            }
            return changed;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Adds or replaces a topic's queue data (REGISTER_TOPIC_IN_NAMESRV); queue data of broker names that are not
     * registered is ignored.
     *
     * @return how many queue data entries were stored
     */
    public int registerTopic(String topic, List<QueueData> queueDatas) {
        lock.writeLock().lock();
        try {
            int n = 0;
            for (QueueData qd : queueDatas) {
                if (qd != null && qd.getBrokerName() != null && brokerAddrTable.containsKey(qd.getBrokerName())) {
                    putQueueData(topic, qd.copy());
                    n++;
                }
            }
            return n;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Clears WRITE on every topic's queue data of {@code brokerName}; returns how many topics changed. */
    public int wipeWritePerm(String brokerName) {
        return updatePerm(brokerName, perm -> perm & ~PermName.PERM_WRITE);
    }

    /** Sets READ|WRITE on every topic's queue data of {@code brokerName}; returns how many topics were touched. */
    public int addWritePerm(String brokerName) {
        return updatePerm(brokerName, perm -> PermName.PERM_READ | PermName.PERM_WRITE);
    }

    private int updatePerm(String brokerName, java.util.function.IntUnaryOperator op) {
        lock.writeLock().lock();
        try {
            int count = 0;
            for (TreeMap<String, QueueData> queues : topicQueueTable.values()) {
                QueueData qd = queues.get(brokerName);
                if (qd != null) {
                    qd.setPerm(op.applyAsInt(qd.getPerm()));
                    count++;
                }
            }
            return count;
        } finally {
            lock.writeLock().unlock();
        }
    }
}
