package io.ferrymq.benchmark;

import io.ferrymq.common.message.MessageEncoder;
import io.ferrymq.common.message.MessageIds;
import io.ferrymq.common.message.MessageLayout;
import io.ferrymq.common.message.PreparedMessage;
import io.ferrymq.remoting.RemotingChannel;
import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.remoting.RemotingServer;
import io.ferrymq.remoting.RemotingServerConfig;
import io.ferrymq.remoting.RequestProcessor;
import io.ferrymq.remoting.protocol.Json;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.ResponseCode;
import io.ferrymq.remoting.protocol.body.ConsumerData;
import io.ferrymq.remoting.protocol.body.GetConsumerListByGroupResponseBody;
import io.ferrymq.remoting.protocol.body.HeartbeatData;
import io.ferrymq.remoting.protocol.route.BrokerData;
import io.ferrymq.remoting.protocol.route.QueueData;
import io.ferrymq.remoting.protocol.route.TopicRouteData;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The ceiling for broker benchmarks, never shipped: one process that answers as both name server and broker with
 * valid canned responses and stores nothing. Route queries get one broker (this process) with {@code --queues}
 * queues for any topic; sends get SEND_OK with per-queue offsets; pulls get {@code maxMsgNums} copies of a
 * 1 KiB (or {@code --size}) message with the requested offsets; heartbeats, offsets and topic creation succeed.
 * The official-client harness against the stub shows the most any broker can reach on this machine with that
 * client. All requests are answered on the Netty I/O threads (no hand-off), since the stub does no real work.
 *
 * <p>Run: {@code benchmark/bin/stub-broker.sh --port 9876}, or as system {@code stub} of
 * {@code benchmark/compare.sh}; Ctrl-C stops it.
 */
public final class StubBroker implements RequestProcessor {
    private static final String BROKER_NAME = "stub-broker";
    private static final String CLUSTER = "StubCluster";

    private final int queues;
    private final int bodySize;
    private final String address;
    private final InetSocketAddress storeHost;
    private final AtomicLong physicalOffset = new AtomicLong();
    private final Map<String, AtomicLong> queueOffsets = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> consumersByGroup = new ConcurrentHashMap<>();
    private final Map<String, byte[]> templates = new ConcurrentHashMap<>();
    private final AtomicLong sends = new AtomicLong();
    private final AtomicLong pulled = new AtomicLong();

    StubBroker(int port, int queues, int bodySize) {
        this.queues = queues;
        this.bodySize = bodySize;
        this.address = "127.0.0.1:" + port;
        this.storeHost = new InetSocketAddress("127.0.0.1", port);
    }

