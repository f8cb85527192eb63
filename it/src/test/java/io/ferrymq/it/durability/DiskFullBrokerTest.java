package io.ferrymq.it.durability;

import io.ferrymq.testkit.TmpfsMount;

import io.ferrymq.it.TestCluster;
import io.ferrymq.remoting.RemotingClient;
import io.ferrymq.remoting.RemotingClientConfig;
import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.ResponseCode;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static io.ferrymq.it.TestCluster.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fault 10 (issue 15) with the official 5.3.3 client: a broker whose store lives on a small tmpfs that fills up
 * stays up, refuses sends with SERVICE_NOT_AVAILABLE and a "disk full" remark, keeps serving consumers, reports
 * itself unhealthy, and accepts sends again once space is freed. Needs root (mount); skipped with the reason
 * otherwise. Timings are printed, not asserted.
 */
@Timeout(180)
@SuppressWarnings("deprecation") // the official client API under test marks these deprecated
class DiskFullBrokerTest {
    private static final String TOPIC = "DurDiskFull";

    @Test
    void aFullDiskRefusesSendsKeepsServingReadsAndRecoversWhenSpaceIsFreed() throws Exception {
        Path base = Files.createTempDirectory("ferrymq-diskfull-");
        Object m = TmpfsMount.tryMount(base.resolve("tmpfs"), 64L << 20);
        if (m instanceof String why) {
            System.out.println("[DiskFullBrokerTest] skipped: " + why);
            Assumptions.abort(why);
        }
        RemotingClient admin = new RemotingClient(new RemotingClientConfig().name("it-diskfull"));
        try (TmpfsMount tmpfs = (TmpfsMount) m;
             TestCluster cluster = TestCluster.start(c -> c.storePathRootDir(tmpfs.dir().resolve("broker-a")
                 .toString()))) {
            cluster.createTopic(TOPIC, 1);
            DefaultMQProducer producer = cluster.configure(new DefaultMQProducer("dur-diskfull-pg"));
            producer.setRetryTimesWhenSendFailed(0);
            producer.start();
            Set<String> consumed = ConcurrentHashMap.newKeySet();
            // the group joins once before the disk fills: joining writes the group and its retry topic to
            // config files, which a full disk refuses (the heartbeat answers the error); reading needs no write
            DefaultMQPushConsumer joining = consumer(cluster, consumed);
            joining.start();
            awaitTrue("the group registered", Duration.ofSeconds(30), () -> !joining.getDefaultMQPushConsumerImpl()
                .getRebalanceImpl().getProcessQueueTable().isEmpty());
            joining.shutdown();
            DefaultMQPushConsumer consumer = consumer(cluster, consumed);
            try {
                for (int i = 0; i < 20; i++) {
                    assertEquals(SendStatus.SEND_OK, producer.send(new Message(TOPIC, ("before-" + i)
                        .getBytes(StandardCharsets.UTF_8))).getSendStatus());
                }
                Path filler = tmpfs.dir().resolve("filler");
                long filledAt = System.nanoTime();
                tmpfs.fill(filler);

                String[] refusal = new String[1];
                awaitTrue("a send refused for lack of space", Duration.ofSeconds(30), () -> {
                    RemotingCommand r = rawSend(admin, cluster.brokerAddr(), "during");
                    refusal[0] = r.code() + " " + r.remark();
                    return r.code() == ResponseCode.SERVICE_NOT_AVAILABLE;
                });
                System.out.printf("[DiskFullBrokerTest] sends refused %d ms after the disk filled: %s%n",
                    (System.nanoTime() - filledAt) / 1_000_000, refusal[0]);
                assertTrue(refusal[0].contains("disk full"), refusal[0]);
                Throwable official = null;
                try {
                    producer.send(new Message(TOPIC, "during".getBytes(StandardCharsets.UTF_8)));
                } catch (Exception e) {
                    official = e;
                }
                assertTrue(official != null && chain(official).contains("disk full"),
                    "the official producer sees the refusal: " + (official == null ? "sent!" : chain(official)));
                String info = runtimeInfo(admin, cluster.brokerAddr());
                assertTrue(info.contains("store.disk_full"), info);
                assertTrue(info.contains("\"healthy\":\"false\""), info);

                consumer.start();
                awaitTrue("the stored messages consumed while the disk is full", Duration.ofSeconds(60),
                    () -> consumed.size() >= 20);

                long freedAt = System.nanoTime();
                Files.delete(filler);
                awaitTrue("sends accepted again", Duration.ofSeconds(30),
                    () -> rawSend(admin, cluster.brokerAddr(), "after").code() == ResponseCode.SUCCESS);
                System.out.printf("[DiskFullBrokerTest] sends accepted %d ms after space was freed%n",
                    (System.nanoTime() - freedAt) / 1_000_000);
                assertEquals(SendStatus.SEND_OK, producer.send(new Message(TOPIC, "after-official"
                    .getBytes(StandardCharsets.UTF_8))).getSendStatus());
                awaitTrue("consumed after recovery", Duration.ofSeconds(30), () -> consumed.contains("after-official"));
            } finally {
                consumer.shutdown();
                producer.shutdown();
            }
        } finally {
            admin.shutdown();
            TestCluster.deleteRecursively(base);
        }
    }

    private static DefaultMQPushConsumer consumer(TestCluster cluster, Set<String> consumed) throws Exception {
        DefaultMQPushConsumer c = cluster.configure(new DefaultMQPushConsumer("dur-diskfull-cg"));
        c.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        c.subscribe(TOPIC, "*");
        c.registerMessageListener((MessageListenerConcurrently) (msgs, ctx) -> {
            msgs.forEach(x -> consumed.add(new String(x.getBody(), StandardCharsets.UTF_8)));
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        return c;
    }

    private static String chain(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null && sb.length() < 4000; c = c.getCause()) {
            sb.append(c).append(" <- ");
        }
        return sb.toString();
    }

    /** SEND_MESSAGE_V2 of one small message; the answer, or a SYSTEM_ERROR standing for a transport failure. */
    private static RemotingCommand rawSend(RemotingClient client, String addr, String body) {
        RemotingCommand req = RemotingCommand.request(RequestCode.SEND_MESSAGE_V2)
            .putExt("a", "dur-diskfull-raw").putExt("b", TOPIC).putExt("c", "TBW102").putExt("d", "4")
            .putExt("e", "0").putExt("f", "0").putExt("g", Long.toString(System.currentTimeMillis()))
            .putExt("h", "0").putExt("i", "");
        req.body(body.getBytes(StandardCharsets.UTF_8));
        try {
            return client.invokeSync(addr, req, 5000);
        } catch (Exception e) {
            return RemotingCommand.response(ResponseCode.SYSTEM_ERROR, e.toString());
        }
    }

    private static String runtimeInfo(RemotingClient client, String addr) {
        try {
            RemotingCommand r = client.invokeSync(addr, RemotingCommand.request(RequestCode.GET_BROKER_RUNTIME_INFO),
                3000);
            return r.body() == null ? "" : new String(r.body(), StandardCharsets.UTF_8);
        } catch (Exception e) {
            return e.toString();
        }
    }
}
