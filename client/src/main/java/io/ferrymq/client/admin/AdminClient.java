package io.ferrymq.client.admin;

import io.ferrymq.client.BrokerException;
import io.ferrymq.client.ClientException;
import io.ferrymq.client.MessageQueue;
import io.ferrymq.client.ReceivedMessage;
import io.ferrymq.client.internal.BrokerRpc;
import io.ferrymq.client.internal.ClientInstance;
import io.ferrymq.client.internal.PullResult;
import io.ferrymq.client.internal.TopicRoute;
import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.common.message.MessageConst;
import io.ferrymq.common.message.MessageIds;
import io.ferrymq.remoting.protocol.Json;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.ResponseCode;
import io.ferrymq.remoting.protocol.body.ConsumeStats;
import io.ferrymq.remoting.protocol.body.Connection;
import io.ferrymq.remoting.protocol.body.ConsumerConnection;
import io.ferrymq.remoting.protocol.body.KVTable;
import io.ferrymq.remoting.protocol.body.OffsetWrapper;
import io.ferrymq.remoting.protocol.body.ResetOffsetBody;
import io.ferrymq.remoting.protocol.body.SubscriptionData;
import io.ferrymq.remoting.protocol.body.TopicList;
import io.ferrymq.remoting.protocol.body.TopicOffset;
import io.ferrymq.remoting.protocol.body.TopicStatsTable;
import io.ferrymq.remoting.protocol.route.BrokerData;
import io.ferrymq.remoting.protocol.route.ClusterInfo;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Operates a cluster: topics (create/update on every master of a cluster, expand/shrink queues, delete
 * everywhere), cluster and broker info, routes and topic stats, consumer groups (progress with lag per queue,
 * connections, reset offsets by time, delete), and message lookup by id, key or queue offset.
 *
 * <pre>{@code
 * try (AdminClient admin = new AdminClient(new AdminConfig().nameServers("127.0.0.1:9876")).start()) {
 *     admin.createTopic("DefaultCluster", "TopicA", 8);
 *     System.out.println(admin.consumerProgress("CG").totalLag());
 * }
 * }</pre>
 *
 * <p>Every call is synchronous and throws {@link ClientException} / {@link BrokerException} naming the broker,
 * topic and code on failure. Thread-safe.
 */
public final class AdminClient implements AutoCloseable {
    /** Default permission of created topics: read and write. */
    public static final int PERM_READ_WRITE = TopicRoute.PERM_READ | TopicRoute.PERM_WRITE;
    /** Trace messages read per trace query (each holds one or a few records). */
    static final int TRACE_QUERY_MAX = 64;
    private static final String TOOLS_GROUP = "TOOLS_CONSUMER";

    private final AdminConfig config;
    private ClientInstance instance;
    private volatile boolean stopped;

    public AdminClient(AdminConfig config) {
        this.config = config;
    }

    /** Validates the configuration and connects lazily. */
    public synchronized AdminClient start() {
        if (stopped) {
            throw new IllegalStateException("admin client was shut down; create a new one");
        }
        if (instance == null) {
            config.validate();
            instance = new ClientInstance(config, "ferry-admin");
            instance.start();
        }
        return this;
    }

    private ClientInstance inst() {
        if (instance == null || stopped) {
            throw new IllegalStateException("admin client is " + (stopped ? "shut down" : "not started"));
        }
        return instance;
    }

    private long timeout() {
        return config.rpcTimeoutMillis();
    }

    // ------------------------------------------------------------------ cluster

    /** Clusters and broker groups from the name server. */
    public ClusterView clusterInfo() {
        RemotingCommand resp = inst().nameServers().invokeOk(
            () -> RemotingCommand.request(RequestCode.GET_BROKER_CLUSTER_INFO), timeout(), "get cluster info", null);
        ClusterInfo ci = Json.parse(resp.body(), ClusterInfo.class);
        Map<String, Set<String>> clusters = new TreeMap<>();
        Map<String, BrokerGroup> brokers = new TreeMap<>();
        if (ci != null) {
            ci.getClusterAddrTable().forEach((c, names) -> clusters.put(c, Set.copyOf(names)));
            ci.getBrokerAddrTable().forEach((name, bd) -> brokers.put(name, group(bd)));
        }
        return new ClusterView(clusters, brokers);
    }

    private static BrokerGroup group(BrokerData bd) {
        return new BrokerGroup(bd.getCluster(), bd.getBrokerName(),
            Map.copyOf(bd.getBrokerAddrs() == null ? Map.of() : bd.getBrokerAddrs()));
    }

    /** Broker groups of {@code cluster}. */
    public List<BrokerGroup> brokersOf(String cluster) {
        ClusterView v = clusterInfo();
        Set<String> names = v.clusters().get(cluster);
        if (names == null) {
            throw new ClientException("cluster " + cluster + " is unknown to the name servers; known: "
                + v.clusters().keySet(), false);
        }
        List<BrokerGroup> out = new ArrayList<>();
        for (String n : names) {
            BrokerGroup g = v.brokers().get(n);
            if (g != null) {
                out.add(g);
            }
        }
        return out;
    }

