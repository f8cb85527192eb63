package io.ferrymq.client.internal;

import io.ferrymq.client.ReceivedMessage;
import io.ferrymq.client.consumer.ConsumeConcurrentlyStatus;
import io.ferrymq.client.consumer.MessageListenerConcurrently;
import io.ferrymq.client.consumer.PushConsumerConfig;
import io.ferrymq.client.producer.ProducerConfig;
import io.ferrymq.common.message.MessageEncoder;
import io.ferrymq.common.message.MessageProperties;
import io.ferrymq.common.message.PreparedMessage;
import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.remoting.RemotingServer;
import io.ferrymq.remoting.RemotingServerConfig;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.ResponseCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A message flagged ZLIB-compressed whose body does not inflate is a consume failure: it never reaches the
 * listener, it is counted, and it is sent back to the broker for the dead-letter topic (delay level -1).
 */
class UndecodableBodyTest {
    private final List<RemotingCommand> sentBack = new CopyOnWriteArrayList<>();
    private final ExecutorService brokerThreads = Executors.newSingleThreadExecutor();
    private RemotingServer fakeBroker;
    private PushEngine engine;

    @BeforeEach
    void startFakeBroker() {
        fakeBroker = new RemotingServer(new RemotingServerConfig().name("fake-broker").bindAddress("127.0.0.1")
            .listenPort(0)).start();
        fakeBroker.registerProcessor(RequestCode.CONSUMER_SEND_MSG_BACK, (ch, req) -> {
            sentBack.add(req);
            return RemotingCommand.responseTo(req, ResponseCode.SUCCESS, null);
        }, brokerThreads);
    }

    @AfterEach
    void stop() {
        if (engine != null) {
            engine.shutdown();
        }
        fakeBroker.shutdown();
        brokerThreads.shutdownNow();
    }

    private byte[] stored(byte[] body, int sysFlag, long queueOffset) {
        PreparedMessage pm = PreparedMessage.builder().topic("T").queueId(0).body(body)
            .properties(MessageProperties.encode(Map.of("UNIQ_KEY", "U" + queueOffset))).sysFlag(sysFlag)
            .bornTimestamp(1).bornHost(new InetSocketAddress("127.0.0.1", 5555))
            .storeHost(new InetSocketAddress("127.0.0.1", fakeBroker.port())).build();
        return MessageEncoder.encode(pm, queueOffset, 1000 + queueOffset, 2);
    }

    private static void await(String what, BooleanSupplier c) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!c.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            Thread.sleep(10);
        }
    }

    @Test
    void aBodyThatDoesNotInflateIsDecodedWithAnErrorInsteadOfRawBytes() throws Exception {
        List<ReceivedMessage> ms = MessageCodec.decodeStored(
            stored("not zlib".getBytes(StandardCharsets.UTF_8), MessageCodec.ZLIB_COMPRESSED, 0), "broker-a");
        assertEquals(1, ms.size());
        assertNotNull(ms.get(0).bodyError());
        assertTrue(ms.get(0).bodyError().contains("does not inflate"), ms.get(0).bodyError());
        assertNull(MessageCodec.decodeStored(stored(new byte[] {1}, 0, 1), "broker-a").get(0).bodyError());
    }

    @Test
    void anUndecodableMessageNeverReachesTheListenerAndGoesToTheDeadLetterTopic() throws Exception {
        List<String> consumed = new CopyOnWriteArrayList<>();
        MessageListenerConcurrently listener = (msgs, ctx) -> {
            msgs.forEach(m -> consumed.add(new String(m.body(), StandardCharsets.UTF_8)));
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        };
        PushConsumerConfig config = new PushConsumerConfig().group("G").nameServers("127.0.0.1:1");
        config.validate();
        engine = new PushEngine(config, new Subscriptions(), listener);
        ConcurrentDispatcher dispatcher = new ConcurrentDispatcher(engine, listener,
            new Sender(engine.instance(), new ProducerConfig().group("CLIENT_INNER_PRODUCER")));
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(stored("garbage".getBytes(StandardCharsets.UTF_8), MessageCodec.ZLIB_COMPRESSED, 0));
        body.write(stored("fine".getBytes(StandardCharsets.UTF_8), 0, 1));
        List<ReceivedMessage> msgs = MessageCodec.decodeStored(body.toByteArray(), "broker-a");
        ProcessQueue pq = new ProcessQueue(msgs.get(0).queue());
        pq.put(msgs);

        dispatcher.dispatch(pq, msgs, true);

        await("the undecodable message to be sent back", () -> sentBack.size() == 1);
        await("the good message to be consumed", () -> consumed.size() == 1);
        assertEquals(List.of("fine"), consumed, "the listener never sees the undecodable body");
        RemotingCommand back = sentBack.get(0);
        assertEquals("-1", back.extFields().get("delayLevel"), "straight to the dead-letter topic");
        assertEquals("1000", back.extFields().get("offset"));
        assertEquals(1, engine.instance().faults().count(ConsumeDispatcher.FAULT_UNDECODABLE_BODY));
        await("the offset to move past both", () -> pq.count() == 0);
    }
}