    public static void main(String[] args) throws Exception {
        int port = 9876;
        int queues = 8;
        int size = 1024;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--queues" -> queues = Integer.parseInt(args[++i]);
                case "--size" -> size = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("stub-broker: unknown option " + args[i]
                            + " (options: --port P --queues Q --size BYTES)");
                    System.exit(2);
                }
            }
        }
        StubBroker stub = new StubBroker(port, queues, size);
        RemotingServer server = new RemotingServer(new RemotingServerConfig().name("stub")
                .bindAddress("127.0.0.1").listenPort(port));
        server.registerDefaultProcessor(stub, Runnable::run);
        server.start();
        System.err.println("stub-broker: name server and broker on " + stub.address + ", " + queues
                + " queues per topic, pull bodies of " + size + " bytes");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.shutdown();
            System.err.println("stub-broker: stopped after " + stub.sends.get() + " sends, " + stub.pulled.get()
                    + " pulled messages");
            stopped.countDown();
        }, "stub-shutdown"));
        stopped.await();
    }

    @Override
    public RemotingCommand process(RemotingChannel channel, RemotingCommand request) throws Exception {
        return switch (request.code()) {
            case RequestCode.GET_ROUTEINFO_BY_TOPIC -> ok(Json.toBytes(route()));
            case RequestCode.SEND_MESSAGE, RequestCode.SEND_MESSAGE_V2, RequestCode.SEND_BATCH_MESSAGE -> send(request);
            case RequestCode.PULL_MESSAGE, RequestCode.LITE_PULL_MESSAGE -> pull(request);
            case RequestCode.HEART_BEAT -> heartbeat(request);
            case RequestCode.GET_CONSUMER_LIST_BY_GROUP -> consumerList(request);
            case RequestCode.QUERY_CONSUMER_OFFSET, RequestCode.GET_MIN_OFFSET -> offset(0);
            case RequestCode.GET_MAX_OFFSET -> offset(Long.MAX_VALUE / 4);
            default -> ok(null);
        };
    }

    private TopicRouteData route() {
        Map<Long, String> addrs = new TreeMap<>();
        addrs.put(BrokerData.MASTER_ID, address);
        return new TopicRouteData(List.of(new QueueData(BROKER_NAME, queues, queues, 6, 0)),
                List.of(new BrokerData(CLUSTER, BROKER_NAME, addrs)));
    }

    private RemotingCommand send(RemotingCommand request) {
        Map<String, String> ext = request.extFields();
        boolean v2 = request.code() != RequestCode.SEND_MESSAGE;
        String topic = ext.get(v2 ? "b" : "topic");
        String queueText = ext.get(v2 ? "e" : "queueId");
        int queueId = queueText == null ? 0 : Integer.parseInt(queueText);
        long queueOffset = queueOffsets.computeIfAbsent(topic + '@' + queueId, k -> new AtomicLong()).getAndIncrement();
        long phys = physicalOffset.getAndAdd(Math.max(1, request.bodyLength()));
        sends.incrementAndGet();
        RemotingCommand resp = RemotingCommand.response(ResponseCode.SUCCESS, null);
        resp.putExt("msgId", MessageIds.createOffsetMsgId(storeHost, phys));
        resp.putExt("queueId", Integer.toString(queueId));
        resp.putExt("queueOffset", Long.toString(queueOffset));
        resp.putExt("MSG_REGION", "DefaultRegion");
        resp.putExt("TRACE_ON", "true");
        return resp;
    }

    private RemotingCommand pull(RemotingCommand request) {
        Map<String, String> ext = request.extFields();
        String topic = ext.get("topic");
        int queueId = Integer.parseInt(ext.get("queueId"));
        long offset = Long.parseLong(ext.get("queueOffset"));
        int max = Math.max(1, Integer.parseInt(ext.getOrDefault("maxMsgNums", "32")));
        byte[] template = templates.computeIfAbsent(topic + '@' + queueId, k -> encodeTemplate(topic, queueId));
        byte[] body = new byte[template.length * max];
        ByteBuffer buf = ByteBuffer.wrap(body);
        for (int i = 0; i < max; i++) {
            int at = i * template.length;
            System.arraycopy(template, 0, body, at, template.length);
            buf.putLong(at + MessageLayout.QUEUE_OFFSET_OFFSET, offset + i);
            buf.putLong(at + MessageLayout.PHYSICAL_OFFSET_OFFSET, (offset + i) * template.length);
        }
        pulled.addAndGet(max);
        RemotingCommand resp = RemotingCommand.response(ResponseCode.SUCCESS, null);
        resp.putExt("suggestWhichBrokerId", "0");
        resp.putExt("nextBeginOffset", Long.toString(offset + max));
        resp.putExt("minOffset", "0");
        resp.putExt("maxOffset", Long.toString(Long.MAX_VALUE / 4));
        resp.body(body);
        return resp;
    }

    private byte[] encodeTemplate(String topic, int queueId) {
        byte[] payload = new byte[bodySize];
        java.util.Arrays.fill(payload, (byte) 'x');
        PreparedMessage m = PreparedMessage.builder().topic(topic).queueId(queueId).body(payload)
                .properties("").bornTimestamp(System.currentTimeMillis()).bornHost(storeHost).storeHost(storeHost)
                .build();
        return MessageEncoder.encode(m, 0, 0, System.currentTimeMillis());
    }

    private RemotingCommand heartbeat(RemotingCommand request) {
        if (request.body() != null) {
            HeartbeatData hb = Json.parse(request.body(), HeartbeatData.class);
            if (hb.getConsumerDataSet() != null) {
                for (ConsumerData c : hb.getConsumerDataSet()) {
                    consumersByGroup.computeIfAbsent(c.getGroupName(), g -> ConcurrentHashMap.newKeySet())
                            .add(hb.getClientID());
                }
            }
        }
        return ok(null);
    }

    private RemotingCommand consumerList(RemotingCommand request) {
        String group = request.extFields().get("consumerGroup");
        GetConsumerListByGroupResponseBody body = new GetConsumerListByGroupResponseBody();
        body.setConsumerIdList(new ArrayList<>(consumersByGroup.getOrDefault(group, Set.of())));
        return ok(Json.toBytes(body));
    }

    private static RemotingCommand offset(long offset) {
        RemotingCommand resp = RemotingCommand.response(ResponseCode.SUCCESS, null);
        resp.putExt("offset", Long.toString(offset));
        return resp;
    }

    private static RemotingCommand ok(byte[] body) {
        RemotingCommand resp = RemotingCommand.response(ResponseCode.SUCCESS, null);
        if (body != null) {
            resp.body(body);
        }
        return resp;
    }

    @Override
    public String toString() {
        return "StubBroker[" + address + "]";
    }

}
