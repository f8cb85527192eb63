package io.ferrymq.it.fault;

import org.apache.rocketmq.client.consumer.AllocateMessageQueueStrategy;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.consumer.rebalance.AllocateMessageQueueAveragely;
import org.apache.rocketmq.client.impl.consumer.ProcessQueue;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.remoting.RPCHook;
import org.apache.rocketmq.remoting.protocol.RemotingCommand;
import org.apache.rocketmq.remoting.protocol.RequestCode;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One member of fault 12's churning consumer group, run as its own JVM so it can be killed with SIGKILL or stopped
 * with SIGSTOP: an official push consumer (concurrent, from the first offset) that writes, to its report file, a
 * {@code D} line for every message before it returns CONSUME_SUCCESS (so what it reports is never less than what it
 * lets the client commit) and an {@code O} line with the queues it owns every 200 ms. Each line is one unbuffered
 * write, so a SIGKILL loses nothing already reported. SIGTERM shuts the consumer down cleanly (a member leaving).
 * For diagnosing slow convergence, every allocation the client's rebalance computes is reported too (the members
 * it was given by the broker it asked, and its share), and the client's own log (which notes each
 * NOTIFY_CONSUMER_IDS_CHANGED it receives and every change of its allocation) goes to {@code <report>-client/}.
 *
 * <p>Lines: {@code J <time>} just before the consumer starts, {@code H <time>} just before its client sends its
 * first heartbeat (from here the brokers count it: it is joining), {@code D <time> <id> <queue>
 * <queueOffset>}, {@code O <time> <queue,queue,...>} and {@code A <time> <topic> <member,member,...>
 * <queue,queue,...>} (tab-separated; the checker reads H, D and O).
 * Arguments: name-server address, group, topic, instance name, report file.
 */
public final class ChurnConsumerMain {
    private ChurnConsumerMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            throw new IllegalArgumentException("usage: ChurnConsumerMain <namesrv> <group> <topic> <instance> <file>");
        }
        // before any client class logs: the official client reads its log directory once
        System.setProperty("rocketmq.log.root", args[4] + "-client");
        FileOutputStream out = new FileOutputStream(args[4], true);
        AtomicBoolean registering = new AtomicBoolean();
        // the brokers count a member from its first heartbeat (sent near the end of start()), not from start()
        DefaultMQPushConsumer c = new DefaultMQPushConsumer(args[1], new RPCHook() {
            @Override
            public void doBeforeRequest(String addr, RemotingCommand request) {
                if (request.getCode() == RequestCode.HEART_BEAT && registering.compareAndSet(false, true)) {
                    write(out, "H\t" + System.currentTimeMillis() + "\n");
                }
            }

            @Override
            public void doAfterResponse(String addr, RemotingCommand request, RemotingCommand response) {
            }
        });
        c.setNamesrvAddr(args[0]);
        c.setInstanceName(args[3]);
        c.setPollNameServerInterval(1000);
        c.setHeartbeatBrokerInterval(1000);
        c.setPersistConsumerOffsetInterval(1000);
        c.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        c.setConsumeMessageBatchMaxSize(16);
        c.setAllocateMessageQueueStrategy(recording(new AllocateMessageQueueAveragely(), out));
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

    /** {@code strategy}, reporting each allocation it computes as an {@code A} line. */
    private static AllocateMessageQueueStrategy recording(AllocateMessageQueueStrategy strategy, FileOutputStream out) {
        return new AllocateMessageQueueStrategy() {
            @Override
            public List<MessageQueue> allocate(String group, String self, List<MessageQueue> all, List<String> ids) {
                List<MessageQueue> mine = strategy.allocate(group, self, all, ids);
                TreeSet<String> keys = new TreeSet<>();
                mine.forEach(q -> keys.add(Queues.key(q.getTopic(), q.getBrokerName(), q.getQueueId())));
                String topic = all.isEmpty() ? "?" : all.get(0).getTopic();
                write(out, "A\t" + System.currentTimeMillis() + "\t" + topic + "\t" + String.join(",", ids) + "\t"
                        + String.join(",", keys) + "\n");
                return mine;
            }

            @Override
            public String getName() {
                return strategy.getName();
            }
        };
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
