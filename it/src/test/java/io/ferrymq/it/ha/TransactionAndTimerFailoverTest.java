package io.ferrymq.it.ha;

import io.ferrymq.it.TestCluster;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.LocalTransactionState;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.client.producer.TransactionListener;
import org.apache.rocketmq.client.producer.TransactionMQProducer;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import static io.ferrymq.it.ha.ProcessCluster.props;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Transactions and timer messages across the loss of a SYNC_MASTER (cross-process, official 5.3.3 client).
 *
 * <p>Group broker-a is a SYNC_MASTER and its slave. Before the kill: committed, rolled-back and undecided
 * transactions, and timer messages due soon (delivered) and later (waiting). The slave holds the half messages and
 * the op records of the decisions (replicated like any message) and knows the timer progress. The master is killed
 * with SIGKILL: consumers reading the slave see the committed and delivered messages only, never a half message.
 * An operator then promotes the slave (restart as brokerId 0 on the same store): it checks back the undecided
 * transactions (the producer now commits them), delivers the waiting timers, and repeats nothing: the topic holds
 * exactly committed + timer messages, each once.
 */
@Tag("ha")
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class TransactionAndTimerFailoverTest {
    private static final String TOPIC = "HaTxTimerTopic";
    private static final int EACH = 5;
    private static final int TIMERS = 20;
    private static final Map<String, String> BROKER = props("transactionTimeOut", "2000",
            "transactionCheckInterval", "1000", "transactionCheckMax", "1000");
    private static ProcessCluster cluster;
    private static ProcessCluster.BrokerNode aMaster;
    private static ProcessCluster.BrokerNode aSlave;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = ProcessCluster.start("txtimer", 1);
        aMaster = cluster.broker("broker-a", 0, "SYNC_MASTER", BROKER);
        aSlave = cluster.broker("broker-a", 1, "SLAVE", BROKER);
        cluster.startAll(aMaster, aSlave);
        cluster.createTopic(TOPIC, 4, aMaster);
        TestCluster.awaitTrue("the slave copied the topic", Duration.ofSeconds(20),
                () -> cluster.hasTopic(aSlave, TOPIC));
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** Local transactions by body prefix; checks answer UNKNOW until {@link #decideOnCheck} is set. */
    private static final class Listener implements TransactionListener {
        final AtomicBoolean decideOnCheck = new AtomicBoolean();
        final Set<String> checked = ConcurrentHashMap.newKeySet();

        @Override
        public LocalTransactionState executeLocalTransaction(Message msg, Object arg) {
            String b = body(msg);
            return b.startsWith("commit") ? LocalTransactionState.COMMIT_MESSAGE
                    : b.startsWith("rollback") ? LocalTransactionState.ROLLBACK_MESSAGE : LocalTransactionState.UNKNOW;
        }

        @Override
        public LocalTransactionState checkLocalTransaction(MessageExt msg) {
            String b = body(msg);
            checked.add(b);
            if (!decideOnCheck.get()) {
                return LocalTransactionState.UNKNOW;
            }
            return b.startsWith("rollback") ? LocalTransactionState.ROLLBACK_MESSAGE
                    : LocalTransactionState.COMMIT_MESSAGE;
        }
    }

    private static String body(Message m) {
        return new String(m.getBody(), StandardCharsets.UTF_8);
    }

    /** Counts received bodies per consumer group. */
    private static DefaultMQPushConsumer consumer(String group, Map<String, Integer> received) throws Exception {
        DefaultMQPushConsumer c = cluster.configure(new DefaultMQPushConsumer(group));
        c.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        c.subscribe(TOPIC, "*");
        c.registerMessageListener((MessageListenerConcurrently) (msgs, ctx) -> {
            msgs.forEach(m -> received.merge(body(m), 1, Integer::sum));
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        c.start();
        return c;
    }

    private static long onTopic(ProcessCluster.BrokerNode b) {
        long n = 0;
        for (int q = 0; q < 4; q++) {
            long o = cluster.maxOffset(b, TOPIC, q);
            if (o < 0) {
                return -1;
            }
            n += o;
        }
        return n;
    }

    private static Set<String> named(String prefix, int n) {
        Set<String> s = new TreeSet<>();
        for (int i = 0; i < n; i++) {
            s.add(prefix + "-" + i);
        }
        return s;
    }

    @Test
    void aSlaveNeverExposesUndecidedTransactionsAndOncePromotedResolvesThemAndDeliversTimersExactlyOnce()
            throws Exception {
        Map<String, Integer> received = new ConcurrentHashMap<>();
        Map<String, Integer> readFromSlave = new ConcurrentHashMap<>();
        Listener listener = new Listener();
        TransactionMQProducer tx = cluster.configure(new TransactionMQProducer("ha-tx-pg"));
        tx.setTransactionListener(listener);
        DefaultMQProducer timed = cluster.configure(new DefaultMQProducer("ha-timer-pg"));
        DefaultMQPushConsumer main = null;
        DefaultMQPushConsumer late = null;
        try {
            tx.start();
            timed.start();
            main = consumer("ha-txtimer-consumer", received);
            for (String prefix : new String[] {"commit", "rollback", "pending"}) {
                for (String b : named(prefix, EACH)) {
                    assertEquals(SendStatus.SEND_OK, tx.sendMessageInTransaction(
                            new Message(TOPIC, b.getBytes(StandardCharsets.UTF_8)), null).getSendStatus(), b);
                }
            }
            long now = System.currentTimeMillis();
            for (int i = 0; i < TIMERS; i++) {
                Message soon = new Message(TOPIC, ("soon-" + i).getBytes(StandardCharsets.UTF_8));
                soon.setDeliverTimeMs(now + 3000);
                assertEquals(SendStatus.SEND_OK, timed.send(soon).getSendStatus());
                Message later = new Message(TOPIC, ("later-" + i).getBytes(StandardCharsets.UTF_8));
                later.setDeliverTimeMs(now + 35_000);
                assertEquals(SendStatus.SEND_OK, timed.send(later).getSendStatus());
            }
            Set<String> beforeKill = new TreeSet<>(named("commit", EACH));
            beforeKill.addAll(named("soon", TIMERS));
            TestCluster.awaitTrue("committed and due timer messages consumed", Duration.ofSeconds(60),
                    () -> received.keySet().containsAll(beforeKill));
            TestCluster.awaitTrue("the undecided transactions were checked (and left undecided)",
                    Duration.ofSeconds(30), () -> listener.checked.containsAll(named("pending", EACH)));

            // the slave holds the decisions (op records) and knows what the master's timer wheel delivered
            cluster.awaitCaughtUp(aMaster, aSlave, Duration.ofSeconds(30));
            assertEquals(3L * EACH, cluster.maxOffset(aSlave, "RMQ_SYS_TRANS_HALF_TOPIC", 0), "half messages");
            assertEquals(2L * EACH, cluster.maxOffset(aSlave, "RMQ_SYS_TRANS_OP_HALF_TOPIC", 0),
                    "an op record per decision (commit and rollback), replicated");
            TestCluster.awaitTrue("the slave forgot the timer messages its master delivered", Duration.ofSeconds(30),
                    () -> Long.parseLong(cluster.runtimeInfo(aSlave).getOrDefault(
                            "timerForgottenAsDeliveredByMaster", "0")) >= TIMERS);
            assertEquals(EACH + TIMERS, onTopic(aSlave), "the slave's topic holds committed and due messages only");

            aMaster.jvm.kill9();
            // a group started after the death reads only the slave: committed and delivered messages, nothing else
            late = consumer("ha-txtimer-late-consumer", readFromSlave);
            TestCluster.awaitTrue("the late group read everything visible from the slave", Duration.ofSeconds(60),
                    () -> readFromSlave.keySet().containsAll(beforeKill));
            assertEquals(beforeKill, new TreeSet<>(readFromSlave.keySet()), "no half or rolled-back message exposed");
            assertEquals(EACH + TIMERS, onTopic(aSlave));

            listener.decideOnCheck.set(true);
            cluster.promote(aSlave, "ASYNC_MASTER");
            Set<String> all = new TreeSet<>(beforeKill);
            all.addAll(named("pending", EACH));
            all.addAll(named("later", TIMERS));
            TestCluster.awaitTrue("undecided transactions committed by check-back and waiting timers delivered "
                    + "by the promoted slave", Duration.ofSeconds(120), () -> received.keySet().containsAll(all));
            assertEquals(all, new TreeSet<>(received.keySet()), "rolled-back transactions never appear");
            long stored = onTopic(aSlave);
            System.out.printf("[ha-txtimer] promoted slave's topic holds %d messages (expected %d); consumer "
                            + "re-deliveries: %s%n", stored, all.size(),
                    received.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey)
                            .collect(Collectors.toList()));
            assertEquals(all.size(), stored, "each committed and timer message stored exactly once: none lost, "
                    + "no delivered timer repeated, no commit repeated");
        } catch (Throwable e) {
            System.out.println(cluster.logTails(60));
            throw e;
        } finally {
            if (late != null) {
                late.shutdown();
            }
            if (main != null) {
                main.shutdown();
            }
            timed.shutdown();
            tx.shutdown();
        }
    }
}
