package io.ferrymq.broker.send;

import io.ferrymq.broker.config.BrokerConfig;
import io.ferrymq.broker.stats.BrokerStats;
import io.ferrymq.broker.testing.FakeMessageStore;
import io.ferrymq.broker.topic.Perm;
import io.ferrymq.broker.topic.TopicConfig;
import io.ferrymq.broker.topic.TopicConfigTable;
import io.ferrymq.broker.topic.TopicNames;
import io.ferrymq.common.Clock;
import io.ferrymq.common.ManualClock;
import io.ferrymq.remoting.RemotingClient;
import io.ferrymq.remoting.RemotingClientConfig;
import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.remoting.RemotingServer;
import io.ferrymq.remoting.RemotingServerConfig;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.ResponseCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With {@code sendMessageOnIoThread}, sends to topics the broker holds are stored and answered on the network I/O
 * thread; sends whose processing may write files (topic auto-creation, retry topics) still run on the send
 * executor, and answers that wait for a slave are written when it acknowledges.
 */
class SendsOnIoThreadTest {
    @TempDir
    Path dir;
    private final ManualClock clock = new ManualClock(1_700_000_000_000L);
    private final FakeMessageStore store = new FakeMessageStore();
    private final ExecutorService sendExec = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-send"));
    /** Sends the I/O thread handed to the send executor. */
    private final AtomicInteger handedOff = new AtomicInteger();
    /** How far the overload's clock runs ahead of the transport's arrival stamps: time a send spent queued. */
    private final AtomicLong queuedNanos = new AtomicLong();
    private final Clock transportClock = new Clock() {
        @Override
        public long currentTimeMillis() {
            return System.currentTimeMillis();
        }

        @Override
        public long nanoTime() {
            return System.nanoTime() + queuedNanos.get();
        }
    };
    private final BrokerStats stats = new BrokerStats(clock);
    /** The thread each put completed on (the replication hook runs right after the put). */
    private final List<String> putThreads = new CopyOnWriteArrayList<>();
    private TopicConfigTable topics;
    private SendMessageProcessor send;
    private RemotingServer server;
    private RemotingClient client;

    @BeforeEach
    void wire() {
        BrokerConfig config = new BrokerConfig().brokerClusterName("C1").brokerName("broker-a")
                .sendMessageOnIoThread(true).autoCreateTopicEnable(true);
        topics = new TopicConfigTable(dir.resolve("topics.json"), clock);
        SendOverload overload = new SendOverload(config, store, transportClock);
        send = SendProcessors.of(config, topics, dir.resolve("groups.json"), store, clock, overload);
        topics.put(TopicConfig.of("T", 4, Perm.READ_WRITE));
        send.replicateWith((result, response) -> {
            putThreads.add(Thread.currentThread().getName());
            return CompletableFuture.completedFuture(response);
        });
        // as Broker wires it
        server = new RemotingServer(new RemotingServerConfig().name("broker").bindAddress("127.0.0.1").ioThreads(1)
                .flushConsolidation(config.sendMessageOnIoThread()));
        Executor countingExec = r -> {
            handedOff.incrementAndGet();
            sendExec.execute(r);
        };
        server.registerProcessor(send, countingExec,
                config.sendMessageOnIoThread() ? new SendsOnIoThread(topics, overload) : null,
                RequestCode.SEND_MESSAGE, RequestCode.SEND_MESSAGE_V2, RequestCode.SEND_BATCH_MESSAGE);
        server.setResponseObserver((request, response, nanos) -> stats.onAnswer(request, response));
        server.start();
        client = new RemotingClient(new RemotingClientConfig().name("producer"));
    }

    @AfterEach
    void stop() {
        client.shutdown();
        server.shutdown();
        sendExec.shutdownNow();
    }

    private static Properties props(String key, String value) {
        Properties p = new Properties();
        p.setProperty(key, value);
        return p;
    }

    private static RemotingCommand sendV2(String topic) {
        RemotingCommand req = RemotingCommand.request(RequestCode.SEND_MESSAGE_V2);
        req.putExt("a", "PG");
        req.putExt("b", topic);
        req.putExt("c", "TBW102");
        req.putExt("d", "4");
        req.putExt("e", "0");
        req.putExt("i", "");
        return req.body("hello".getBytes(StandardCharsets.UTF_8));
    }

    private RemotingCommand call(RemotingCommand req) throws Exception {
        return client.invokeSync("127.0.0.1:" + server.port(), req, 5000);
    }

    @Test
    void theSettingIsATypedBrokerKeyOnByDefault() {
        assertTrue(new BrokerConfig().sendMessageOnIoThread());
        assertFalse(BrokerConfig.fromProperties(props("sendMessageOnIoThread", "false")).sendMessageOnIoThread());
    }

    @Test
    void onlySendsToHeldNonRetryTopicsMayRunOnTheIoThread() {
        topics.put(TopicConfig.of(TopicNames.retryTopic("CG"), 1, Perm.READ_WRITE));
        SendsOnIoThread test = new SendsOnIoThread(topics, new SendOverload(new BrokerConfig(), store, clock));
        assertTrue(test.test(sendV2("T")));
        RemotingCommand v1 = RemotingCommand.request(RequestCode.SEND_MESSAGE).putExt("producerGroup", "PG")
                .putExt("topic", "T");
        assertTrue(test.test(v1), "the long-name header form is read too");
        assertFalse(test.test(sendV2("Unknown")), "auto-creation writes topics.json");
        assertFalse(test.test(sendV2(TopicNames.retryTopic("CG"))), "may create the group or the DLQ topic");
        assertFalse(test.test(RemotingCommand.request(RequestCode.SEND_MESSAGE_V2)), "no header: executor answers");
    }

