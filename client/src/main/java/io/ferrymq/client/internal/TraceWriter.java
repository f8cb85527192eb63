package io.ferrymq.client.internal;

import io.ferrymq.client.Message;
import io.ferrymq.client.ReceivedMessage;
import io.ferrymq.client.producer.SendResult;
import io.ferrymq.common.message.MessageConst;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes message traces in RocketMQ's trace format (what the official client's {@code enableMsgTrace} writes, and
 * what {@code ferry-admin queryMsgTrace} and {@code mqadmin queryMsgTraceById} read): a producer's send
 * ({@code Pub}), a push consumer's delivery ({@code SubBefore}) and its listener's result ({@code SubAfter}).
 *
 * <pre>
 * Pub       | timestamp | region | group | topic | msgId | tags | keys | storeHost | bodyLength | costTime
 *           | msgType ordinal | offsetMsgId | success | clientHost
 * SubBefore | timestamp | region | group | requestId | msgId | retryTimes | keys
 * SubAfter  | requestId | msgId | costTime | success | keys | contextCode | timestamp
 * </pre>
 * Fields are separated by char 1, records by char 2. Records wait in a bounded queue; every
 * {@value #FLUSH_PERIOD_MILLIS} ms the client's housekeeping worker sends them, up to {@value #MAX_RECORDS} per
 * trace message, to the trace topic, with the traced messages' ids as keys (so a query by key finds them). A full
 * queue or a failed trace send drops records: counted as faults {@value #FAULT_DROPPED} /
 * {@value #FAULT_SEND_FAILED} in the client's registry, never an error for the traced send or consumption.
 *
 * <p>Threading: {@link #sent}, {@link #beforeConsume} and {@link #afterConsume} are called from any thread (they
 * only enqueue); {@link #flush()} runs on the housekeeping worker.
 */
public final class TraceWriter {
    private static final Logger log = LoggerFactory.getLogger(TraceWriter.class);
    /** RocketMQ's ConsumeReturnType ordinals, the SubAfter context code. */
    static final int RETURN_SUCCESS = 0;
    static final int RETURN_EXCEPTION = 2;
    static final int RETURN_NULL = 3;
    static final int RETURN_FAILED = 4;
    static final char FIELD = 1;
    static final char RECORD = 2;
    static final int QUEUE_CAPACITY = 20_000;
    static final int MAX_RECORDS = 64;
    static final long FLUSH_PERIOD_MILLIS = 100;
    static final String FAULT_DROPPED = "trace.records_dropped";
    static final String FAULT_SEND_FAILED = "trace.send_failed";
    private static final String REGION = "DefaultRegion";
    private static final int MSG_TYPE_NORMAL = 0;
    private static final int MSG_TYPE_DELAY = 3;
    private static final long SEND_TIMEOUT_MILLIS = 5000;
    static final long CLOSE_WAIT_MILLIS = 3000;

    /** One record and the traced message id it is found by. */
    private record Pending(String record, String msgId) {
    }

    private final ClientInstance instance;
    private final Sender sender;
    private final String traceTopic;
    private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final Set<CompletableFuture<?>> inFlight = ConcurrentHashMap.newKeySet();

    /**
     * @param sender a sender on the owner's client instance whose sends are not traced themselves
     */
    public TraceWriter(ClientInstance instance, Sender sender, String traceTopic) {
        this.instance = instance;
        this.sender = sender;
        this.traceTopic = traceTopic;
        instance.every("write message traces", FLUSH_PERIOD_MILLIS, this::flush);
    }

    /** Records written to the trace topic so far. */
    public long written() {
        return written.get();
    }

    /** Records dropped (queue full or trace send failed). */
    public long dropped() {
        return dropped.get();
    }

    /** A producer sent {@code m}: its outcome ({@code result} null when the send failed). */
    public void sent(String group, Message m, SendResult result, long startMillis, long costMillis, String storeHost) {
        String msgId = result != null ? result.msgId() : m.property(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX);
        if (msgId == null) {
            return;
        }
        int type = m.delayLevel() > 0 || m.property(MessageConst.PROPERTY_TIMER_DELIVER_MS) != null
                || m.property(MessageConst.PROPERTY_TIMER_DELAY_SEC) != null
                || m.property(MessageConst.PROPERTY_TIMER_DELAY_MS) != null ? MSG_TYPE_DELAY : MSG_TYPE_NORMAL;
        String record = join("Pub", startMillis, REGION, group, m.topic(), msgId, m.tags(), m.keys(),
                storeHost, m.body() == null ? 0 : m.body().length, costMillis, type,
                result == null ? "" : result.offsetMsgId(), result != null, instance.clientId());
        offer(new Pending(record, msgId));
    }

    /** A push consumer is about to run its listener on {@code msgs}; returns the request id linking the after. */
    public String beforeConsume(String group, List<ReceivedMessage> msgs) {
        String requestId = UUID.randomUUID().toString().replace("-", "");
        long now = instance.clock().currentTimeMillis();
        for (ReceivedMessage m : msgs) {
            String msgId = m.msgId();
            if (msgId != null) {
                offer(new Pending(join("SubBefore", now, REGION, group, requestId, msgId, m.reconsumeTimes(),
                        m.keys()), msgId));
            }
        }
        return requestId;
    }

    /** The listener returned for the messages of {@code requestId}: {@code success} and its result code. */
    public void afterConsume(String requestId, List<ReceivedMessage> msgs, long costMillis, boolean success,
                             int contextCode) {
        long now = instance.clock().currentTimeMillis();
        for (ReceivedMessage m : msgs) {
            String msgId = m.msgId();
            if (msgId != null) {
                offer(new Pending(join("SubAfter", requestId, msgId, costMillis, success, m.keys(), contextCode,
                        now), msgId));
            }
        }
    }

    private void offer(Pending p) {
        if (!queue.offer(p)) {
            dropped.incrementAndGet();
            instance.faults().record(FAULT_DROPPED, "trace queue full (" + QUEUE_CAPACITY + " records); a trace "
                    + "record of message " + p.msgId() + " was dropped");
        }
    }

    private static String join(Object... fields) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                sb.append(FIELD);
            }
            sb.append(fields[i] == null ? "" : fields[i]);
        }
        return sb.append(RECORD).toString();
    }

    /** Sends what is queued, {@value #MAX_RECORDS} records per trace message (housekeeping worker). */
    void flush() {
        for (int round = 0; round < QUEUE_CAPACITY / MAX_RECORDS && !queue.isEmpty(); round++) {
            List<Pending> batch = new ArrayList<>(MAX_RECORDS);
            queue.drainTo(batch, MAX_RECORDS);
            if (batch.isEmpty()) {
                return;
            }
            send(batch);
        }
    }

    private void send(List<Pending> batch) {
        StringBuilder body = new StringBuilder();
        Set<String> keys = new LinkedHashSet<>();
        for (Pending p : batch) {
            body.append(p.record());
            keys.add(p.msgId());
        }
        Message m = new Message(traceTopic, body.toString().getBytes(StandardCharsets.UTF_8)).keys(keys);
        try {
            CompletableFuture<SendResult> f = sender.sendAsync(sender.prepare(m), SEND_TIMEOUT_MILLIS);
            inFlight.add(f);
            f.whenComplete((r, e) -> {
                inFlight.remove(f);
                if (e == null) {
                    written.addAndGet(batch.size());
                } else {
                    failed(batch.size(), e);
                }
            });
        } catch (RuntimeException e) {
            failed(batch.size(), e);
        }
    }

    private void failed(int records, Throwable e) {
        dropped.addAndGet(records);
        instance.faults().record(FAULT_SEND_FAILED, "writing " + records + " trace record(s) to " + traceTopic
                + " failed: " + e);
        log.debug("trace send to {} failed: {}", traceTopic, e.toString());
    }

    /**
     * Sends what is still queued and waits up to {@value #CLOSE_WAIT_MILLIS} ms for the trace sends to be
     * answered; called before the owner's instance shuts down. What is not answered by then is lost, counted.
     */
    public void close() {
        flush();
        try {
            CompletableFuture.allOf(inFlight.toArray(new CompletableFuture<?>[0]))
                    .get(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // each failure was counted by its own completion; a timeout leaves those sends unanswered
            log.debug("trace sends still unanswered at close: {}", e.toString());
        }
    }
}