    private List<String> masters(String cluster) {
        List<String> out = new ArrayList<>();
        for (BrokerGroup g : brokersOf(cluster)) {
            if (g.master() != null) {
                out.add(g.master());
            }
        }
        if (out.isEmpty()) {
            throw new ClientException("cluster " + cluster + " has no master broker online", true);
        }
        return out;
    }

    /** GET_BROKER_RUNTIME_INFO of one broker ("ip:port"): the broker's status table. */
    public Map<String, String> brokerRuntimeInfo(String brokerAddr) {
        RemotingCommand resp = inst().rpc().callOk(brokerAddr,
            RemotingCommand.request(RequestCode.GET_BROKER_RUNTIME_INFO), timeout(), "get broker runtime info", null,
            null);
        KVTable t = Json.parse(resp.body(), KVTable.class);
        return t == null ? Map.of() : new TreeMap<>(t.getTable());
    }

    // ------------------------------------------------------------------ topics

    /** Creates (or updates) {@code topic} with {@code queueNums} read and write queues on every master. */
    public void createTopic(String cluster, String topic, int queueNums) {
        createOrUpdateTopic(cluster, topic, queueNums, queueNums, PERM_READ_WRITE, false);
    }

    /**
     * Creates or updates {@code topic} on every master of {@code cluster} (UPDATE_AND_CREATE_TOPIC). Also how
     * queue counts are expanded or shrunk.
     *
     * @throws BrokerException naming the first broker that refused
     */
    public void createOrUpdateTopic(String cluster, String topic, int readQueueNums, int writeQueueNums, int perm,
                                    boolean order) {
        io.ferrymq.client.internal.MessageCodec.checkTopic(topic);
        if (readQueueNums < 1 || writeQueueNums < 1 || readQueueNums > 1024 || writeQueueNums > 1024) {
            throw new ClientException("queue counts must be in [1, 1024], got read " + readQueueNums + " write "
                + writeQueueNums, false);
        }
        for (String addr : masters(cluster)) {
            RemotingCommand req = RemotingCommand.request(RequestCode.UPDATE_AND_CREATE_TOPIC);
            req.putExt("topic", topic);
            req.putExt("defaultTopic", "TBW102");
            req.putExt("readQueueNums", Integer.toString(readQueueNums));
            req.putExt("writeQueueNums", Integer.toString(writeQueueNums));
            req.putExt("perm", Integer.toString(perm));
            req.putExt("topicFilterType", "SINGLE_TAG");
            req.putExt("topicSysFlag", "0");
            req.putExt("order", Boolean.toString(order));
            inst().rpc().callOk(addr, req, timeout(), "create/update topic", null, topic);
        }
    }

    /**
     * Creates or updates {@code topic} on one broker only (a chosen broker group's master). The broker registers
     * it with the name servers on its own.
     */
    public void createOrUpdateTopicOn(String brokerAddr, String topic, int readQueueNums, int writeQueueNums,
                                      int perm) {
        io.ferrymq.client.internal.MessageCodec.checkTopic(topic);
        if (readQueueNums < 1 || writeQueueNums < 1 || readQueueNums > 1024 || writeQueueNums > 1024) {
            throw new ClientException("queue counts must be in [1, 1024], got read " + readQueueNums + " write "
                + writeQueueNums, false);
        }
        RemotingCommand req = RemotingCommand.request(RequestCode.UPDATE_AND_CREATE_TOPIC);
        req.putExt("topic", topic);
        req.putExt("defaultTopic", "TBW102");
        req.putExt("readQueueNums", Integer.toString(readQueueNums));
        req.putExt("writeQueueNums", Integer.toString(writeQueueNums));
        req.putExt("perm", Integer.toString(perm));
        req.putExt("topicFilterType", "SINGLE_TAG");
        req.putExt("topicSysFlag", "0");
        req.putExt("order", "false");
        inst().rpc().callOk(brokerAddr, req, timeout(), "create/update topic", null, topic);
    }

    /** Sets the queue counts of an existing topic on every master (expand or shrink). */
    public void updateQueueNums(String cluster, String topic, int readQueueNums, int writeQueueNums) {
        createOrUpdateTopic(cluster, topic, readQueueNums, writeQueueNums, PERM_READ_WRITE, false);
    }

    /** Deletes {@code topic} from every broker of {@code cluster} and from every name server. */
    public void deleteTopic(String cluster, String topic) {
        for (BrokerGroup g : brokersOf(cluster)) {
            for (String addr : g.addresses().values()) {
                RemotingCommand req = RemotingCommand.request(RequestCode.DELETE_TOPIC_IN_BROKER);
                req.putExt("topic", topic);
                inst().rpc().callOk(addr, req, timeout(), "delete topic", g.brokerName(), topic);
            }
        }
        List<String> failures = inst().nameServers().invokeAll(() -> {
            RemotingCommand req = RemotingCommand.request(RequestCode.DELETE_TOPIC_IN_NAMESRV);
            req.putExt("topic", topic);
            req.putExt("clusterName", cluster);
            return req;
        }, timeout(), "delete topic " + topic + " in name servers");
        if (!failures.isEmpty()) {
            throw new ClientException("topic " + topic + " deleted on brokers but not on name servers: " + failures,
                true);
        }
    }

