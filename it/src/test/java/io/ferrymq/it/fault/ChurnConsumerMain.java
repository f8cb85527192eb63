package io.ferrymq.it.fault;

import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.impl.consumer.ProcessQueue;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One member of fault 12's churning consumer group, run as its own JVM so it can be killed with SIGKILL or stopped
 * with SIGSTOP: an official push consumer (concurrent, from the first offset) that writes, to its report file, a
 * {@code D} line for every message before it returns CONSUME_SUCCESS (so what it reports is never less than what it
 * lets the client commit) and an {@code O} line with the queues it owns every 200 ms. Each line is one unbuffered
 * write, so a SIGKILL loses nothing already reported. SIGTERM shuts the consumer down cleanly (a member leaving).
 *
 * <p>Lines: {@code J <time>} just before the consumer starts (it is joining), {@code D <time> <id> <queue>
 * <queueOffset>} and {@code O <time> <queue,queue,...>} (tab-separated).
 * Arguments: name-server address, group, topic, instance name, report file.
 */
public final class ChurnConsumerMain {
    private ChurnConsumerMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            throw new IllegalArgumentException("usage: ChurnConsumerMain <namesrv> <group> <topic> <instance> <file>");
        }
        FileOutputStream out = new FileOutputStream(args[4], true);
        DefaultMQPushConsumer c = new DefaultMQPushConsumer(args[1]);
        c.setNamesrvAddr(args[0]);
        c.setInstanceName(args[3]);
        c.setPollNameServerInterval(1000);
        c.setHeartbeatBrokerInterval(1000);
        c.setPersistConsumerOffsetInterval(1000);
        c.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        c.setConsumeMessageBatchMaxSize(16);
        c.subscribe(args[2], "*");
        c.registerMessageListener((MessageListenerConcurrently) (msgs, ctx) -> {
            StringBuilder sb = new StringBuilder();
            for (MessageExt m : msgs) {
                sb.append("D\t").append(System.currentTimeMillis()).append('\t').append(m.getKeys()).append('\t')
                        .append(Queues.key(m.getTopic(), m.getBrokerName(), m.getQueueId())).append('\t')
                        .append(m.getQueueOffset()).append('\n');
            }
            write(out, sb.toString());
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            c.shutdown(); // persists offsets and unregisters: the group rebalances without this member
            done.countDown();
        }, "churn-consumer-shutdown"));
        // joining: from here the brokers may count this member, and the others give up the queues it is allotted
        write(out, "J\t" + System.currentTimeMillis() + "\n");
        c.start();
        System.out.println("[churn] " + args[3] + " started in group " + args[1]);
        while (!done.await(200, TimeUnit.MILLISECONDS)) {
            TreeSet<String> owned = new TreeSet<>();
            Map<MessageQueue, ProcessQueue> table = c.getDefaultMQPushConsumerImpl().getRebalanceImpl()
                    .getProcessQueueTable();
            table.forEach((q, pq) -> {
                if (!pq.isDropped()) {
                    owned.add(Queues.key(q.getTopic(), q.getBrokerName(), q.getQueueId()));
                }
            });
            write(out, "O\t" + System.currentTimeMillis() + "\t" + String.join(",", owned) + "\n");
        }
    }

    private static void write(FileOutputStream out, String lines) {
        try {
            synchronized (out) {
                out.write(lines.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the churn report", e);
        }
    }
}
