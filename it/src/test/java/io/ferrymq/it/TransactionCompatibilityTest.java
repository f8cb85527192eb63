package io.ferrymq.it;

import org.apache.rocketmq.client.consumer.DefaultLitePullConsumer;
import org.apache.rocketmq.client.producer.LocalTransactionState;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.client.producer.TransactionListener;
import org.apache.rocketmq.client.producer.TransactionMQProducer;
import org.apache.rocketmq.client.producer.TransactionSendResult;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static io.ferrymq.it.TestCluster.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Transactions with the official 5.3.3 {@code TransactionMQProducer}: a half message is invisible until its
 * producer commits (directly or when the broker checks back), never visible after a rollback, and the broker asks
 * whichever producer of the group is alive, also after a producer or broker restart.
 */
@Timeout(240)
class TransactionCompatibilityTest {
    private static final String TOPIC = "TxTopic";

    private static TestCluster cluster() throws Exception {
        TestCluster c = TestCluster.start(cfg -> cfg.transactionTimeOut(1000).transactionCheckInterval(1000));
        c.createTopic(TOPIC, 4);
        return c;
    }

    /** A listener whose local transaction and check answers are chosen per message body. */
    private static final class Listener implements TransactionListener {
        final Function<String, LocalTransactionState> local;
        volatile Function<String, LocalTransactionState> check;
        final AtomicInteger checks = new AtomicInteger();
        final Set<String> checked = ConcurrentHashMap.newKeySet();

        Listener(Function<String, LocalTransactionState> local, Function<String, LocalTransactionState> check) {
            this.local = local;
            this.check = check;
        }

        @Override
        public LocalTransactionState executeLocalTransaction(Message msg, Object arg) {
            return local.apply(body(msg));
        }

        @Override
        public LocalTransactionState checkLocalTransaction(MessageExt msg) {
            checks.incrementAndGet();
            checked.add(body(msg));
            assertEquals(TOPIC, msg.getTopic(), "the check shows the real topic");
            return check.apply(body(msg));
        }
    }

    private static String body(Message m) {
        return new String(m.getBody(), StandardCharsets.UTF_8);
    }

    private static TransactionMQProducer producer(TestCluster cluster, String group, Listener l) throws Exception {
        TransactionMQProducer p = cluster.configure(new TransactionMQProducer(group));
        p.setTransactionListener(l);
        p.start();
        return p;
    }

    private static TransactionSendResult send(TransactionMQProducer p, String body) throws Exception {
        TransactionSendResult r = p.sendMessageInTransaction(new Message(TOPIC, body.getBytes(StandardCharsets.UTF_8)),
                null);
        assertEquals(SendStatus.SEND_OK, r.getSendStatus(), "half message stored");
        return r;
    }

    /** Messages stored on the real topic's queues (committed ones only, since half messages live elsewhere). */
    private static long visibleCount(TestCluster cluster) {
        long n = 0;
        for (int q = 0; q < 4; q++) {
            n += cluster.broker().store().maxOffset(TOPIC, q);
        }
        return n;
    }

    private static void awaitAllDecided(TestCluster cluster) {
        awaitTrue("every half message decided", Duration.ofSeconds(60),
                () -> cluster.broker().transactions().resolvedBelow()
                        == cluster.broker().store().maxOffset("RMQ_SYS_TRANS_HALF_TOPIC", 0));
    }

    /** Reads every message of the topic with a lite pull consumer (expecting {@code n}); returns the bodies. */
    private static List<String> readAll(TestCluster cluster, String group, int n) throws Exception {
        DefaultLitePullConsumer c = cluster.configure(new DefaultLitePullConsumer(group));
        c.setAutoCommit(false);
        c.start();
        try {
            Collection<MessageQueue> mqs = c.fetchMessageQueues(TOPIC);
            c.assign(mqs);
            List<String> got = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (got.size() < n && System.nanoTime() < deadline) {
                for (MessageExt m : c.poll(500)) {
                    got.add(body(m));
                }
            }
            return got.stream().sorted().toList();
        } finally {
            c.shutdown();
        }
    }