    /** Every topic the name server knows. */
    public Set<String> topics() {
        RemotingCommand resp = inst().nameServers().invokeOk(
            () -> RemotingCommand.request(RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER), timeout(), "list topics",
            null);
        TopicList l = Json.parse(resp.body(), TopicList.class);
        return l == null ? Set.of() : new HashSet<>(l.getTopicList());
    }

    /** Route of {@code topic}. */
    public TopicRouteInfo topicRoute(String topic) {
        TopicRoute r = route(topic);
        List<TopicRouteInfo.Queues> qs = new ArrayList<>();
        for (TopicRoute.QueueInfo q : r.queues()) {
            qs.add(new TopicRouteInfo.Queues(q.brokerName(), q.readQueueNums(), q.writeQueueNums(), q.perm()));
        }
        List<BrokerGroup> bs = new ArrayList<>();
        for (TopicRoute.BrokerInfo b : r.brokers()) {
            bs.add(new BrokerGroup(b.cluster(), b.brokerName(), b.addresses()));
        }
        return new TopicRouteInfo(topic, qs, bs);
    }

    private TopicRoute route(String topic) {
        TopicRoute r = inst().fetchRoute(topic);
        if (r == null) {
            throw new ClientException("topic " + topic + " does not exist on name servers "
                + inst().nameServers().addresses(), false);
        }
        return r;
    }

