package io.ferrymq.it.durability;

import io.ferrymq.it.BrokerProcess;
import io.ferrymq.it.TestCluster;
import io.ferrymq.remoting.RemotingClient;
import io.ferrymq.remoting.RemotingClientConfig;
import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.remoting.protocol.RequestCode;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import static io.ferrymq.it.TestCluster.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fault 11 across processes (issue 15): a broker JVM is SIGKILLed and its files are damaged the ways a crash and
 * a bad disk do (a torn entry after the end of the log, a bit flipped inside a stored message, a consume queue's
 * files deleted, the checkpoint cut in half). It must start again, serve every intact message to the official
 * consumer and never the corrupt one, count what it found, and hand out no queue offset twice.
 */
@Timeout(180)
@SuppressWarnings("deprecation") // the official client API under test marks these deprecated
class CorruptedRestartTest {
    private static final String TOPIC = "DurCorrupt";
    private static final int N = 200;

    private static String body(int i) {
        return String.format("corrupt-test-%03d.", i);
    }

    @Test
    void aDamagedStoreRestartsAndServesEveryIntactMessageAndNeverACorruptOne() throws Exception {
        RemotingClient admin = new RemotingClient(new RemotingClientConfig().name("it-corrupt"));
        try (TestCluster names = TestCluster.nameServerOnly();
             BrokerProcess broker = new BrokerProcess(names.dir().resolve("child"), names.namesrvAddr(), Map.of())) {
            broker.start(names);
            names.createTopic(broker.address(), TOPIC, 2);
            DefaultMQProducer producer = names.configure(new DefaultMQProducer("dur-corrupt-pg"));
            producer.start();
            try {
                for (int i = 0; i < N; i++) {
                    Message m = new Message(TOPIC, body(i).getBytes(StandardCharsets.UTF_8));
                    assertEquals(SendStatus.SEND_OK, producer.send(m,
                        producer.fetchPublishMessageQueues(TOPIC).get(i % 2)).getSendStatus());
                }
            } finally {
                producer.shutdown();
            }
            broker.kill9();

            Path store = broker.storeDir();
            Path segment = firstSegment(store.resolve("commitlog"));
            byte[] log = Files.readAllBytes(segment);
            int victim = indexOf(log, body(57).getBytes(StandardCharsets.US_ASCII));
            assertTrue(victim > 0, "the victim's body is in the log");
            int end = endOfEntries(log);
            try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "rw")) {
                f.seek(victim + 16);
                f.write(log[victim + 16] ^ 0x04); // a bit flipped inside a stored body ('.' becomes '*')
                f.seek(end);
                f.write(ByteBuffer.allocate(40).putInt(300).putInt(0xDAA320A7).putLong(42).array()); // a torn entry
            }
            deleteRecursively(store.resolve("consumequeue").resolve(TOPIC).resolve("1"));
            Path checkpoint = store.resolve("checkpoint");
            byte[] cp = Files.readAllBytes(checkpoint);
            Files.write(checkpoint, java.util.Arrays.copyOf(cp, cp.length / 2));

            long restarting = System.nanoTime();
            broker.start(names);
            System.out.printf("[CorruptedRestartTest] damaged broker routed again after %d ms%n",
                (System.nanoTime() - restarting) / 1_000_000);

            Set<String> consumed = ConcurrentHashMap.newKeySet();
            DefaultMQPushConsumer consumer = names.configure(new DefaultMQPushConsumer("dur-corrupt-cg"));
            consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
            consumer.subscribe(TOPIC, "*");
            consumer.registerMessageListener((MessageListenerConcurrently) (msgs, ctx) -> {
                msgs.forEach(m -> consumed.add(new String(m.getBody(), StandardCharsets.UTF_8)));
                return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
            });
            consumer.start();
            try {
                awaitTrue("every intact message consumed", Duration.ofSeconds(60), () -> consumed.size() >= N - 1);
                for (int i = 0; i < N; i++) {
                    if (i != 57) {
                        assertTrue(consumed.contains(body(i)), "intact message " + i + " served");
                    }
                }
                assertTrue(consumed.stream().allMatch(b -> b.matches("corrupt-test-[0-9]{3}\\.")),
                    "no damaged body was served: " + consumed);
                assertFalse(consumed.contains(body(57)), "the corrupt message is not served");
                assertEquals(N - 1, consumed.size(), "nothing else, nothing garbled");

                producer = names.configure(new DefaultMQProducer("dur-corrupt-pg2"));
                producer.start();
                try {
                    var sent = producer.send(new Message(TOPIC, "after".getBytes(StandardCharsets.UTF_8)),
                        producer.fetchPublishMessageQueues(TOPIC).get(1));
                    assertEquals(SendStatus.SEND_OK, sent.getSendStatus());
                    assertEquals(N / 2, sent.getQueueOffset(), "queue 1 goes on after its rebuilt entries");
                } finally {
                    producer.shutdown();
                }
                awaitTrue("the new message consumed", Duration.ofSeconds(30), () -> consumed.contains("after"));
            } finally {
                consumer.shutdown();
            }
            RemotingCommand r = admin.invokeSync(broker.address(),
                RemotingCommand.request(RequestCode.GET_BROKER_RUNTIME_INFO), 3000);
            String info = new String(r.body(), StandardCharsets.UTF_8);
            assertTrue(info.contains("store.corrupt_message_skipped"), info);
            assertTrue(info.contains("store.checkpoint_unreadable"), info);
        } finally {
            admin.shutdown();
        }
    }

    private static Path firstSegment(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().findFirst().orElseThrow();
        }
    }

    /** The offset after the last whole entry (entry sizes walked from 0 until a zero size). */
    private static int endOfEntries(byte[] log) {
        ByteBuffer b = ByteBuffer.wrap(log);
        int pos = 0;
        while (pos + 8 <= log.length) {
            int size = b.getInt(pos);
            if (size <= 0) {
                return pos;
            }
            pos += size;
        }
        return pos;
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static void deleteRecursively(Path p) throws Exception {
        try (Stream<Path> s = Files.walk(p)) {
            for (Path f : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }
}
