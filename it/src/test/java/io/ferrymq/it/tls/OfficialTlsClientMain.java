package io.ferrymq.it.tls;

import org.apache.rocketmq.client.consumer.DefaultLitePullConsumer;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The official RocketMQ 5.3.3 client in a JVM of its own, so that its TLS system properties ({@code tls.enable},
 * {@code tls.client.*}, read once when RocketMQ's {@code TlsSystemConfig} loads) are exactly what the test gives on
 * the command line. Sends {@code count} messages to {@code topic}, then reads them back with a lite pull consumer
 * from the start of every queue; prints {@code SENT n} and {@code RECEIVED n}; exits 0 when all came back, 2 when
 * not within 60 s, 3 on an exception (printed).
 *
 * <p>Arguments: {@code namesrvAddr topic count}.
 */
public final class OfficialTlsClientMain {
    private OfficialTlsClientMain() {
    }

    public static void main(String[] args) {
        String namesrv = args[0];
        String topic = args[1];
        int count = Integer.parseInt(args[2]);
        int exit;
        try {
            exit = run(namesrv, topic, count);
        } catch (Throwable e) {
            e.printStackTrace(System.out);
            exit = 3;
        }
        System.out.flush();
        System.exit(exit);
    }

    private static int run(String namesrv, String topic, int count) throws Exception {
        String run = Long.toString(System.nanoTime());
        DefaultMQProducer producer = new DefaultMQProducer("tls-producer-" + run);
        producer.setNamesrvAddr(namesrv);
        producer.setInstanceName("tls-p-" + run);
        producer.start();
        int sent = 0;
        try {
            for (int i = 0; i < count; i++) {
                SendResult r = producer.send(new Message(topic, "tls",
                        ("over-tls-" + i).getBytes(StandardCharsets.UTF_8)), 10_000);
                if (r.getSendStatus() == SendStatus.SEND_OK) {
                    sent++;
                }
            }
        } finally {
            producer.shutdown();
        }
        System.out.println("SENT " + sent);

        DefaultLitePullConsumer consumer = new DefaultLitePullConsumer("tls-consumer-" + run);
        consumer.setNamesrvAddr(namesrv);
        consumer.setInstanceName("tls-c-" + run);
        consumer.setAutoCommit(false);
        consumer.start();
        Set<String> bodies = new HashSet<>();
        try {
            Collection<MessageQueue> queues = consumer.fetchMessageQueues(topic);
            consumer.assign(queues);
            for (MessageQueue q : queues) {
                seekWithRetry(consumer, q);
            }
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (bodies.size() < count && System.nanoTime() < deadline) {
                List<MessageExt> batch = consumer.poll(1000);
                for (MessageExt m : batch) {
                    bodies.add(new String(m.getBody(), StandardCharsets.UTF_8));
                }
            }
        } finally {
            consumer.shutdown();
        }
        System.out.println("RECEIVED " + bodies.size());
        return sent == count && bodies.size() == count ? 0 : 2;
    }

    /**
     * Known intermittent fault: once in a full-suite run (not in isolated runs) the first GET_MIN_OFFSET of a fresh
     * TLS connection failed with "send request failed", i.e. the official client's write failed on its channel.
     * No cause was found on the server side: remoting's TlsFreshConnectionStressTest sends the first frame right
     * behind the handshake on 200 fresh connections while the certificate reloads, all answered; the official
     * client gives exactly this error whenever it writes on a channel that is closing (it does so every second
     * request after {@code closeChannels}, with plaintext and without the TLS sniffer as well), and it runs its
     * SslHandler on an executor group of its own rather than on the channel's event loop. Retried (bounded) so the
     * test still checks that every message arrives; each failure is printed so the run shows it happened.
     */
    private static void seekWithRetry(DefaultLitePullConsumer consumer, MessageQueue q) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                consumer.seek(q, 0);
                return;
            } catch (org.apache.rocketmq.client.exception.MQClientException e) {
                System.out.println("SEEK FAILED attempt " + attempt + " on " + q + ": " + e.getMessage());
                if (attempt == 3) {
                    throw e;
                }
                Thread.sleep(500); // bounded: three attempts in all
            }
        }
    }
}
