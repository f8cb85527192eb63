package io.ferrymq.benchmark.official;

import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.RequestCallback;
import org.apache.rocketmq.client.utils.MessageUtil;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;

/**
 * Workload 7: request/reply round trips with the official client's callback {@code request(msg, callback,
 * timeout)} (the blocking form is broken in 5.3.1+, docs/protocol.md pitfall 23). Each of {@code --threads}
 * requester threads keeps one request outstanding and records request-to-reply time. The responder, in the same
 * JVM but on its own client instance (its own connections, as a separate service would be), is a push consumer
 * group on the request topic with {@code --responders} threads that answers each request with
 * {@code MessageUtil.createReplyMessage} (the request's body echoed) sent by its own producer. A request not
 * answered within {@code --timeout-ms} is an error; replies the responder failed to send are counted separately
 * and printed at the end.
 */
final class RpcLoad extends ProducerLoad {
    private static final long READY_TIMEOUT_MS = 30_000;

    private final LongAdder replyFailures = new LongAdder();
    private final LongAdder replies = new LongAdder();
    private DefaultMQProducer replier;
    private DefaultMQPushConsumer responder;

    RpcLoad(BenchOptions o, Meter meter, String runId) {
        super(o, meter, runId);
    }

    @Override
    void beforeLoad() throws Exception {
        String instance = "bench_rpc_responder_" + runId;
        replier = Clients.producer(o, "bench_rpc_reply_pg_" + runId, instance);
        replier.start();
        responder = new DefaultMQPushConsumer("bench_rpc_cg_" + runId);
        responder.setNamesrvAddr(o.namesrv());
        responder.setInstanceName(instance);
        responder.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        responder.setConsumeThreadMin(o.responders());
        responder.setConsumeThreadMax(o.responders());
        responder.subscribe(o.topic(), "*");
        responder.registerMessageListener((MessageListenerConcurrently) (msgs, ctx) -> {
            for (MessageExt m : msgs) {
                reply(m);
            }
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS; // a failed reply is counted, never redelivered late
        });
        responder.start();
        awaitReady();
    }

    private void reply(MessageExt request) {
        try {
            Message reply = MessageUtil.createReplyMessage(request, request.getBody());
            replier.send(reply);
            replies.increment();
        } catch (Exception e) {
            replyFailures.increment();
            meter.failure("responder could not send a reply", e);
        }
    }

    /**
     * Bounded wait until the responder holds queues of the request topic, and until the broker knows the
     * requester (a reply is pushed to the requester's connection, found by its heartbeat; the client's periodic
     * heartbeat can come 30 s after start).
     */
    private void awaitReady() throws InterruptedException {
        var factory = producer.getDefaultMQProducerImpl().getMqClientFactory();
        factory.updateTopicRouteInfoFromNameServer(o.topic());
        factory.sendHeartbeatToAllBrokerWithLock();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(READY_TIMEOUT_MS);
        while (responder.getDefaultMQPushConsumerImpl().getRebalanceImpl().getProcessQueueTable().isEmpty()) {
            if (System.nanoTime() > deadline) {
                System.err.println("warn: the responder got no queue of " + o.topic() + " within "
                        + READY_TIMEOUT_MS + " ms; requests will time out until it does");
                return;
            }
            Thread.sleep(100);
        }
        System.err.println("responder holds " + responder.getDefaultMQPushConsumerImpl().getRebalanceImpl()
                .getProcessQueueTable().size() + " queue(s) of " + o.topic());
    }

    @Override
    void sendOne() throws InterruptedException {
        Completion c = new Completion();
        CompletableFuture<Message> done = new CompletableFuture<>();
        try {
            producer.request(Clients.message(o.topic(), body, runId), new RequestCallback() {
                @Override
                public void onSuccess(Message reply) {
                    if (reply != null) { // onSuccess(null) comes once the request is stored: not the reply
                        done.complete(reply);
                    }
                }

                @Override
                public void onException(Throwable e) {
                    done.completeExceptionally(e);
                }
            }, o.timeoutMs());
            done.get(o.timeoutMs() + 1_000L, TimeUnit.MILLISECONDS);
            meter.success(c.micros());
        } catch (InterruptedException e) {
            throw e;
        } catch (ExecutionException e) {
            meter.failure("request", e.getCause());
        } catch (TimeoutException e) {
            meter.failure("request: no reply within " + (o.timeoutMs() + 1_000) + " ms", null);
        } catch (Exception e) {
            meter.failure("request (not sent)", e);
            Thread.sleep(10);
        }
    }

    @Override
    void afterThreads() {
        if (responder != null) {
            responder.shutdown();
        }
        if (replier != null) {
            replier.shutdown();
        }
        System.err.printf("responder: %d replies sent, %d failed%n", replies.sum(), replyFailures.sum());
    }
}
