package io.ferrymq.broker.schedule;

import com.alibaba.fastjson2.TypeReference;
import io.ferrymq.broker.durability.ReplicatedPuts;
import io.ferrymq.common.Clock;
import io.ferrymq.common.fault.FaultRegistry;
import io.ferrymq.common.worker.Duty;
import io.ferrymq.common.worker.DutyCycleWorker;
import io.ferrymq.broker.persist.JsonFile;
import io.ferrymq.broker.topic.TopicNames;
import io.ferrymq.common.message.DecodedMessage;
import io.ferrymq.common.message.MessageConst;
import io.ferrymq.common.message.MessageDecoder;
import io.ferrymq.common.message.MessageProperties;
import io.ferrymq.store.GetResult;
import io.ferrymq.store.GetStatus;
import io.ferrymq.store.MessageFilter;
import io.ferrymq.store.MessageStore;
import io.ferrymq.store.MessageToStore;
import io.ferrymq.store.PutResult;
import io.ferrymq.store.QueryResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Delivers scheduled messages (docs/protocol.md 5.8). Each delay level has its own queue {@code level - 1} of
 * {@code SCHEDULE_TOPIC_XXXX}; since messages of one level are due in store order, each queue is read from its
 * progress offset until the first message not yet due. A due message is re-stored to REAL_TOPIC / REAL_QID with
 * DELAY removed and a {@code DELAY_SOURCE=<level>:<offset>} property, then the progress is persisted
 * ({@code config/delayOffsets.json}).
 *
 * <p>Restart safety: progress is only advanced after the copy is stored, so nothing is lost; on start-up,
 * messages at the persisted progress whose copy is already stored (found by UNIQ_KEY and DELAY_SOURCE in the
 * index) are skipped, so nothing is delivered twice.
 *
 * <p>A message that cannot be delivered (no REAL_TOPIC, or a REAL_QID that is not a queue number) is moved to
 * {@link TopicNames#SCHEDULE_DEAD_LETTER_TOPIC} with a {@value #PROPERTY_DEAD_LETTER_REASON} property, logged
 * with its level and offset, and counted ({@value #FAULT_MISSING_REAL_TOPIC}, {@value #FAULT_BAD_REAL_QUEUE_ID}):
 * it stays findable and never lands on a guessed queue. A failed progress write marks
 * {@value #FAULT_PROGRESS_PERSIST} failing (the broker reports itself unhealthy) until a later write succeeds.
 *
 * <p>Replication (issue 15): a delivery is a write on the producer's behalf, so under SYNC_MASTER the progress
 * passes a message only once its copy is also held by the slaves ({@link ReplicatedPuts}). A copy stored but not
 * confirmed is counted ({@value #FAULT_NOT_REPLICATED}) and remembered; the next round waits for that same copy
 * again instead of storing another, so a slave outage delays deliveries without multiplying them.
 *
 * <p>Threading: one {@code schedule-delivery} {@link DutyCycleWorker} thread owns the progress table and does all
 * reads, puts (waiting for each) and writes; {@link #deliverDue()} is its round, callable directly in tests with
 * a fake clock.
 */
public final class ScheduleMessageService {
    private static final Logger log = LoggerFactory.getLogger(ScheduleMessageService.class);
    public static final String PROPERTY_DELAY_SOURCE = "DELAY_SOURCE";
    /** Why a scheduled message was moved to the dead-letter topic instead of delivered. */
    public static final String PROPERTY_DEAD_LETTER_REASON = "DEAD_LETTER_REASON";
    public static final String FAULT_MISSING_REAL_TOPIC = "schedule.missing_real_topic";
    public static final String FAULT_BAD_REAL_QUEUE_ID = "schedule.bad_real_queue_id";
    public static final String FAULT_PROGRESS_PERSIST = "schedule.progress_persist_failed";
    public static final String FAULT_NOT_REPLICATED = "schedule.delivery_not_replicated";
    private static final int BATCH = 32;
    private static final long IDLE_MILLIS = 100;

    /** A delivered (or dead-lettered) copy the slaves have not confirmed yet. */
    private record UnreplicatedCopy(long queueOffset, PutResult copy, boolean deadLetter) {
    }

    private final MessageStore store;
    private final ReplicatedPuts puts;
    /** level → the copy of the message at its progress that waits for the slaves; owned by the delivery thread. */
    private final Map<Integer, UnreplicatedCopy> unreplicated = new HashMap<>();
    private final Clock clock;
    private final long[] levels;
    private final InetSocketAddress storeHost;
    private final JsonFile file;
    /** level (1-based) → next schedule-queue offset to deliver; owned by the delivery thread. */
    private final Map<Integer, Long> progress = new TreeMap<>();
    private volatile Map<Integer, Long> published = Map.of();
    private volatile long delivered;
    private volatile long deadLettered;
    private final FaultRegistry faults;
    private final DutyCycleWorker worker;
    /** Set before the worker is closed so a long round stops between levels. */
    private volatile boolean closing;
    private long nextDueMillis = Long.MIN_VALUE;

    /** Without replication: deliveries wait for nobody but the store (tests, ASYNC_MASTER). */
    public ScheduleMessageService(MessageStore store, Clock clock, long[] delayLevelMillis,
                                  InetSocketAddress storeHost, Path progressFile, FaultRegistry faults) {
        this(store, new ReplicatedPuts(store), clock, delayLevelMillis, storeHost, progressFile, faults);
    }

    /** @param puts how deliveries are written (store put, then the SYNC_MASTER wait for slaves) */
    public ScheduleMessageService(MessageStore store, ReplicatedPuts puts, Clock clock, long[] delayLevelMillis,
                                  InetSocketAddress storeHost, Path progressFile, FaultRegistry faults) {
        this.store = store;
        this.puts = puts;
        this.clock = clock;
        this.levels = delayLevelMillis.clone();
        this.storeHost = storeHost;
        this.file = new JsonFile(progressFile);
        this.faults = faults;
        this.worker = new DutyCycleWorker("schedule-delivery", new DeliveryDuty(), IDLE_MILLIS, faults);
    }

    /** Loads the persisted progress and skips copies already stored before a crash. Call before start. */
    public void load() {
        file.<Map<Integer, Long>>read(new TypeReference<Map<Integer, Long>>() { }.getType()).ifPresent(progress::putAll);
        boolean changed = false;
        for (int level = 1; level <= levels.length; level++) {
            long p = progress.getOrDefault(level, 0L);
            long skipped = p;
            while (alreadyDelivered(level, skipped)) {
                skipped++;
            }
            if (skipped != p) {
                log.info("delay level {}: {} message(s) at offset {} were delivered before the restart; skipping",
                        level, skipped - p, p);
                progress.put(level, skipped);
                changed = true;
            }
        }
        if (changed) {
            persist();
        }
        published = Map.copyOf(progress);
    }

    /** Synchronized with {@link #adoptProgress}: the delivery thread never starts while progress is adopted. */
    public synchronized void start() {
        worker.start();
    }

    public void shutdown() {
        closing = true;
        worker.close();
    }

    /** Wakes the delivery thread (a scheduled message was stored). */
    public void wakeUp() {
        worker.wakeup();
    }

    /** Progress per level (copy), for GET_ALL_DELAY_OFFSET and tests. */
    public Map<Integer, Long> progress() {
        return published;
    }

    /**
     * Slave only (replication, issue 6): adopts the master's progress so a slave restarted as master does not
     * deliver again what the master already delivered. Ignored while the delivery thread runs (a master owns its
     * progress). Persists when something changed.
     */
    public synchronized void adoptProgress(Map<Integer, Long> masterProgress) {
        if (worker.isRunning() || masterProgress.equals(published)) {
            return;
        }
        progress.clear();
        progress.putAll(masterProgress);
        persist();
        published = Map.copyOf(progress);
    }

    public long deliveredCount() {
        return delivered;
    }

    /** Scheduled messages moved to {@link TopicNames#SCHEDULE_DEAD_LETTER_TOPIC} since start. */
    public long deadLetteredCount() {
        return deadLettered;
    }

    /** The worker's round: delivers what is due; asks for the next round when the next message is due. */
    private final class DeliveryDuty implements Duty {
        @Override
        public int doWork() {
            // A round that failed leaves nextDueMillis as it was: the worker retries after its idle time.
            long before = delivered + deadLettered;
            nextDueMillis = deliverDue();
            return (int) Math.min(Integer.MAX_VALUE, delivered + deadLettered - before);
        }

        @Override
        public long millisUntilNextRound() {
            return nextDueMillis == Long.MIN_VALUE ? 0 : Math.max(0, nextDueMillis - clock.currentTimeMillis());
        }
    }

    /**
     * Delivers every due message of every level. Returns the wall-clock time when the next known message is due
     * (or now + idle interval when none is waiting).
     */
    public long deliverDue() {
        long nextDue = Long.MAX_VALUE;
        boolean changed = false;
        for (int level = 1; level <= levels.length && !closing; level++) {
            long offset = progress.getOrDefault(level, 0L);
            long start = offset;
            while (true) {
                GetResult g = store.get(TopicNames.SCHEDULE_TOPIC, level - 1, offset, BATCH, Integer.MAX_VALUE,
                        MessageFilter.ALL);
                if (g.status() == GetStatus.OFFSET_TOO_SMALL) {
                    offset = g.nextBeginOffset();
                    continue;
                }
                if (g.status() != GetStatus.FOUND) {
                    break;
                }
                boolean stop = false;
                for (int i = 0; i < g.messageCount(); i++) {
                    DecodedMessage m = MessageDecoder.decode(g.messages().get(i).duplicate());
                    long queueOffset = g.messageQueueOffsets().get(i);
                    long due = m.storeTimestamp() + levels[level - 1];
                    if (due > clock.currentTimeMillis()) {
                        nextDue = Math.min(nextDue, due);
                        stop = true;
                        break;
                    }
                    UnreplicatedCopy earlier = unreplicated.get(level);
                    boolean done = earlier != null && earlier.queueOffset() == queueOffset
                            ? settle(level, queueOffset, earlier.deadLetter(),
                                    ReplicatedPuts.await(puts.replicate(earlier.copy())))
                            : deliver(level, queueOffset, m);
                    if (!done) {
                        nextDue = Math.min(nextDue, clock.currentTimeMillis() + 1000);
                        stop = true;
                        break;
                    }
                    offset = queueOffset + 1;
                }
                g.release();
                if (stop) {
                    break;
                }
            }
            if (offset != start) {
                progress.put(level, offset);
                changed = true;
            }
        }
        if (changed) {
            persist();
            published = Map.copyOf(progress);
        }
        return nextDue == Long.MAX_VALUE ? clock.currentTimeMillis() + IDLE_MILLIS : nextDue;
    }

    /** Re-stores one due message to its real topic; returns false when the store refused it (retry later). */
    private boolean deliver(int level, long queueOffset, DecodedMessage m) {
        Map<String, String> props = MessageProperties.decode(m.propertiesString());
        String realTopic = props.get(MessageConst.PROPERTY_REAL_TOPIC);
        String realQid = props.get(MessageConst.PROPERTY_REAL_QUEUE_ID);
        if (realTopic == null || realTopic.isEmpty()) {
            return deadLetter(level, queueOffset, m, props, FAULT_MISSING_REAL_TOPIC, "no REAL_TOPIC property");
        }
        int qid = parseQueueId(realQid);
        if (qid < 0) {
            return deadLetter(level, queueOffset, m, props, FAULT_BAD_REAL_QUEUE_ID,
                    "REAL_QID '" + realQid + "' of topic " + realTopic + " is not a queue number");
        }
        props.remove(MessageConst.PROPERTY_DELAY_TIME_LEVEL);
        props.put(PROPERTY_DELAY_SOURCE, level + ":" + queueOffset);
        MessageToStore copy = new MessageToStore(realTopic, qid, m.flag(), ByteBuffer.wrap(m.body()),
                MessageProperties.encode(props), m.sysFlag(), m.bornTimestamp(), m.bornHost(), storeHost,
                m.reconsumeTimes(), 0L);
        return settle(level, queueOffset, false, puts.putAndWait(copy));
    }

    /**
     * Decides on a copy's outcome: acknowledged (stored and replicated) lets the progress pass the message;
     * stored but not replicated is remembered, so the next round waits for the same copy; not stored is retried.
     */
    private boolean settle(int level, long queueOffset, boolean deadLetter, ReplicatedPuts.Outcome o) {
        String where = TopicNames.SCHEDULE_TOPIC + " queue " + (level - 1) + " offset " + queueOffset;
        if (o.acknowledged()) {
            unreplicated.remove(level);
            if (deadLetter) {
                deadLettered++;
                log.error("scheduled message at {} cannot be delivered; moved to topic {} queue 0 offset {} (msgId {})",
                        where, TopicNames.SCHEDULE_DEAD_LETTER_TOPIC, o.result().queueOffset(), o.result().msgId());
            } else {
                delivered++;
            }
            return true;
        }
        if (o.stored()) {
            unreplicated.put(level, new UnreplicatedCopy(queueOffset, o.result(), deadLetter));
            faults.record(FAULT_NOT_REPLICATED, "the " + (deadLetter ? "dead-letter copy" : "delivered copy")
                    + " of the scheduled message at " + where + " " + o.describe() + "; delivery waits for it");
        } else {
            unreplicated.remove(level);
            log.warn("{} of the scheduled message at {} failed: {}; will retry",
                    deadLetter ? "moving to the dead-letter topic" : "delivery", where, o.describe());
        }
        return false;
    }

    /** The queue number in {@code realQid}, or -1 when it is missing or not a non-negative number. */
    private static int parseQueueId(String realQid) {
        if (realQid == null) {
            return -1;
        }
        try {
            return Math.max(-1, Integer.parseInt(realQid.trim()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Moves an undeliverable scheduled message to the dead-letter topic (keeping its properties, adding the
     * reason and its source), logs it with its place and counts {@code fault}. Returns false when the store
     * refused the copy, so the message is retried rather than skipped.
     */
    private boolean deadLetter(int level, long queueOffset, DecodedMessage m, Map<String, String> props,
                               String fault, String reason) {
        props.put(PROPERTY_DEAD_LETTER_REASON, reason);
        props.put(PROPERTY_DELAY_SOURCE, level + ":" + queueOffset);
        MessageToStore copy = new MessageToStore(TopicNames.SCHEDULE_DEAD_LETTER_TOPIC, 0, m.flag(),
                ByteBuffer.wrap(m.body()), MessageProperties.encode(props), m.sysFlag(), m.bornTimestamp(),
                m.bornHost(), storeHost, m.reconsumeTimes(), 0L);
        String where = TopicNames.SCHEDULE_TOPIC + " queue " + (level - 1) + " offset " + queueOffset;
        faults.record(fault, reason + " (" + where + ")");
        log.error("scheduled message at {} cannot be delivered: {}; moving it to topic {}", where, reason,
                TopicNames.SCHEDULE_DEAD_LETTER_TOPIC);
        return settle(level, queueOffset, true, puts.putAndWait(copy));
    }

    private boolean alreadyDelivered(int level, long offset) {
        GetResult g = store.get(TopicNames.SCHEDULE_TOPIC, level - 1, offset, 1, Integer.MAX_VALUE, MessageFilter.ALL);
        try {
            if (g.status() != GetStatus.FOUND || g.messageCount() == 0) {
                return false;
            }
            DecodedMessage m = MessageDecoder.decode(g.messages().get(0).duplicate());
            Map<String, String> props = MessageProperties.decode(m.propertiesString());
            String uniq = props.get(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX);
            String realTopic = props.get(MessageConst.PROPERTY_REAL_TOPIC);
            if (uniq == null || realTopic == null) {
                return false;
            }
            QueryResult q = store.queryByUniqKey(realTopic, uniq, 64);
            String source = level + ":" + offset;
            for (ByteBuffer b : q.messages()) {
                DecodedMessage c = MessageDecoder.decode(b.duplicate());
                if (c != null && source.equals(MessageProperties.get(c.propertiesString(), PROPERTY_DELAY_SOURCE))) {
                    return true;
                }
            }
            return false;
        } finally {
            g.release();
        }
    }

    private void persist() {
        try {
            file.write(new TreeMap<>(progress));
            faults.recovered(FAULT_PROGRESS_PERSIST);
        } catch (IOException | RuntimeException e) {
            faults.failing(FAULT_PROGRESS_PERSIST, "cannot write " + file.path() + ": " + FaultRegistry.describe(e));
            log.error("cannot persist scheduled-delivery progress to {}; a restart may repeat deliveries",
                    file.path(), e);
        }
    }
}