    /** Min/max offsets of every queue of {@code topic}, from each broker group's master. */
    public Map<MessageQueue, QueueStats> topicStats(String topic) {
        Map<MessageQueue, QueueStats> out = new TreeMap<>();
        for (TopicRoute.BrokerInfo b : route(topic).brokers()) {
            String addr = b.masterAddress() != null ? b.masterAddress()
                : b.addresses().values().stream().findFirst().orElse(null);
            if (addr == null) {
                continue;
            }
            RemotingCommand req = RemotingCommand.request(RequestCode.GET_TOPIC_STATS_INFO);
            req.putExt("topic", topic);
            RemotingCommand resp = inst().rpc().callOk(addr, req, timeout(), "get topic stats", b.brokerName(),
                topic);
            TopicStatsTable t = Json.parse(resp.body(), TopicStatsTable.class);
            if (t != null) {
                for (Map.Entry<io.ferrymq.remoting.protocol.body.MessageQueue, TopicOffset> e
                    : t.getOffsetTable().entrySet()) {
                    TopicOffset o = e.getValue();
                    out.put(BrokerRpc.fromWire(e.getKey()), new QueueStats(o.getMinOffset(), o.getMaxOffset(),
                        o.getLastUpdateTimestamp()));
                }
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ consumer groups

    /** Progress (committed offset, queue end, lag) of {@code group} on all its topics. */
    public ConsumerProgress consumerProgress(String group) {
        return consumerProgress(group, null);
    }

    /** Progress of {@code group} on {@code topic} (or all its topics when null). */
    public ConsumerProgress consumerProgress(String group, String topic) {
        TopicRoute r = route(topic != null ? topic : "%RETRY%" + group);
        Map<MessageQueue, QueueProgress> out = new TreeMap<>();
        double tps = 0;
        for (TopicRoute.BrokerInfo b : r.brokers()) {
            String addr = b.masterAddress();
            if (addr == null) {
                continue;
            }
            RemotingCommand req = RemotingCommand.request(RequestCode.GET_CONSUME_STATS);
            req.putExt("consumerGroup", group);
            req.putExt("topic", topic);
            RemotingCommand resp = inst().rpc().callOk(addr, req, timeout(), "get consume stats of " + group,
                b.brokerName(), topic);
            ConsumeStats cs = Json.parse(resp.body(), ConsumeStats.class);
            if (cs != null) {
                tps += cs.getConsumeTps();
                for (Map.Entry<io.ferrymq.remoting.protocol.body.MessageQueue, OffsetWrapper> e
                    : cs.getOffsetTable().entrySet()) {
                    OffsetWrapper w = e.getValue();
                    out.put(BrokerRpc.fromWire(e.getKey()), new QueueProgress(w.getBrokerOffset(),
                        w.getConsumerOffset(), w.getLastTimestamp()));
                }
            }
        }
        return new ConsumerProgress(group, out, tps);
    }

    /** Online consumers of {@code group} (asked from the first broker group of its retry topic that knows it). */
    public ConsumerConnections consumerConnections(String group) {
        TopicRoute r = route("%RETRY%" + group);
        BrokerException last = null;
        for (TopicRoute.BrokerInfo b : r.brokers()) {
            String addr = b.masterAddress();
            if (addr == null) {
                continue;
            }
            RemotingCommand req = RemotingCommand.request(RequestCode.GET_CONSUMER_CONNECTION_LIST);
            req.putExt("consumerGroup", group);
            RemotingCommand resp = inst().rpc().call(addr, req, timeout(), "get consumer connections",
                b.brokerName(), null);
            if (resp.code() != ResponseCode.SUCCESS) {
                last = new BrokerException("get consumer connections of " + group, b.brokerName(), addr, null,
                    resp.code(), resp.remark());
                continue;
            }
            ConsumerConnection cc = Json.parse(resp.body(), ConsumerConnection.class);
            Set<ClientConnection> conns = new HashSet<>();
            for (Connection c : cc.getConnectionSet()) {
                conns.add(new ClientConnection(c.getClientId(), c.getClientAddr(),
                    c.getLanguage() == null ? null : c.getLanguage().name(), c.getVersion()));
            }
            Map<String, String> subs = new TreeMap<>();
            for (Map.Entry<String, SubscriptionData> e : cc.getSubscriptionTable().entrySet()) {
                subs.put(e.getKey(), e.getValue().getSubString());
            }
            return new ConsumerConnections(conns, name(cc.getMessageModel()), name(cc.getConsumeType()),
                name(cc.getConsumeFromWhere()), subs);
        }
        throw last != null ? last : new ClientException("group " + group + " has no broker with a master", true);
    }

    /**
     * Asks the online consumer {@code clientId} of {@code group} (through a broker it is connected to) for its
     * running state.
     */
    public ConsumerRuntime consumerRuntime(String group, String clientId) {
        TopicRoute r = route("%RETRY%" + group);
        ClientException last = null;
        for (TopicRoute.BrokerInfo b : r.brokers()) {
            String addr = b.masterAddress();
            if (addr == null) {
                continue;
            }
            RemotingCommand req = RemotingCommand.request(RequestCode.GET_CONSUMER_RUNNING_INFO);
            req.putExt("consumerGroup", group);
            req.putExt("clientId", clientId);
            req.putExt("jstackEnable", "false");
            RemotingCommand resp = inst().rpc().call(addr, req, timeout(), "get consumer running info",
                b.brokerName(), null);
            if (resp.code() != ResponseCode.SUCCESS) {
                last = new BrokerException("get running info of " + clientId + " in " + group, b.brokerName(), addr,
                    null, resp.code(), resp.remark());
                continue;
            }
            io.ferrymq.remoting.protocol.body.ConsumerRunningInfo info = Json.parse(resp.body(),
                io.ferrymq.remoting.protocol.body.ConsumerRunningInfo.class);
            Map<String, String> subs = new TreeMap<>();
            for (SubscriptionData d : info.getSubscriptionSet()) {
                subs.put(d.getTopic(), d.getSubString());
            }
            return new ConsumerRuntime(new TreeMap<>(info.getProperties()), subs);
        }
        throw last != null ? last : new ClientException("group " + group + " has no broker with a master", true);
    }

    private static String name(Enum<?> e) {
        return e == null ? null : e.name();
    }

    /**
     * Moves the committed offsets of {@code group} on {@code topic} to the first message stored at or after
     * {@code timestamp} (epoch ms). Asks each master to do it and notify online consumers
     * (INVOKE_BROKER_TO_RESET_OFFSET); a broker that does not support that gets the offsets committed directly
     * (effective for offline groups).
     *
     * @return the new offset per queue
     */
    public Map<MessageQueue, Long> resetOffsetByTimestamp(String group, String topic, long timestamp) {
        Map<MessageQueue, Long> out = new TreeMap<>();
        TopicRoute r = route(topic);
        for (TopicRoute.BrokerInfo b : r.brokers()) {
            String addr = b.masterAddress();
            if (addr == null) {
                continue;
            }
            RemotingCommand req = RemotingCommand.request(RequestCode.INVOKE_BROKER_TO_RESET_OFFSET);
            req.putExt("topic", topic);
            req.putExt("group", group);
            req.putExt("timestamp", Long.toString(timestamp));
            req.putExt("isForce", "true");
            req.putExt("queueId", "-1");
            RemotingCommand resp = inst().rpc().call(addr, req, timeout(), "reset offsets", b.brokerName(), topic);
            if (resp.code() == ResponseCode.SUCCESS) {
                ResetOffsetBody body = Json.parse(resp.body(), ResetOffsetBody.class);
                if (body != null) {
                    body.getOffsetTable().forEach((q, o) -> out.put(BrokerRpc.fromWire(q), o));
                }
                continue;
            }
            if (resp.code() != ResponseCode.REQUEST_CODE_NOT_SUPPORTED) {
                throw new BrokerException("reset offsets of " + group, b.brokerName(), addr, topic, resp.code(),
                    resp.remark());
            }
            for (MessageQueue q : r.subscribeQueues()) {
                if (!q.brokerName().equals(b.brokerName())) {
                    continue;
                }
                long o = inst().rpc().searchOffset(addr, q, timestamp, timeout());
                inst().rpc().updateConsumerOffset(addr, group, q, o, timeout());
                out.put(q, o);
            }
        }
        return out;
    }

    /** Deletes subscription group {@code group} (and its offsets) on every master of {@code cluster}. */
    public void deleteSubscriptionGroup(String cluster, String group) {
        for (String addr : masters(cluster)) {
            deleteSubscriptionGroupOn(addr, group);
        }
    }

    /**
     * DELETE_SUBSCRIPTIONGROUP on one broker (master or slave), with its offsets and its retry and DLQ topics. A
     * slave keeps its own copy of the group's offsets and pushes offsets its master lacks back to it, which would
     * bring a group deleted on the master only back to life.
     */
    public void deleteSubscriptionGroupOn(String brokerAddr, String group) {
        RemotingCommand req = RemotingCommand.request(RequestCode.DELETE_SUBSCRIPTIONGROUP);
        req.putExt("groupName", group);
        req.putExt("cleanOffset", "true");
        inst().rpc().callOk(brokerAddr, req, timeout(), "delete subscription group " + group, null, null);
    }

    // ------------------------------------------------------------------ messages

    /**
     * Looks a message up by id: an offset message id (from a send result's {@code offsetMsgId}) is read from the
     * broker it encodes; otherwise (a producer message id) the brokers of {@code topic} are searched by unique
     * key.
     *
     * @throws ClientException when not found
     */
    public ReceivedMessage queryMessageById(String topic, String msgId) {
        try {
            MessageIds.OffsetMsgId id = MessageIds.decodeOffsetMsgId(msgId);
            InetSocketAddress a = id.storeHost();
            String addr = a.getAddress().getHostAddress() + ":" + a.getPort();
            return inst().rpc().viewMessage(addr, id.commitLogOffset(), Math.min(timeout(), 1000));
        } catch (RuntimeException e) {
            // not an offset id, or that broker does not have it: search by unique key
        }
        List<ReceivedMessage> found = query(topic, msgId, true, 32, 0, Long.MAX_VALUE);
        for (ReceivedMessage m : found) {
            if (msgId.equals(m.msgId())) {
                return m;
            }
        }
        throw new ClientException("message " + msgId + " not found in topic " + topic, false);
    }

    /** Messages of {@code topic} whose KEYS contain {@code key}, stored in [begin, end] (epoch ms). */
    public List<ReceivedMessage> queryMessageByKey(String topic, String key, int maxNum, long begin, long end) {
        List<ReceivedMessage> out = new ArrayList<>();
        for (ReceivedMessage m : query(topic, key, false, maxNum, begin, end)) {
            String keys = m.keys();
            if (keys != null && List.of(keys.split(MessageConst.KEY_SEPARATOR)).contains(key)) {
                out.add(m);
            }
        }
        return out;
    }

    private List<ReceivedMessage> query(String topic, String key, boolean unique, int maxNum, long begin,
                                        long end) {
        List<ReceivedMessage> out = new ArrayList<>();
        for (TopicRoute.BrokerInfo b : route(topic).brokers()) {
            String addr = b.masterAddress() != null ? b.masterAddress()
                : b.addresses().values().stream().findFirst().orElse(null);
            if (addr != null) {
                out.addAll(inst().rpc().queryMessage(addr, b.brokerName(), topic, key, unique, maxNum, begin, end,
                    timeout()));
            }
        }
        return out;
    }

    /** The official client's default trace topic. */
    public static final String DEFAULT_TRACE_TOPIC = "RMQ_SYS_TRACE_TOPIC";

    /**
     * The trace of message {@code msgId}: the records clients with message trace enabled wrote to
     * {@code traceTopic} (indexed by the traced message id as a key), decoded and in time order, plus the stored
     * message when the send record names its topic.
     *
     * @throws ClientException when the trace topic has no route
     */
    public MessageTrace queryMessageTrace(String traceTopic, String msgId) {
        List<TraceRecord> records = new ArrayList<>();
        List<String> undecodable = new ArrayList<>();
        for (ReceivedMessage m : queryMessageByKey(traceTopic, msgId, TRACE_QUERY_MAX, 0, Long.MAX_VALUE)) {
            String host = m.bornHost() == null ? null : m.bornHost().getAddress().getHostAddress() + ":"
                + m.bornHost().getPort();
            try {
                for (TraceRecord r : TraceData.decode(new String(m.body(), java.nio.charset.StandardCharsets.UTF_8),
                    host)) {
                    if (msgId.equals(r.msgId())) {
                        records.add(r);
                    }
                }
            } catch (IllegalArgumentException e) {
                undecodable.add(m.msgId() + ": " + e.getMessage());
            }
        }
        java.util.Map<String, String> groupByRequest = new java.util.HashMap<>();
        for (TraceRecord r : records) {
            if (r.type() == TraceRecord.Type.SUB_BEFORE && r.requestId() != null) {
                groupByRequest.put(r.requestId(), r.group());
            }
        }
        List<TraceRecord> resolved = new ArrayList<>();
        for (TraceRecord r : records) {
            resolved.add(r.type() == TraceRecord.Type.SUB_AFTER && r.group() == null
                ? r.withGroupAndClient(groupByRequest.get(r.requestId()), r.clientHost()) : r);
        }
        resolved.sort(java.util.Comparator.comparingLong((TraceRecord r) -> r.timestamp() < 0 ? Long.MAX_VALUE
            : r.timestamp()).thenComparing(r -> r.type().ordinal()));
        ReceivedMessage stored = null;
        for (TraceRecord r : resolved) {
            if (r.type() == TraceRecord.Type.PUB && r.topic() != null && r.success()) {
                try {
                    stored = queryMessageById(r.topic(), r.offsetMsgId() != null && !r.offsetMsgId().isEmpty()
                        && !"null".equals(r.offsetMsgId()) ? r.offsetMsgId() : msgId);
                } catch (ClientException e) {
                    // the message may be gone (retention) while its trace remains; the trace is still shown
                }
                break;
            }
        }
        return new MessageTrace(msgId, traceTopic, List.copyOf(resolved), stored, List.copyOf(undecodable));
    }

    /** The message at {@code offset} of {@code queue}, or null when there is none. */
    public ReceivedMessage queryMessageByOffset(MessageQueue queue, long offset) {
        TopicRoute r = route(queue.topic());
        String addr = r.readAddress(queue.brokerName(), 0);
        if (addr == null) {
            throw new ClientException("broker " + queue.brokerName() + " is not in the route of " + queue.topic(),
                false);
        }
        BrokerRpc.PullSpec spec = new BrokerRpc.PullSpec(TOOLS_GROUP, queue, offset, 1, 4, 0, 0, "*", "TAG", 0,
            Integer.MAX_VALUE, false);
        try {
            PullResult pr = inst().rpc().pullAsync(addr, spec, timeout()).get(timeout() + 1000,
                TimeUnit.MILLISECONDS);
            for (ReceivedMessage m : pr.messages()) {
                if (m.queueOffset() == offset) {
                    return m;
                }
            }
            return null;
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof ClientException ce) {
                throw ce;
            }
            throw new ClientException("query " + queue + " at " + offset + " failed: " + e.getCause(), e, true);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new ClientException("query " + queue + " at " + offset + " timed out", e, true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClientException("interrupted", e, true);
        }
    }

    // ------------------------------------------------------------------ one broker (the console's calls)

    /** GET_BROKER_CONFIG of one broker ("ip:port"): its settings, sorted by key. */
    public Map<String, String> brokerConfig(String brokerAddr) {
        RemotingCommand resp = inst().rpc().callOk(brokerAddr, RemotingCommand.request(RequestCode.GET_BROKER_CONFIG),
            timeout(), "get broker config", null, null);
        java.util.Properties p = new java.util.Properties();
        try {
            p.load(new java.io.StringReader(resp.body() == null ? ""
                : new String(resp.body(), java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.io.IOException | IllegalArgumentException e) {
            throw new ClientException("broker " + brokerAddr + " sent an unreadable configuration: " + e, false);
        }
        Map<String, String> out = new TreeMap<>();
        p.forEach((k, v) -> out.put(k.toString(), v.toString()));
        return out;
    }

    /**
     * UPDATE_BROKER_CONFIG on one broker: validated by the broker as a whole (nothing changes when a key is
     * refused).
     *
     * @return the broker's remark (e.g. which keys only take effect after a restart), or null
     * @throws BrokerException naming the refused key
     */
    public String updateBrokerConfig(String brokerAddr, Map<String, String> changes) {
        java.util.Properties p = new java.util.Properties();
        p.putAll(changes);
        java.io.StringWriter w = new java.io.StringWriter();
        try {
            p.store(w, null);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        RemotingCommand req = RemotingCommand.request(RequestCode.UPDATE_BROKER_CONFIG)
            .body(w.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return inst().rpc().callOk(brokerAddr, req, timeout(), "update broker config", null, null).remark();
    }

    /** Statistic names of {@link #trafficStats}: messages stored into a topic (key: the topic). */
    public static final String STATS_TOPIC_PUT_NUMS = "TOPIC_PUT_NUMS";
    /** Statistic names of {@link #trafficStats}: messages a group pulled from a topic (key: {@code topic@group}). */
    public static final String STATS_GROUP_GET_NUMS = "GROUP_GET_NUMS";

    /**
     * One traffic statistic of one broker (VIEW_BROKER_STATS_DATA), e.g. {@link #STATS_TOPIC_PUT_NUMS} of a topic
     * or {@link #STATS_GROUP_GET_NUMS} of {@code topic@group}. A key the broker has counted nothing for yet is
     * answered with {@link TrafficStats#NONE}.
     *
     * @throws BrokerException when the broker does not answer it otherwise (e.g. an unknown statistic name)
     */
    public TrafficStats trafficStats(String brokerAddr, String statsName, String statsKey) {
        RemotingCommand req = RemotingCommand.request(RequestCode.VIEW_BROKER_STATS_DATA,
            new io.ferrymq.remoting.protocol.header.ViewBrokerStatsDataRequestHeader(statsName, statsKey));
        RemotingCommand resp = inst().rpc().call(brokerAddr, req, timeout(), "view broker stats " + statsName,
            null, null);
        if (resp.code() == io.ferrymq.remoting.protocol.ResponseCode.SYSTEM_ERROR && resp.remark() != null
            && resp.remark().endsWith("> not exist")) {
            return TrafficStats.NONE; // RocketMQ's answer for a key with no counter yet
        }
        if (resp.code() != io.ferrymq.remoting.protocol.ResponseCode.SUCCESS) {
            throw new BrokerException("view broker stats " + statsName + " " + statsKey, null, brokerAddr, null,
                resp.code(), resp.remark());
        }
        io.ferrymq.remoting.protocol.body.BrokerStatsData d = Json.parse(resp.body(),
            io.ferrymq.remoting.protocol.body.BrokerStatsData.class);
        return d == null ? TrafficStats.NONE : new TrafficStats(d.getStatsMinute().getTps(),
            d.getStatsHour().getTps(), d.getStatsDay().getSum());
    }

    /** Names of the subscription groups one broker knows (GET_ALL_SUBSCRIPTIONGROUP_CONFIG). */
    public Set<String> subscriptionGroups(String brokerAddr) {
        RemotingCommand resp = inst().rpc().callOk(brokerAddr,
            RemotingCommand.request(RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG), timeout(), "list groups", null,
            null);
        io.ferrymq.remoting.protocol.body.SubscriptionGroupWrapper w = Json.parse(resp.body(),
            io.ferrymq.remoting.protocol.body.SubscriptionGroupWrapper.class);
        return w == null || w.getSubscriptionGroupTable() == null ? Set.of()
            : new java.util.TreeSet<>(w.getSubscriptionGroupTable().keySet());
    }

    /**
     * GET_CONSUME_STATS of {@code group} on one broker, all topics (or {@code topic} when not null): what that
     * broker holds of the group's progress. Unlike {@link #consumerProgress(String)} it needs no route, so it
     * works for groups that never had an online consumer.
     */
    public ConsumerProgress consumeStatsOn(String brokerAddr, String group, String topic) {
        RemotingCommand req = RemotingCommand.request(RequestCode.GET_CONSUME_STATS);
        req.putExt("consumerGroup", group);
        if (topic != null) {
            req.putExt("topic", topic);
        }
        RemotingCommand resp = inst().rpc().callOk(brokerAddr, req, timeout(), "get consume stats of " + group, null,
            topic);
        ConsumeStats cs = Json.parse(resp.body(), ConsumeStats.class);
        Map<MessageQueue, QueueProgress> out = new TreeMap<>();
        if (cs == null) {
            return new ConsumerProgress(group, out, 0);
        }
        for (Map.Entry<io.ferrymq.remoting.protocol.body.MessageQueue, OffsetWrapper> e
            : cs.getOffsetTable().entrySet()) {
            OffsetWrapper o = e.getValue();
            out.put(BrokerRpc.fromWire(e.getKey()), new QueueProgress(o.getBrokerOffset(), o.getConsumerOffset(),
                o.getLastTimestamp()));
        }
        return new ConsumerProgress(group, out, cs.getConsumeTps());
    }

    /**
     * GET_BROKER_CONSUME_STATS of one broker: every subscription group it knows, each with its progress on the
     * topics it has committed offsets in there, in one call (instead of one {@link #consumeStatsOn} per group).
     */
    public Map<String, ConsumerProgress> brokerConsumeStats(String brokerAddr) {
        RemotingCommand req = RemotingCommand.request(RequestCode.GET_BROKER_CONSUME_STATS);
        req.putExt("isOrder", "false");
        RemotingCommand resp = inst().rpc().callOk(brokerAddr, req, timeout(), "get broker consume stats", null,
            null);
        io.ferrymq.remoting.protocol.body.ConsumeStatsList l = Json.parse(resp.body(),
            io.ferrymq.remoting.protocol.body.ConsumeStatsList.class);
        Map<String, ConsumerProgress> out = new TreeMap<>();
        if (l == null || l.getConsumeStatsList() == null) {
            return out;
        }
        for (Map<String, List<ConsumeStats>> entry : l.getConsumeStatsList()) {
            entry.forEach((group, list) -> {
                Map<MessageQueue, QueueProgress> queues = new TreeMap<>();
                double tps = 0;
                for (ConsumeStats cs : list == null ? List.<ConsumeStats>of() : list) {
                    cs.getOffsetTable().forEach((q, o) -> queues.put(BrokerRpc.fromWire(q),
                        new QueueProgress(o.getBrokerOffset(), o.getConsumerOffset(), o.getLastTimestamp())));
                    tps += cs.getConsumeTps();
                }
                out.put(group, new ConsumerProgress(group, queues, tps));
            });
        }
        return out;
    }

    /** Min/max offsets and last store time of every queue of {@code topic} held by one broker. */
    public Map<MessageQueue, QueueStats> topicStatsOn(String brokerAddr, String topic) {
        RemotingCommand req = RemotingCommand.request(RequestCode.GET_TOPIC_STATS_INFO);
        req.putExt("topic", topic);
        RemotingCommand resp = inst().rpc().callOk(brokerAddr, req, timeout(), "get topic stats", null, topic);
        TopicStatsTable t = Json.parse(resp.body(), TopicStatsTable.class);
        Map<MessageQueue, QueueStats> out = new TreeMap<>();
        if (t != null) {
            t.getOffsetTable().forEach((q, o) -> out.put(BrokerRpc.fromWire(q),
                new QueueStats(o.getMinOffset(), o.getMaxOffset(), o.getLastUpdateTimestamp())));
        }
        return out;
    }

    /** Groups that consume {@code topic} according to one broker (QUERY_TOPIC_CONSUME_BY_WHO). */
    public Set<String> groupsConsuming(String brokerAddr, String topic) {
        RemotingCommand req = RemotingCommand.request(RequestCode.QUERY_TOPIC_CONSUME_BY_WHO);
        req.putExt("topic", topic);
        RemotingCommand resp = inst().rpc().callOk(brokerAddr, req, timeout(), "query consumers of topic", null,
            topic);
        io.ferrymq.remoting.protocol.body.GroupList l = Json.parse(resp.body(),
            io.ferrymq.remoting.protocol.body.GroupList.class);
        return l == null || l.getGroupList() == null ? Set.of() : new java.util.TreeSet<>(l.getGroupList());
    }

    /** The first offset of {@code queue} whose message was stored at or after {@code timestamp} (epoch ms). */
    public long searchOffset(String brokerAddr, MessageQueue queue, long timestamp) {
        return inst().rpc().searchOffset(brokerAddr, queue, timestamp, timeout());
    }

    /** Min offset of {@code queue} on one broker. */
    public long minOffset(String brokerAddr, MessageQueue queue) {
        return inst().rpc().minOffset(brokerAddr, queue, timeout());
    }

    /** Max offset (next to be written) of {@code queue} on one broker. */
    public long maxOffset(String brokerAddr, MessageQueue queue) {
        return inst().rpc().maxOffset(brokerAddr, queue, timeout());
    }

    /**
     * Commits {@code offset} for {@code group} on {@code queue} directly (UPDATE_CONSUMER_OFFSET). Effective for a
     * group with no online consumer; an online consumer keeps its own position and commits over it.
     */
    public void commitOffset(String brokerAddr, String group, MessageQueue queue, long offset) {
        if (offset < 0) {
            throw new ClientException("offset must be >= 0, got " + offset + " for " + queue, false);
        }
        inst().rpc().updateConsumerOffset(brokerAddr, group, queue, offset, timeout());
    }

    /**
     * Resets {@code group} on {@code topic} to {@code timestamp} on one broker (INVOKE_BROKER_TO_RESET_OFFSET,
     * forced): the broker stores the new offsets and tells online consumers. {@code timestamp} -1 means the end
     * of every queue.
     *
     * @return the new offset of each of that broker's queues
     */
    public Map<MessageQueue, Long> resetOffsetOn(String brokerAddr, String group, String topic, long timestamp) {
        RemotingCommand req = RemotingCommand.request(RequestCode.INVOKE_BROKER_TO_RESET_OFFSET);
        req.putExt("topic", topic);
        req.putExt("group", group);
        req.putExt("timestamp", Long.toString(timestamp));
        req.putExt("isForce", "true");
        req.putExt("queueId", "-1");
        RemotingCommand resp = inst().rpc().callOk(brokerAddr, req, timeout(), "reset offsets of " + group, null,
            topic);
        Map<MessageQueue, Long> out = new TreeMap<>();
        ResetOffsetBody body = Json.parse(resp.body(), ResetOffsetBody.class);
        if (body != null) {
            body.getOffsetTable().forEach((q, o) -> out.put(BrokerRpc.fromWire(q), o));
        }
        return out;
    }

    /** Client ids of {@code group}'s online consumers connected to one broker (GET_CONSUMER_LIST_BY_GROUP). */
    public List<String> consumerIdsOn(String brokerAddr, String group) {
        return inst().rpc().consumerIds(brokerAddr, group, timeout());
    }

    /** Reads the message at {@code commitLogOffset} of one broker (VIEW_MESSAGE_BY_ID). */
    public ReceivedMessage viewMessage(String brokerAddr, long commitLogOffset) {
        return inst().rpc().viewMessage(brokerAddr, commitLogOffset, timeout());
    }

    /**
     * Up to {@code max} messages of {@code queue} from {@code offset} on, read from one broker without touching
     * any group's offsets.
     */
    public List<ReceivedMessage> browse(String brokerAddr, MessageQueue queue, long offset, int max) {
        BrokerRpc.PullSpec spec = new BrokerRpc.PullSpec(TOOLS_GROUP, queue, offset, Math.max(1, Math.min(max, 32)),
            4, 0, 0, "*", "TAG", 0, Integer.MAX_VALUE, false);
        try {
            return inst().rpc().pullAsync(brokerAddr, spec, timeout()).get(timeout() + 1000, TimeUnit.MILLISECONDS)
                .messages();
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof ClientException ce) {
                throw ce;
            }
            throw new ClientException("browse " + queue + " at " + offset + " failed: " + e.getCause(), e, true);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new ClientException("browse " + queue + " at " + offset + " timed out", e, true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClientException("interrupted", e, true);
        }
    }

    /** Stops the client. Idempotent. */
    public synchronized void shutdown() {
        if (stopped) {
            return;
        }
        stopped = true;
        if (instance != null) {
            instance.shutdown();
        }
    }

    @Override
    public void close() {
        shutdown();
    }

    /** For tests: everything known about {@code topic}'s queues (read queues of all groups). */
    public List<MessageQueue> readQueues(String topic) {
        return route(topic).subscribeQueues();
    }

}
