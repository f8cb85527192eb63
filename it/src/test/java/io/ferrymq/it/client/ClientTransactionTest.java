package io.ferrymq.it.client;

import io.ferrymq.client.Message;
import io.ferrymq.client.ReceivedMessage;
import io.ferrymq.client.producer.SendStatus;
import io.ferrymq.client.producer.TransactionListener;
import io.ferrymq.client.producer.TransactionSendResult;
import io.ferrymq.client.producer.TransactionState;
import io.ferrymq.client.producer.TransactionalProducer;
import io.ferrymq.it.TestCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The FerryMQ client's transactional producer: commit, rollback, and an UNKNOWN outcome settled by check-back. */
@Timeout(120)
class ClientTransactionTest {
    private static final String TOPIC = "ClientTxTopic";

    @Test
    void commitRollbackAndCheckBack() throws Exception {
        try (TestCluster cluster = TestCluster.start(c -> c.transactionTimeOut(1000).transactionCheckInterval(1000))) {
            cluster.createTopic(TOPIC, 2);
            Set<String> checked = ConcurrentHashMap.newKeySet();
            TransactionListener listener = new TransactionListener() {
                @Override
                public TransactionState executeLocalTransaction(Message message, Object arg) {
                    return (TransactionState) arg;
                }

                @Override
                public TransactionState checkLocalTransaction(ReceivedMessage message) {
                    String body = new String(message.body(), StandardCharsets.UTF_8);
                    checked.add(body);
                    return body.equals("unknown-then-commit") ? TransactionState.COMMIT : TransactionState.ROLLBACK;
                }
            };
            try (TransactionalProducer p = new TransactionalProducer(ClientFixture.producer(cluster, "it-ferry-tx"),
                    listener).start()) {
                for (var e : new Object[][] {{"committed", TransactionState.COMMIT},
                        {"rolled-back", TransactionState.ROLLBACK},
                        {"unknown-then-commit", TransactionState.UNKNOWN}}) {
                    TransactionSendResult r = p.sendInTransaction(new Message(TOPIC,
                            ((String) e[0]).getBytes(StandardCharsets.UTF_8)), e[1]);
                    assertEquals(SendStatus.SEND_OK, r.sendResult().status());
                    assertEquals(e[1], r.state());
                }
                ClientFixture.await("every half message decided", Duration.ofSeconds(60),
                        () -> cluster.broker().transactions().resolvedBelow()
                                == cluster.broker().store().maxOffset("RMQ_SYS_TRANS_HALF_TOPIC", 0));
                long visible = cluster.broker().store().maxOffset(TOPIC, 0)
                        + cluster.broker().store().maxOffset(TOPIC, 1);
                assertEquals(2, visible, "committed + checked-and-committed; the rollback never stored");
                assertEquals(Set.of("unknown-then-commit"), checked, "only the undecided message was checked");
                assertEquals(2, cluster.broker().transactions().committedCount());
                assertEquals(1, cluster.broker().transactions().rolledBackCount());
            }
        }
    }
}
