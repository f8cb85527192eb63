package io.ferrymq.client.internal;

import io.ferrymq.client.MessageQueue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Immutable client-side view of one topic's route from the name server: which broker groups hold how many
 * queues with which permission, and the addresses of each group (id 0 = master). Derives the publish queues
 * (writable queues on groups that have a master) and the subscribe queues (readable queues).
 *
 * @param topic          the topic
 * @param queues         queue data per broker group
 * @param brokers        addresses per broker group
 * @param orderTopicConf {@code brokerName:queueNum;...} when the topic is globally ordered, else null
 */
public record TopicRoute(String topic, List<QueueInfo> queues, List<BrokerInfo> brokers, String orderTopicConf) {
    /** Permission bit: queues may be read. */
    public static final int PERM_READ = 4;
    /** Permission bit: queues may be written. */
    public static final int PERM_WRITE = 2;
    /** Key of the master in {@link BrokerInfo#addresses()}. */
    public static final long MASTER_ID = 0L;

    /** Queue counts and permission of one broker group for this topic. */
    public record QueueInfo(String brokerName, int readQueueNums, int writeQueueNums, int perm) {
    }

    /**
     * One broker group.
     *
     * @param cluster    cluster name
     * @param brokerName group name
     * @param addresses  broker id → "ip:port" (0 = master), sorted by id
     */
    public record BrokerInfo(String cluster, String brokerName, Map<Long, String> addresses) {
        public BrokerInfo {
            addresses = Collections.unmodifiableMap(new TreeMap<>(addresses));
        }

        /** Master address or null. */
        public String masterAddress() {
            return addresses.get(MASTER_ID);
        }
    }

    public TopicRoute {
        queues = List.copyOf(queues);
        brokers = List.copyOf(brokers);
    }

    /** The group named {@code brokerName}, or null. */
    public BrokerInfo broker(String brokerName) {
        for (BrokerInfo b : brokers) {
            if (b.brokerName().equals(brokerName)) {
                return b;
            }
        }
        return null;
    }

    /**
     * Writable queues, brokers sorted by name, queue ids ascending; only groups with a master. With an
     * {@link #orderTopicConf} exactly the configured queues.
     */
    public List<MessageQueue> publishQueues() {
        List<MessageQueue> out = new ArrayList<>();
        if (orderTopicConf != null && !orderTopicConf.isBlank()) {
            for (String part : orderTopicConf.split(";")) {
                String[] kv = part.split(":");
                if (kv.length == 2) {
                    int n = Integer.parseInt(kv[1].trim());
                    for (int i = 0; i < n; i++) {
                        out.add(new MessageQueue(topic, kv[0].trim(), i));
                    }
                }
            }
            return out;
        }
        List<QueueInfo> sorted = new ArrayList<>(queues);
        sorted.sort(Comparator.comparing(QueueInfo::brokerName));
        for (QueueInfo q : sorted) {
            if ((q.perm() & PERM_WRITE) == 0) {
                continue;
            }
            BrokerInfo b = broker(q.brokerName());
            if (b == null || b.masterAddress() == null) {
                continue;
            }
            for (int i = 0; i < q.writeQueueNums(); i++) {
                out.add(new MessageQueue(topic, q.brokerName(), i));
            }
        }
        return out;
    }

    /** Readable queues, sorted (topic, broker name, queue id). */
    public List<MessageQueue> subscribeQueues() {
        List<MessageQueue> out = new ArrayList<>();
        for (QueueInfo q : queues) {
            if ((q.perm() & PERM_READ) == 0) {
                continue;
            }
            for (int i = 0; i < q.readQueueNums(); i++) {
                out.add(new MessageQueue(topic, q.brokerName(), i));
            }
        }
        Collections.sort(out);
        return out;
    }

    /** Every broker address of the route, by group name. */
    public Map<String, BrokerInfo> brokersByName() {
        Map<String, BrokerInfo> m = new HashMap<>();
        for (BrokerInfo b : brokers) {
            m.put(b.brokerName(), b);
        }
        return m;
    }

    /**
     * Address to read {@code brokerName} from: broker id {@code preferredId} if present, else the master, else
     * the next id, else any (a slave when the master is gone from the route); null when the group is unknown.
     */
    public String readAddress(String brokerName, long preferredId) {
        BrokerInfo b = broker(brokerName);
        if (b == null || b.addresses().isEmpty()) {
            return null;
        }
        String a = b.addresses().get(preferredId);
        if (a == null) {
            a = b.addresses().get(MASTER_ID);
        }
        if (a == null) {
            a = b.addresses().get(preferredId + 1);
        }
        if (a == null) {
            a = b.addresses().values().iterator().next();
        }
        return a;
    }

    /** Whether both routes carry the same data (ignoring list order of brokers). */
    public boolean sameAs(TopicRoute o) {
        return o != null && Objects.equals(new HashMap<>(brokersByName()), new HashMap<>(o.brokersByName()))
            && new java.util.HashSet<>(queues).equals(new java.util.HashSet<>(o.queues))
            && Objects.equals(orderTopicConf, o.orderTopicConf);
    }
}
