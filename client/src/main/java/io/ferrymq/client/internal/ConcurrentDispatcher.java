package io.ferrymq.client.internal;

import io.ferrymq.client.ReceivedMessage;
import io.ferrymq.client.consumer.ConsumeConcurrentlyContext;
import io.ferrymq.client.consumer.ConsumeConcurrentlyStatus;
import io.ferrymq.client.consumer.MessageListenerConcurrently;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Concurrent consumption: splits pulled messages into batches of {@code consumeMessageBatchMaxSize} and runs the
 * listener on the consume pool. Success removes the batch from its {@link ProcessQueue} and advances the
 * offset; failure sends each message back for retry (clustering) — those that cannot be sent back are
 * consumed again locally after 5 s. Messages whose body cannot be decoded never reach the listener: they fail at
 * once and go to the dead-letter topic ({@link #failUndecodable}).
 */
final class ConcurrentDispatcher extends ConsumeDispatcher {
    private static final Logger log = LoggerFactory.getLogger(ConcurrentDispatcher.class);
    private static final long LOCAL_RETRY_DELAY_MILLIS = 5000;

    private final MessageListenerConcurrently listener;

    ConcurrentDispatcher(PushEngine engine, MessageListenerConcurrently listener, Sender retrySender) {
        super(engine, retrySender);
        this.listener = listener;
    }

    @Override
    void dispatch(ProcessQueue pq, List<ReceivedMessage> msgs, boolean wasEmpty) {
        int batch = engine.config().consumeMessageBatchMaxSize();
        for (int i = 0; i < msgs.size(); i += batch) {
            submit(pq, new ArrayList<>(msgs.subList(i, Math.min(msgs.size(), i + batch))));
        }
    }

    private void submit(ProcessQueue pq, List<ReceivedMessage> batch) {
        try {
            engine.consumeExecutor().execute(() -> consume(pq, batch));
        } catch (RejectedExecutionException e) {
            // shutting down: the messages stay uncommitted and will be delivered again
        }
    }

    private void consume(ProcessQueue pq, List<ReceivedMessage> batch) {
        if (pq.dropped()) {
            return;
        }
        for (ReceivedMessage m : batch) {
            m.restoreOriginalTopic();
        }
        List<ReceivedMessage> undecodable = undecodable(batch);
        List<ReceivedMessage> decodable = new ArrayList<>(batch);
        decodable.removeIf(m -> m.bodyError() != null);
        List<ReceivedMessage> keep = new ArrayList<>(failUndecodable(undecodable));
        ConsumeConcurrentlyContext ctx = new ConsumeConcurrentlyContext(pq.queue());
        ConsumeConcurrentlyStatus status = ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        if (!decodable.isEmpty()) {
            TraceWriter trace = engine.trace();
            String requestId = trace == null ? null : trace.beforeConsume(engine.config().group(), decodable);
            long start = engine.instance().clock().currentTimeMillis();
            int returnType = TraceWriter.RETURN_SUCCESS;
            try {
                status = listener.consumeMessage(Collections.unmodifiableList(decodable), ctx);
                returnType = status == null ? TraceWriter.RETURN_NULL
                    : status == ConsumeConcurrentlyStatus.CONSUME_SUCCESS ? TraceWriter.RETURN_SUCCESS
                    : TraceWriter.RETURN_FAILED;
            } catch (RuntimeException e) {
                log.warn("{}: listener threw on {} message(s) of {}; will retry them", engine.config().group(),
                    decodable.size(), pq.queue(), e);
                status = ConsumeConcurrentlyStatus.RECONSUME_LATER;
                returnType = TraceWriter.RETURN_EXCEPTION;
            }
            if (trace != null) {
                trace.afterConsume(requestId, decodable, engine.instance().clock().currentTimeMillis() - start,
                    returnType == TraceWriter.RETURN_SUCCESS, returnType);
            }
        }
        if (status == null) {
            status = ConsumeConcurrentlyStatus.RECONSUME_LATER;
        }
        if (pq.dropped()) {
            return;
        }
        if (status == ConsumeConcurrentlyStatus.RECONSUME_LATER) {
            if (engine.clustering()) {
                for (ReceivedMessage m : decodable) {
                    if (!sendBack(m, ctx.delayLevelWhenNextConsume())) {
                        keep.add(m);
                    }
                }
            } else {
                log.warn("{}: broadcast consumption of {} message(s) failed; they are not retried",
                    engine.config().group(), decodable.size());
            }
        }
        List<ReceivedMessage> done = new ArrayList<>(batch);
        done.removeAll(keep);
        long offset = pq.remove(done);
        if (offset >= 0 && !pq.dropped()) {
            engine.offsets().update(pq.queue(), offset, true);
        }
        if (!keep.isEmpty()) {
            try {
                engine.pullScheduler().schedule(() -> submit(pq, keep), LOCAL_RETRY_DELAY_MILLIS,
                    TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                // shutting down
            }
        }
    }
}
