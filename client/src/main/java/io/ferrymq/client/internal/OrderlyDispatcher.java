package io.ferrymq.client.internal;

import io.ferrymq.client.ReceivedMessage;
import io.ferrymq.client.consumer.ConsumeOrderlyContext;
import io.ferrymq.client.consumer.ConsumeOrderlyStatus;
import io.ferrymq.client.consumer.MessageListenerOrderly;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collections;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Orderly consumption: at most one task per queue is scheduled or running ({@link ProcessQueue#orderlyScheduled})
 * and it holds the queue's consume lock while calling the listener, so each queue is consumed by one thread at a
 * time, in offset order. In clustering mode a queue is consumed only while this client holds its broker lock.
 * A suspended batch is delivered again after the context's pause; after {@code maxReconsumeTimes} local retries
 * its messages go to the dead-letter topic and the queue moves on.
 */
final class OrderlyDispatcher extends ConsumeDispatcher {
    private static final Logger log = LoggerFactory.getLogger(OrderlyDispatcher.class);
    private static final long MAX_TIME_SLICE_MILLIS = 60_000;

    private final MessageListenerOrderly listener;

    OrderlyDispatcher(PushEngine engine, MessageListenerOrderly listener, Sender retrySender) {
        super(engine, retrySender);
        this.listener = listener;
    }

    @Override
    void dispatch(ProcessQueue pq, List<ReceivedMessage> msgs, boolean wasEmpty) {
        schedule(pq, 0);
    }

    private void schedule(ProcessQueue pq, long delayMillis) {
        if (!pq.orderlyScheduled().compareAndSet(false, true)) {
            return;
        }
        resubmit(pq, delayMillis);
    }

    /** Submits the queue's task; the caller holds the "scheduled" flag. */
    private void resubmit(ProcessQueue pq, long delayMillis) {
        try {
            if (delayMillis <= 0) {
                engine.consumeExecutor().execute(() -> run(pq));
            } else {
                engine.pullScheduler().schedule(() -> resubmit(pq, 0), delayMillis, TimeUnit.MILLISECONDS);
            }
        } catch (RejectedExecutionException e) {
            pq.orderlyScheduled().set(false);
        }
    }

    private void run(ProcessQueue pq) {
        if (pq.dropped() || engine.stopped()) {
            pq.orderlyScheduled().set(false);
            return;
        }
        ClientInstance inst = engine.instance();
        if (engine.clustering() && !pq.lockValid(inst.clock().monotonicMillis(), engine.config().lockExpireMillis())) {
            resubmit(pq, 100);
            return;
        }
        long sliceEnd = inst.clock().monotonicMillis() + MAX_TIME_SLICE_MILLIS;
        pq.consumeLock().lock();
        try {
            while (true) {
                if (pq.dropped() || engine.stopped()) {
                    pq.orderlyScheduled().set(false);
                    return;
                }
                List<ReceivedMessage> batch = pq.take(engine.config().consumeMessageBatchMaxSize());
                if (batch.isEmpty()) {
                    pq.orderlyScheduled().set(false);
                    if (pq.count() > 0 && pq.orderlyScheduled().compareAndSet(false, true)) {
                        continue;
                    }
                    return;
                }
                for (ReceivedMessage m : batch) {
                    m.restoreOriginalTopic();
                }
                List<ReceivedMessage> undecodable = undecodable(batch);
                if (!undecodable.isEmpty()) {
                    // Undecodable bodies never reach the listener; they must be dead-lettered before the queue
                    // moves past them, or the whole batch waits and is tried again.
                    if (!failUndecodable(undecodable).isEmpty()) {
                        pq.putBack(batch);
                        resubmit(pq, Math.max(1, engine.config().suspendCurrentQueueTimeMillis()));
                        return;
                    }
                    batch.removeIf(m -> m.bodyError() != null);
                    if (batch.isEmpty()) {
                        long offset = pq.commit();
                        if (offset >= 0) {
                            engine.offsets().update(pq.queue(), offset, false);
                        }
                        continue;
                    }
                }
                ConsumeOrderlyContext ctx = new ConsumeOrderlyContext(pq.queue(),
                    engine.config().suspendCurrentQueueTimeMillis());
                ConsumeOrderlyStatus status;
                TraceWriter trace = engine.trace();
                String requestId = trace == null ? null : trace.beforeConsume(engine.config().group(), batch);
                long start = engine.instance().clock().currentTimeMillis();
                int returnType;
                try {
                    status = listener.consumeMessage(Collections.unmodifiableList(batch), ctx);
                    returnType = status == null ? TraceWriter.RETURN_NULL
                        : status == ConsumeOrderlyStatus.SUSPEND_CURRENT_QUEUE_A_MOMENT ? TraceWriter.RETURN_FAILED
                        : TraceWriter.RETURN_SUCCESS;
                } catch (RuntimeException e) {
                    log.warn("{}: orderly listener threw on {}; suspending the queue", engine.config().group(),
                        pq.queue(), e);
                    status = ConsumeOrderlyStatus.SUSPEND_CURRENT_QUEUE_A_MOMENT;
                    returnType = TraceWriter.RETURN_EXCEPTION;
                }
                if (trace != null) {
                    trace.afterConsume(requestId, batch, engine.instance().clock().currentTimeMillis() - start,
                        returnType == TraceWriter.RETURN_SUCCESS, returnType);
                }
                if (pq.dropped()) {
                    pq.orderlyScheduled().set(false);
                    return;
                }
                if (status == null || status == ConsumeOrderlyStatus.SUSPEND_CURRENT_QUEUE_A_MOMENT) {
                    if (!exhausted(pq, batch)) {
                        pq.putBack(batch);
                        resubmit(pq, Math.max(1, ctx.suspendCurrentQueueTimeMillis()));
                        return;
                    }
                    boolean allSent = true;
                    for (ReceivedMessage m : batch) {
                        allSent &= sendBack(m, -1);
                    }
                    if (!allSent) {
                        pq.putBack(batch);
                        resubmit(pq, Math.max(1, ctx.suspendCurrentQueueTimeMillis()));
                        return;
                    }
                    log.warn("{}: {} message(s) of {} exceeded {} retries and went to the dead-letter topic",
                        engine.config().group(), batch.size(), pq.queue(), engine.config().maxReconsumeTimes());
                }
                long offset = pq.commit();
                if (offset >= 0) {
                    engine.offsets().update(pq.queue(), offset, false);
                }
                if (inst.clock().monotonicMillis() > sliceEnd) {
                    resubmit(pq, 0);
                    return;
                }
            }
        } finally {
            pq.consumeLock().unlock();
        }
    }

    private boolean exhausted(ProcessQueue pq, List<ReceivedMessage> batch) {
        int max = engine.config().maxReconsumeTimes();
        if (max < 0) {
            return false;
        }
        for (ReceivedMessage m : batch) {
            if (pq.localRetries(m.queueOffset()) < max) {
                return false;
            }
        }
        return true;
    }
}
