package io.ferrymq.client;

import io.ferrymq.remoting.RemotingChannel;
import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.remoting.RemotingServer;
import io.ferrymq.remoting.RemotingServerConfig;
import io.ferrymq.common.message.MessageConst;
import io.ferrymq.common.message.MessageProperties;
import io.ferrymq.remoting.protocol.Json;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.ResponseCode;
import io.ferrymq.remoting.protocol.body.HeartbeatData;
import io.ferrymq.remoting.protocol.route.BrokerData;
import io.ferrymq.remoting.protocol.route.QueueData;
import io.ferrymq.remoting.protocol.route.TopicRouteData;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * In-test fake of a name server and two broker groups on loopback (no store): routes one topic over both
 * brokers, records the send requests each broker receives, answers them with a configurable code, registers
 * heartbeating clients and can push replies to them. Enough to test the client's wire behaviour without a real
 * cluster.
 */
public final class FakeCluster implements AutoCloseable {
    /** One fake broker. */
    public final class FakeBroker {
        final String name;
        final RemotingServer server;
        public final List<RemotingCommand> sends = new CopyOnWriteArrayList<>();
        public volatile int sendCode = ResponseCode.SUCCESS;
        final Map<String, RemotingChannel> clients = new ConcurrentHashMap<>();
        final AtomicLong offset = new AtomicLong();
        /** When set, a request carrying REPLY_TO_CLIENT is answered by pushing this reply body to the client. */
        public volatile Function<RemotingCommand, byte[]> replier;

        FakeBroker(String name) {
            this.name = name;
            this.server = new RemotingServer(new RemotingServerConfig().name("fake-" + name)
                .bindAddress("127.0.0.1").listenPort(0)).start();
            server.registerProcessor(RequestCode.SEND_MESSAGE_V2, this::onSend, executor);
            server.registerProcessor(RequestCode.SEND_BATCH_MESSAGE, this::onSend, executor);
            server.registerProcessor(RequestCode.HEART_BEAT, (ch, req) -> {
                HeartbeatData hb = Json.parse(req.body(), HeartbeatData.class);
                clients.put(hb.getClientID(), ch);
                return RemotingCommand.responseTo(req, ResponseCode.SUCCESS, null);
            }, executor);
            server.registerProcessor(RequestCode.UNREGISTER_CLIENT,
                (ch, req) -> RemotingCommand.responseTo(req, ResponseCode.SUCCESS, null), executor);
        }

        public String address() {
            return "127.0.0.1:" + server.port();
        }

        private RemotingCommand onSend(RemotingChannel ch, RemotingCommand req) throws Exception {
            sends.add(req);
            if (sendCode != ResponseCode.SUCCESS) {
                return RemotingCommand.responseTo(req, sendCode, "fake failure on " + name);
            }
            RemotingCommand resp = RemotingCommand.responseTo(req, ResponseCode.SUCCESS, null);
            resp.putExt("msgId", "7F00000100002A9F" + String.format("%016X", offset.get()));
            resp.putExt("queueId", req.ext().get("e"));
            resp.putExt("queueOffset", Long.toString(offset.getAndIncrement()));
            Function<RemotingCommand, byte[]> r = replier;
            String props = req.ext().get("i");
            String replyTo = MessageProperties.get(props, MessageConst.PROPERTY_MESSAGE_REPLY_TO_CLIENT);
            if (r != null && replyTo != null) {
                RemotingChannel target = clients.get(replyTo);
                byte[] body = r.apply(req);
                executor.execute(() -> push(target, props, body));
            }
            return resp;
        }

        private void push(RemotingChannel target, String requestProps, byte[] body) {
            try {
                String props = MessageProperties.encode(Map.of(
                    MessageConst.PROPERTY_CORRELATION_ID,
                    MessageProperties.get(requestProps, MessageConst.PROPERTY_CORRELATION_ID),
                    MessageConst.PROPERTY_MESSAGE_TYPE, MessageConst.REPLY_MESSAGE_FLAG));
                RemotingCommand push = RemotingCommand.request(RequestCode.PUSH_REPLY_MESSAGE_TO_CLIENT);
                push.putExt("topic", "FakeCluster_REPLY_TOPIC");
                push.putExt("properties", props);
                push.putExt("sysFlag", "0");
                push.putExt("bornHost", "127.0.0.1:1234");
                push.putExt("storeHost", address());
                push.putExt("storeTimestamp", "1");
                push.body(body);
                target.invokeSync(push, 3000);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        void shutdown() {
            server.shutdown();
        }
    }

    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final RemotingServer nameServer;
    public final FakeBroker a;
    public final FakeBroker b;
    private final String topic;
    private final int queuesPerBroker;

    public FakeCluster(String topic, int queuesPerBroker) {
        this.topic = topic;
        this.queuesPerBroker = queuesPerBroker;
        this.a = new FakeBroker("broker-a");
        this.b = new FakeBroker("broker-b");
        this.nameServer = new RemotingServer(new RemotingServerConfig().name("fake-ns").bindAddress("127.0.0.1")
            .listenPort(0)).start();
        nameServer.registerProcessor(RequestCode.GET_ROUTEINFO_BY_TOPIC, (ch, req) -> {
            String t = req.ext().get("topic");
            if (!t.equals(this.topic)) {
                return RemotingCommand.responseTo(req, ResponseCode.TOPIC_NOT_EXIST, "no route of " + t);
            }
            RemotingCommand resp = RemotingCommand.responseTo(req, ResponseCode.SUCCESS, null);
            resp.body(Json.toBytes(route()));
            return resp;
        }, executor);
    }

    private TopicRouteData route() {
        List<QueueData> qs = new ArrayList<>();
        List<BrokerData> bs = new ArrayList<>();
        for (FakeBroker fb : List.of(a, b)) {
            qs.add(new QueueData(fb.name, queuesPerBroker, queuesPerBroker, 6, 0));
            bs.add(new BrokerData("FakeCluster", fb.name, Map.of(0L, fb.address())));
        }
        return new TopicRouteData(qs, bs);
    }

    public String nameServer() {
        return "127.0.0.1:" + nameServer.port();
    }

    @Override
    public void close() {
        a.shutdown();
        b.shutdown();
        nameServer.shutdown();
        executor.shutdownNow();
    }
}
