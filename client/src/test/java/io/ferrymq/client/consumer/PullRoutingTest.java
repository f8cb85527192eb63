package io.ferrymq.client.consumer;

import io.ferrymq.client.ReceivedMessage;
import io.ferrymq.remoting.RemotingChannel;
import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.remoting.RemotingServer;
import io.ferrymq.remoting.RemotingServerConfig;
import io.ferrymq.common.message.MessageEncoder;
import io.ferrymq.common.message.MessageProperties;
import io.ferrymq.common.message.PreparedMessage;
import io.ferrymq.remoting.protocol.Json;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.ResponseCode;
import io.ferrymq.remoting.protocol.body.GetConsumerListByGroupResponseBody;
import io.ferrymq.remoting.protocol.body.HeartbeatData;
import io.ferrymq.remoting.protocol.route.BrokerData;
import io.ferrymq.remoting.protocol.route.QueueData;
import io.ferrymq.remoting.protocol.route.TopicRouteData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Where a push consumer pulls from, against fake name server, master and slave of one broker group: it follows
 * the broker's suggestWhichBrokerId (clearing the commit flag on the slave), and reads from the slave when the
 * master is gone from the route.
 */
class PullRoutingTest {
    private static final int MESSAGES = 6;

    private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(4);
    private final List<RemotingServer> servers = new CopyOnWriteArrayList<>();
    private volatile Map<Long, String> addrs = Map.of();

    /** One fake broker of the group: serves the same 6 messages, suggests {@code suggest} as next broker id. */
    private final class FakeBroker {
        final RemotingServer server;
        final List<Integer> pullSysFlags = new CopyOnWriteArrayList<>();
        final Set<String> clients = ConcurrentHashMap.newKeySet();

        FakeBroker(long suggest) {
            server = new RemotingServer(new RemotingServerConfig().name("fake-b").bindAddress("127.0.0.1")
                .listenPort(0)).start();
            servers.add(server);
            server.registerProcessor(RequestCode.HEART_BEAT, (ch, req) -> {
                clients.add(Json.parse(req.body(), HeartbeatData.class).getClientID());
                return RemotingCommand.responseTo(req, ResponseCode.SUCCESS, null);
            }, executor);
            server.registerProcessor(RequestCode.GET_CONSUMER_LIST_BY_GROUP, (ch, req) -> {
                RemotingCommand r = RemotingCommand.responseTo(req, ResponseCode.SUCCESS, null);
                return r.body(Json.toBytes(new GetConsumerListByGroupResponseBody(List.copyOf(clients))));
            }, executor);
            server.registerProcessor(RequestCode.QUERY_CONSUMER_OFFSET, (ch, req) ->
                RemotingCommand.responseTo(req, ResponseCode.SUCCESS, null).putExt("offset", "0"), executor);
            server.registerProcessor(RequestCode.UPDATE_CONSUMER_OFFSET,
                (ch, req) -> RemotingCommand.responseTo(req, ResponseCode.SUCCESS, null), executor);
            server.registerProcessor(RequestCode.UNREGISTER_CLIENT,
                (ch, req) -> RemotingCommand.responseTo(req, ResponseCode.SUCCESS, null), executor);
            server.registerProcessor(RequestCode.PULL_MESSAGE, (ch, req) -> pull(ch, req, suggest), executor);
        }

        String address() {
            return "127.0.0.1:" + server.port();
        }

