package io.ferrymq.broker.timer;

import io.ferrymq.broker.durability.ReplicatedPuts;
import io.ferrymq.broker.topic.TopicNames;
import io.ferrymq.common.Clock;
import io.ferrymq.common.fault.FaultRegistry;
import io.ferrymq.common.message.DecodedMessage;
import io.ferrymq.common.message.MessageDecoder;
import io.ferrymq.common.worker.Duty;
import io.ferrymq.common.worker.DutyCycleWorker;
import io.ferrymq.store.GetResult;
import io.ferrymq.store.GetStatus;
import io.ferrymq.store.MessageFilter;
import io.ferrymq.store.MessageStore;
import io.ferrymq.store.PutResult;
import io.ferrymq.store.QueryResult;
import org.rocksdb.RocksDBException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Delivers timer messages when due. Each round (1) indexes timer messages newly stored on queue 0 of
 * {@code rmq_sys_wheel_timer} into the {@link TimerIndex} by due time, then (2) delivers the entries due now, in
 * due-time order, in batches of {@value #DELIVER_BATCH}: a copy of each goes to its real topic and queue
 * ({@link TimerMessages#delivered}), then the batch is removed from the index.
 *
 * <p>Restart safety: indexing and the index's enqueue offset are one atomic write, so nothing is lost or indexed
 * twice. Before delivering a batch the wheel marks it in flight; entries of a batch still marked after a crash
 * are delivered only when no copy with their TIMER_SOURCE is already in the store, so no batch is repeated.
 *
 * <p>Replication (issue 15): an entry leaves the index only once its copy is acknowledged, i.e. under SYNC_MASTER
 * also held by the slaves ({@link ReplicatedPuts}). A copy stored but not confirmed is counted
 * ({@code timer.delivery_not_replicated}) and remembered; the next round waits for that copy again instead of
 * storing another one.
 *
 * <p>Threading: one {@code timer-wheel} worker thread owns the index; it idles until the next entry is due, at
 * most {@value #IDLE_MILLIS} ms, and is woken when a timer message is stored. Tests step it with a manual clock.
 */
public final class TimerWheel implements Duty, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TimerWheel.class);
    static final int ENQUEUE_BATCH = 1024;
    static final int DELIVER_BATCH = 256;
    static final long IDLE_MILLIS = 100;
    /** Pause before a batch that was not (fully) delivered is tried again. */
    static final long RETRY_MILLIS = 1000;

    private final MessageStore store;
    private final ReplicatedPuts puts;
    /** Commit-log offset of a waiting message → its delivered copy the slaves have not confirmed; worker thread. */
    private final Map<Long, PutResult> unreplicated = new HashMap<>();
    private final Clock clock;
    private final InetSocketAddress storeHost;
    private final FaultRegistry faults;
    private final TimerIndex index;
    private final DutyCycleWorker worker;
    private volatile long delivered;
    private volatile long enqueued;
    private volatile long enqueueOffset;
    private volatile boolean indexClosed;
    /** Monotonic time before which a failed batch is not retried (MIN_VALUE: no pause); worker thread. */
    private long retryAtMillis = Long.MIN_VALUE;

    /** Without replication: deliveries wait for nobody but the store (tests, ASYNC_MASTER). */
    public TimerWheel(MessageStore store, Clock clock, InetSocketAddress storeHost, Path indexDir,
                      FaultRegistry faults) throws IOException {
        this(store, new ReplicatedPuts(store), clock, storeHost, indexDir, faults);
    }

    /** @param puts how deliveries are written (store put, then the SYNC_MASTER wait for slaves) */
    public TimerWheel(MessageStore store, ReplicatedPuts puts, Clock clock, InetSocketAddress storeHost,
                      Path indexDir, FaultRegistry faults) throws IOException {
        this.store = store;
        this.puts = puts;
        this.clock = clock;
        this.storeHost = storeHost;
        this.faults = faults;
        this.index = new TimerIndex(indexDir);
        this.worker = new DutyCycleWorker("timer-wheel", this, IDLE_MILLIS, faults);
        try {
            this.enqueueOffset = index.enqueueOffset();
        } catch (RocksDBException e) {
            index.close();
            throw new IOException("cannot read the timer index at " + indexDir + ": " + e.getMessage(), e);
        }
    }

    public void start() {
        worker.start();
    }

    /** Stops the worker and closes the index. Idempotent. */
    @Override
    public synchronized void close() {
        worker.close();
        closeIndexOnce();
    }

    private void closeIndexOnce() {
        if (!indexClosed) {
            indexClosed = true;
            index.close();
        }
    }

    /** A timer message was stored: index it now. */
    public void wakeup() {
        worker.wakeup();
    }

    /** Runs one round on the caller's thread; for tests with a stopped worker. */
    public int step() {
        return worker.step();
    }

    public long deliveredCount() {
        return delivered;
    }

    /** Figures for GET_BROKER_RUNTIME_INFO (clusterList reads timerOffsetBehind). */
    public Map<String, String> figures() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("timerOffsetBehind", Long.toString(Math.max(0,
                store.maxOffset(TopicNames.TIMER_TOPIC, 0) - enqueueOffset)));
        m.put("timerWaiting", Long.toString(indexClosed ? 0 : index.estimatedWaiting()));
        m.put("timerEnqueued", Long.toString(enqueued));
        m.put("timerDelivered", Long.toString(delivered));
        return m;
    }

    @Override
    public int doWork() throws RocksDBException {
        return enqueue() + deliverDue();
    }

    @Override
    public long millisUntilNextRound() {
        long now = clock.monotonicMillis();
        if (retryAtMillis != Long.MIN_VALUE && now < retryAtMillis) {
            return retryAtMillis - now;
        }
        if (store.maxOffset(TopicNames.TIMER_TOPIC, 0) > enqueueOffset) {
            return 0;
        }
        long first = index.firstDue();
        return first < 0 ? Long.MAX_VALUE : Math.max(0, first - clock.currentTimeMillis());
    }

    /** Indexes up to {@value #ENQUEUE_BATCH} newly stored timer messages. */
    private int enqueue() throws RocksDBException {
        long offset = enqueueOffset;
        long max = store.maxOffset(TopicNames.TIMER_TOPIC, 0);
        if (offset >= max) {
            return 0;
        }
        List<TimerIndex.Entry> entries = new ArrayList<>();
        long next = offset;
        while (next < max && next - offset < ENQUEUE_BATCH) {
            GetResult g = store.get(TopicNames.TIMER_TOPIC, 0, next, 64, Integer.MAX_VALUE, MessageFilter.ALL);
            try {
                if (g.status() == GetStatus.OFFSET_TOO_SMALL && g.nextBeginOffset() > next) {
                    faults.record("timer.messages_aged_out", "timer messages " + next + ".." + (g.nextBeginOffset()
                            - 1) + " were removed by retention before they were indexed");
                    next = g.nextBeginOffset();
                    continue;
                }
                if (g.status() != GetStatus.FOUND) {
                    break;
                }
                for (int i = 0; i < g.messageCount(); i++) {
                    long qo = g.messageQueueOffsets().get(i);
                    DecodedMessage m = MessageDecoder.decode(g.messages().get(i).duplicate());
                    long due = m == null ? -1 : TimerMessages.dueOf(m);
                    if (due < 0) {
                        faults.record("timer.bad_message", "timer message at queue offset " + qo
                                + " has no TIMER_OUT_MS; dropped");
                    } else {
                        entries.add(new TimerIndex.Entry(due, m.commitLogOffset()));
                    }
                    next = qo + 1;
                }
            } finally {
                g.release();
            }
        }
        if (next == offset) {
            return 0;
        }
        index.enqueue(entries, next);
        enqueueOffset = next;
        enqueued += entries.size();
        return entries.size() + 1;
    }

    /** Delivers up to {@value #DELIVER_BATCH} due entries; returns how many it handled. */
    private int deliverDue() throws RocksDBException {
        if (retryAtMillis != Long.MIN_VALUE && clock.monotonicMillis() < retryAtMillis) {
            return 0;
        }
        long now = clock.currentTimeMillis();
        List<TimerIndex.Entry> due = index.due(now, DELIVER_BATCH);
        if (due.isEmpty()) {
            return 0;
        }
        TimerIndex.Entry unfinished = index.inflight();
        index.markInflight(due.get(due.size() - 1));
        List<TimerIndex.Entry> handled = new ArrayList<>(due.size());
        List<TimerIndex.Entry> pending = new ArrayList<>(due.size());
        List<CompletableFuture<ReplicatedPuts.Outcome>> copies = new ArrayList<>(due.size());
        for (TimerIndex.Entry e : due) {
            ByteBuffer b = store.messageAt(e.commitLogOffset());
            DecodedMessage m = b == null ? null : MessageDecoder.decode(b.duplicate());
            if (m == null) {
                faults.record("timer.message_missing", "the timer message at commit-log offset "
                        + e.commitLogOffset() + " (due " + e.due() + ") is no longer in the store; dropped");
                handled.add(e);
                unreplicated.remove(e.commitLogOffset());
                continue;
            }
            PutResult earlier = unreplicated.get(e.commitLogOffset());
            if (earlier == null && unfinished != null && e.compareTo(unfinished) <= 0 && alreadyDelivered(m)) {
                log.info("timer message {} was delivered before a restart; not delivering it again", m.uniqKey());
                handled.add(e);
                continue;
            }
            pending.add(e);
            // a copy stored last round but not yet replicated is waited for again, not stored twice
            copies.add(earlier != null ? puts.replicate(earlier)
                    : puts.put(TimerMessages.delivered(m, storeHost, now)));
        }
        boolean allStored = true;
        for (int i = 0; i < copies.size(); i++) {
            ReplicatedPuts.Outcome o = ReplicatedPuts.await(copies.get(i));
            long source = pending.get(i).commitLogOffset();
            if (o.acknowledged()) {
                unreplicated.remove(source);
                handled.add(pending.get(i));
                delivered++;
                continue;
            }
            allStored = false;
            if (o.stored()) {
                unreplicated.put(source, o.result());
                faults.record("timer.delivery_not_replicated", "the delivered copy of the timer message at "
                        + "commit-log offset " + source + " " + o.describe() + "; delivery waits for it");
            } else {
                unreplicated.remove(source);
                faults.record("timer.delivery_failed", "delivering the timer message at commit-log offset "
                        + source + " failed (" + o.describe() + "); will retry");
            }
        }
        index.remove(handled, allStored);
        // a batch that could not be delivered is retried after a pause, not in a busy loop
        retryAtMillis = allStored ? Long.MIN_VALUE : clock.monotonicMillis() + RETRY_MILLIS;
        return handled.size();
    }

    private boolean alreadyDelivered(DecodedMessage waiting) {
        String uniq = waiting.uniqKey();
        String realTopic = waiting.properties().get(io.ferrymq.common.message.MessageConst.PROPERTY_REAL_TOPIC);
        if (uniq == null || realTopic == null) {
            return false;
        }
        String source = Long.toString(waiting.commitLogOffset());
        QueryResult q = store.queryByUniqKey(realTopic, uniq, 64);
        for (ByteBuffer b : q.messages()) {
            DecodedMessage c = MessageDecoder.decode(b.duplicate());
            if (c != null && source.equals(c.properties().get(TimerMessages.PROPERTY_TIMER_SOURCE))) {
                return true;
            }
        }
        return false;
    }
}