    @Test
    void commitShowsTheMessageOnItsQueueAndRollbackNeverShowsIt() throws Exception {
        try (TestCluster cluster = cluster()) {
            Listener l = new Listener(b -> b.startsWith("commit") ? LocalTransactionState.COMMIT_MESSAGE
                    : LocalTransactionState.ROLLBACK_MESSAGE, b -> LocalTransactionState.UNKNOW);
            TransactionMQProducer p = producer(cluster, "it-tx-direct", l);
            try {
                TransactionSendResult c1 = send(p, "commit-1");
                assertEquals(LocalTransactionState.COMMIT_MESSAGE, c1.getLocalTransactionState());
                send(p, "rollback-1");
                send(p, "commit-2");
                assertEquals(List.of("commit-1", "commit-2"), readAll(cluster, "it-tx-reader-1", 2));
                awaitAllDecided(cluster);
                assertEquals(2, visibleCount(cluster), "the rolled-back message was never stored on the topic");
                assertEquals(0, l.checks.get(), "decided transactions are not checked back");
            } finally {
                p.shutdown();
            }
        }
    }

    @Test
    void checkBackAppliesTheProducersCommitOrRollback() throws Exception {
        try (TestCluster cluster = cluster()) {
            Listener l = new Listener(b -> LocalTransactionState.UNKNOW,
                    b -> b.startsWith("yes") ? LocalTransactionState.COMMIT_MESSAGE
                            : LocalTransactionState.ROLLBACK_MESSAGE);
            TransactionMQProducer p = producer(cluster, "it-tx-check", l);
            try {
                send(p, "yes-1");
                send(p, "no-1");
                assertEquals(0, visibleCount(cluster), "undecided half messages are invisible");
                awaitAllDecided(cluster);
                assertEquals(List.of("yes-1"), readAll(cluster, "it-tx-reader-2", 1));
                assertEquals(1, visibleCount(cluster));
                assertEquals(Set.of("yes-1", "no-1"), l.checked);
            } finally {
                p.shutdown();
            }
        }
    }

    @Test
    void aRestartedProducerOfTheGroupAnswersTheCheck() throws Exception {
        try (TestCluster cluster = cluster()) {
            Listener first = new Listener(b -> LocalTransactionState.UNKNOW, b -> LocalTransactionState.UNKNOW);
            TransactionMQProducer p1 = producer(cluster, "it-tx-restart", first);
            send(p1, "after-restart-commit");
            send(p1, "after-restart-rollback");
            p1.shutdown();

            // The restarted application sends again (as a real one does): that gives its client the route, so it
            // heartbeats to the broker, which then knows it as a live producer of the group.
            Listener second = new Listener(b -> b.equals("second-producer") ? LocalTransactionState.COMMIT_MESSAGE
                    : LocalTransactionState.UNKNOW, b -> b.endsWith("commit") ? LocalTransactionState.COMMIT_MESSAGE
                            : LocalTransactionState.ROLLBACK_MESSAGE);
            TransactionMQProducer p2 = producer(cluster, "it-tx-restart", second);
            try {
                send(p2, "second-producer");
                awaitAllDecided(cluster);
                assertEquals(List.of("after-restart-commit", "second-producer"),
                        readAll(cluster, "it-tx-reader-3", 2));
                assertEquals(2, visibleCount(cluster));
                assertTrue(second.checked.containsAll(Set.of("after-restart-commit", "after-restart-rollback")));
            } finally {
                p2.shutdown();
            }
        }
    }

    @Test
    void aTransactionSurvivesABrokerRestart() throws Exception {
        try (TestCluster cluster = cluster()) {
            Listener l = new Listener(b -> switch (b) {
                case "before-commit" -> LocalTransactionState.COMMIT_MESSAGE;
                case "before-rollback" -> LocalTransactionState.ROLLBACK_MESSAGE;
                default -> LocalTransactionState.UNKNOW;
            }, b -> LocalTransactionState.UNKNOW);
            TransactionMQProducer p = producer(cluster, "it-tx-broker-restart", l);
            try {
                send(p, "before-commit");
                send(p, "before-rollback");
                send(p, "pending");
                awaitTrue("the pending message was checked once", Duration.ofSeconds(30),
                        () -> l.checked.contains("pending"));

                cluster.stopBroker();
                cluster.startBroker();
                l.check = b -> "pending".equals(b) ? LocalTransactionState.COMMIT_MESSAGE
                        : LocalTransactionState.ROLLBACK_MESSAGE;

                awaitAllDecided(cluster);
                assertEquals(List.of("before-commit", "pending"), readAll(cluster, "it-tx-reader-4", 2));
                assertEquals(2, visibleCount(cluster), "each committed message stored once, the rollback never");
                assertEquals(Set.of("pending"), l.checked, "only the undecided message was ever checked");
            } finally {
                p.shutdown();
            }
        }
    }
}