    @Test
    void aSendToAHeldTopicIsStoredAndAnsweredOnTheIoThread() throws Exception {
        RemotingCommand resp = call(sendV2("T"));
        assertEquals(ResponseCode.SUCCESS, resp.code(), resp.remark());
        assertEquals(1, store.puts().size());
        assertTrue(putThreads.get(0).startsWith("broker-io"), "stored on " + putThreads.get(0));
    }

    @Test
    void aSendThatCreatesItsTopicRunsOnTheExecutorAndTheNextOneInline() throws Exception {
        assertEquals(ResponseCode.SUCCESS, call(sendV2("Fresh")).code());
        assertNotNull(topics.get("Fresh"), "auto-created");
        // the answer leaves before the executor's task ends; until it ends, order holds the next send back too
        sendExec.submit(() -> { }).get();
        assertEquals(ResponseCode.SUCCESS, call(sendV2("Fresh")).code());
        assertEquals("test-send", putThreads.get(0));
        assertTrue(putThreads.get(1).startsWith("broker-io"), "second send stored on " + putThreads.get(1));
    }

    @Test
    void aSendArrivingWhileAnAppendHoldsTheLockForLongGoesToTheExecutorInstead() throws Exception {
        store.appendBusyFor(TimeUnit.MILLISECONDS.toNanos(2));
        assertEquals(ResponseCode.SUCCESS, call(sendV2("T")).code());
        store.appendBusyFor(0);
        store.appendDoingFileIo(true);
        assertEquals(ResponseCode.SUCCESS, call(sendV2("T")).code());
        store.appendDoingFileIo(false);
        sendExec.submit(() -> { }).get(); // the executor is done with them, so order no longer holds the next back
        assertEquals(ResponseCode.SUCCESS, call(sendV2("T")).code());

        assertEquals(List.of("test-send", "test-send"), putThreads.subList(0, 2),
                "behind a slow append and behind file I/O: stored by the executor");
        assertTrue(putThreads.get(2).startsWith("broker-io"), "appender free again: " + putThreads.get(2));
        assertEquals(2, handedOff.get());
    }

    @Test
    void aSendWhileTheAppenderIsStuckPastItsLimitIsAnsweredBusyOnTheIoThreadAndCounted() throws Exception {
        store.appendBusyFor(TimeUnit.MILLISECONDS.toNanos(1500));
        RemotingCommand resp = call(sendV2("T"));

        assertEquals(ResponseCode.SYSTEM_BUSY, resp.code());
        assertTrue(resp.remark().startsWith("[PC_SYNCHRONIZED] broker broker-a busy"), resp.remark());
        assertEquals(0, handedOff.get(), "refused on the spot, nothing queued on the executor");
        assertTrue(store.puts().isEmpty());
        assertEquals(1, stats.systemBusyRejections(), "counted like every SYSTEM_BUSY (metrics, runtime info)");
    }

    @Test
    void aSendThatQueuedTooLongIsAnsweredBusyOnEitherThreadAndCounted() throws Exception {
        queuedNanos.set(TimeUnit.MILLISECONDS.toNanos(1000));
        RemotingCommand onIoThread = call(sendV2("T"));
        RemotingCommand onExecutor = call(sendV2("Fresh")); // would create its topic: the executor's

        for (RemotingCommand resp : List.of(onIoThread, onExecutor)) {
            assertEquals(ResponseCode.SYSTEM_BUSY, resp.code());
            assertTrue(resp.remark().startsWith("[TIMEOUT_CLEAN_QUEUE] broker broker-a busy: the send waited 10"),
                    resp.remark());
        }
        assertEquals(1, handedOff.get());
        assertTrue(store.puts().isEmpty());
        assertNull(topics.get("Fresh"), "refused before any work");
        assertEquals(2, stats.systemBusyRejections());
    }

    @Test
    void aRefusedSendIsAnsweredOnTheIoThreadWithItsReason() throws Exception {
        topics.put(TopicConfig.of("ReadOnly", 1, Perm.READ));
        RemotingCommand resp = call(sendV2("ReadOnly"));
        assertEquals(ResponseCode.NO_PERMISSION, resp.code());
        assertTrue(resp.remark().contains("not writable"), resp.remark());
    }

    @Test
    void anAnswerThatWaitsForASlaveIsWrittenWhenTheSlaveAcknowledges() throws Exception {
        CompletableFuture<Void> slaveAck = new CompletableFuture<>();
        send.replicateWith((result, response) -> slaveAck.thenApply(v -> response));
        CompletableFuture<RemotingCommand> answer = client.invokeAsync("127.0.0.1:" + server.port(), sendV2("T"),
                10_000);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (store.puts().isEmpty()) { // stored, the I/O thread moved on without waiting for the slave
            assertTrue(System.nanoTime() < deadline, "the send was never stored");
            Thread.sleep(5);
        }
        assertFalse(answer.isDone(), "no answer before the slave acknowledges");
        slaveAck.complete(null); // from this thread, as the replication thread would
        assertEquals(ResponseCode.SUCCESS, answer.get(10, TimeUnit.SECONDS).code());
    }
}