        private RemotingCommand pull(RemotingChannel ch, RemotingCommand req, long suggest) throws Exception {
            if (!req.ext().get("topic").equals("T")) {
                return pullAnswer(req, ResponseCode.PULL_NOT_FOUND, 0, suggest);
            }
            pullSysFlags.add(req.ext().requireInt("sysFlag"));
            long offset = req.ext().requireLong("queueOffset");
            if (offset >= MESSAGES) {
                // hold like a long poll, then answer "nothing new"
                executor.schedule(() -> ch.reply(req, pullAnswer(req, ResponseCode.PULL_NOT_FOUND, offset, suggest)),
                    100, TimeUnit.MILLISECONDS);
                return null;
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            PreparedMessage pm = PreparedMessage.builder().topic("T").queueId(0)
                .body(("m" + offset).getBytes(StandardCharsets.UTF_8)).properties(MessageProperties.encode(Map.of()))
                .bornHost(new InetSocketAddress("127.0.0.1", 1)).storeHost(new InetSocketAddress("127.0.0.1",
                    server.port())).build();
            body.write(MessageEncoder.encode(pm, offset, offset * 100, 1));
            return pullAnswer(req, ResponseCode.SUCCESS, offset + 1, suggest).body(body.toByteArray());
        }

        private RemotingCommand pullAnswer(RemotingCommand req, int code, long next, long suggest) {
            return RemotingCommand.responseTo(req, code, null).putExt("nextBeginOffset", Long.toString(next))
                .putExt("minOffset", "0").putExt("maxOffset", Integer.toString(MESSAGES))
                .putExt("suggestWhichBrokerId", Long.toString(suggest));
        }
    }

    private String startNameServer() {
        RemotingServer ns = new RemotingServer(new RemotingServerConfig().name("fake-ns").bindAddress("127.0.0.1")
            .listenPort(0)).start();
        servers.add(ns);
        ns.registerProcessor(RequestCode.GET_ROUTEINFO_BY_TOPIC, (ch, req) -> {
            String topic = req.ext().get("topic");
            TopicRouteData route = new TopicRouteData(List.of(new QueueData("broker-a", 1, 1, 6, 0)),
                List.of(new BrokerData("C", "broker-a", new HashMap<>(addrs))));
            return topic.equals("T") || topic.equals("%RETRY%G")
                ? RemotingCommand.responseTo(req, ResponseCode.SUCCESS, null).body(Json.toBytes(route))
                : RemotingCommand.responseTo(req, ResponseCode.TOPIC_NOT_EXIST, "no route");
        }, executor);
        return "127.0.0.1:" + ns.port();
    }

    @AfterEach
    void stop() {
        servers.forEach(RemotingServer::shutdown);
        executor.shutdownNow();
    }

    private PushConsumer consumer(String ns, Set<String> got) {
        PushConsumer c = new PushConsumer(new PushConsumerConfig().group("G").nameServers(ns)
            .pollNameServerIntervalMillis(100).rebalanceIntervalMillis(100).pullRetryDelayMillis(50)
            .brokerSuspendMaxTimeMillis(1000).pullTimeoutMillis(3000));
        c.subscribe("T", "*");
        c.registerListener((MessageListenerConcurrently) (msgs, ctx) -> {
            for (ReceivedMessage m : msgs) {
                got.add(new String(m.body(), StandardCharsets.UTF_8));
            }
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        return c.start();
    }

    private static void await(String what, java.util.function.BooleanSupplier cond) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    @Test
    void followsTheSuggestedSlaveWithoutCommitFlag() throws Exception {
        FakeBroker master = new FakeBroker(1);
        FakeBroker slave = new FakeBroker(1);
        addrs = Map.of(0L, master.address(), 1L, slave.address());
        Set<String> got = ConcurrentHashMap.newKeySet();
        PushConsumer c = consumer(startNameServer(), got);
        try {
            await("all messages", () -> got.size() == MESSAGES);
            assertEquals(1, master.pullSysFlags.size(), "only the first pull goes to the master");
            assertTrue(slave.pullSysFlags.size() >= MESSAGES - 1);
            slave.pullSysFlags.forEach(f -> assertEquals(0, f & 1, "commit flag must be clear on a slave"));
        } finally {
            c.shutdown();
        }
    }

    @Test
    void readsFromTheSlaveWhenTheMasterIsGoneFromTheRoute() throws Exception {
        FakeBroker slave = new FakeBroker(0);
        addrs = Map.of(1L, slave.address());
        Set<String> got = ConcurrentHashMap.newKeySet();
        PushConsumer c = consumer(startNameServer(), got);
        try {
            await("all messages from the slave", () -> got.size() == MESSAGES);
        } finally {
            c.shutdown();
        }
        await("no consumer thread left", () -> Thread.getAllStackTraces().keySet().stream()
            .noneMatch(t -> t.isAlive() && t.getName().startsWith("ferry-consumer-G-")));
    }
}
