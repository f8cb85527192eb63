package io.ferrymq.broker.transaction;

import io.ferrymq.broker.Rejection;
import io.ferrymq.broker.durability.ReplicatedPuts;
import io.ferrymq.broker.ha.SyncAck;
import io.ferrymq.broker.topic.TopicNames;
import io.ferrymq.common.Clock;
import io.ferrymq.common.fault.FaultRegistry;
import io.ferrymq.common.message.DecodedMessage;
import io.ferrymq.common.message.MessageConst;
import io.ferrymq.common.message.MessageDecoder;
import io.ferrymq.common.worker.Duty;
import io.ferrymq.common.worker.DutyCycleWorker;
import io.ferrymq.remoting.protocol.ResponseCode;
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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * Decides the fate of half messages (fact sheet 5.11): applies END_TRANSACTION decisions, asks producers about
 * undecided half messages (CHECK_TRANSACTION_STATE) and discards those checked {@code transactionCheckMax} times.
 *
 * <p>State: {@code resolvedBelow} (every half message below this half-queue offset is decided), the decided half
 * offsets above it (each with the op-queue offset of its op record) and the checks done so far per undecided half
 * message. Decisions are durable as op records in the commit log; {@code config/transactionProgress.json} keeps
 * {@code resolvedBelow}, the op-queue offset to replay from at start and the check counts, written after every
 * round that changed them. A stale file is harmless: replaying more op records decides nothing twice.
 *
 * <p>Rounds (once a second): scan at most {@value #MAX_SCAN_PER_ROUND} half messages from {@code resolvedBelow};
 * an undecided one whose check-immunity time (CHECK_IMMUNITY_TIME_IN_SECONDS, else transactionTimeOut) has passed
 * and whose last check is {@code transactionCheckInterval} old is checked again, or discarded after the maximum.
 * Before a check, a committed copy already in the store (a commit whose op record a crash lost) settles it.
 *
 * <p>Replication (issue 15): a commit's copy on the real topic (and a discarded message's copy) is a write on the
 * producer's behalf, so under SYNC_MASTER the decision is recorded only once the slaves hold it
 * ({@link ReplicatedPuts}); until then END_TRANSACTION answers FLUSH_SLAVE_TIMEOUT or SLAVE_NOT_AVAILABLE, the
 * half message stays undecided (checked back later), and the stored copy is remembered so a repeated commit
 * waits for it again instead of storing a second one (fault {@code transaction.commit_not_replicated}).
 *
 * <p>Threading: one {@code transaction-check} worker thread owns all state; END_TRANSACTION requests reach it as
 * commands through {@link #decide}. Tests leave the worker stopped and {@link #step()} it with a manual clock.
 */
public final class TransactionCoordinator implements Duty {
    private static final Logger log = LoggerFactory.getLogger(TransactionCoordinator.class);
    static final int MAX_SCAN_PER_ROUND = 2000;
    static final long ROUND_MILLIS = 1000;
    private static final int READ_BATCH = 32;

    /** Checks done for one undecided half message. */
    private record CheckState(int count, long lastMillis) {
    }

    private final MessageStore store;
    private final ReplicatedPuts puts;
    private final Clock clock;
    private final TransactionSettings settings;
    private final CheckBackSender sender;
    private final InetSocketAddress storeHost;
    private final String brokerName;
    private final FaultRegistry faults;
    private final TransactionProgressFile file;
    private final DutyCycleWorker worker;

    // owned by the worker thread (resolvedBelow is volatile only so tests and figures can read it)
    private volatile long resolvedBelow;
    private long opReplayFrom;
    private final TreeMap<Long, Long> decided = new TreeMap<>();
    private final Map<Long, CheckState> checks = new HashMap<>();
    /** Half offset → its committed (or discarded) copy, stored but not yet confirmed by the slaves. */
    private final Map<Long, PutResult> unreplicated = new HashMap<>();
    private long lastRoundMillis = Long.MIN_VALUE;
    private boolean dirty;

    private volatile long committed;
    private volatile long rolledBack;
    private volatile long discarded;
    private volatile long checksSent;
    private volatile long backlog;

    public TransactionCoordinator(MessageStore store, Clock clock, TransactionSettings settings,
                                  CheckBackSender sender, InetSocketAddress storeHost, String brokerName,
                                  FaultRegistry faults, Path progressFile) {
        this(store, new ReplicatedPuts(store), clock, settings, sender, storeHost, brokerName, faults, progressFile);
    }

    /** @param puts how commits are written (store put, then the SYNC_MASTER wait for slaves) */
    public TransactionCoordinator(MessageStore store, ReplicatedPuts puts, Clock clock, TransactionSettings settings,
                                  CheckBackSender sender, InetSocketAddress storeHost, String brokerName,
                                  FaultRegistry faults, Path progressFile) {
        this.store = store;
        this.puts = puts;
        this.clock = clock;
        this.settings = settings;
        this.sender = sender;
        this.storeHost = storeHost;
        this.brokerName = brokerName;
        this.faults = faults;
        this.file = new TransactionProgressFile(progressFile);
        this.worker = new DutyCycleWorker("transaction-check", this, ROUND_MILLIS, faults);
    }

    /** Loads the persisted progress and replays op records written since; call before {@link #start()}. */
    public void load() {
        TransactionProgressFile.Progress saved = file.read();
        resolvedBelow = saved.resolvedBelow();
        opReplayFrom = saved.opReplayFrom();
        saved.checkCounts().forEach((half, count) -> checks.put(half, new CheckState(count, 0L)));
        long replayed = replayOpRecords();
        advance();
        persist();
        log.info("transactions: half messages below offset {} decided, {} decided above, {} op record(s) "
                + "replayed, {} with checks", resolvedBelow, decided.size(), replayed, checks.size());
    }

    public void start() {
        worker.start();
    }

    /** Stops the worker, then persists the progress. Idempotent. */
    public void shutdown() {
        worker.close();
        persist();
    }

    /** Runs one round (queued decisions, then a check-back scan) on the caller's thread; for tests. */
    public int step() {
        return worker.step();
    }

    /**
     * Applies a producer's END_TRANSACTION on the worker thread. The future completes with null when the
     * decision is applied (or was already made: the first decision wins), or with the reason it was refused.
     */
    public CompletableFuture<Rejection> decide(EndTransactionHeader h) {
        CompletableFuture<Rejection> f = new CompletableFuture<>();
        worker.execute(() -> {
            try {
                f.complete(apply(h));
            } catch (RuntimeException e) {
                f.complete(new Rejection(ResponseCode.SYSTEM_ERROR, "applying END_TRANSACTION failed: " + e));
                throw e;
            }
        });
        return f;
    }

    /** Figures for GET_BROKER_RUNTIME_INFO. */
    public Map<String, String> figures() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("transactionCommitted", Long.toString(committed));
        m.put("transactionRolledBack", Long.toString(rolledBack));
        m.put("transactionChecksSent", Long.toString(checksSent));
        m.put("transactionCheckMaxDiscarded", Long.toString(discarded));
        m.put("transactionHalfBacklog", Long.toString(backlog));
        return m;
    }

    /** Every half message below this half-queue offset is decided. */
    public long resolvedBelow() {
        return resolvedBelow;
    }

    public long committedCount() {
        return committed;
    }

    public long rolledBackCount() {
        return rolledBack;
    }

    public long discardedCount() {
        return discarded;
    }

    public long checksSentCount() {
        return checksSent;
    }

    @Override
    public int doWork() {
        long now = clock.monotonicMillis();
        if (lastRoundMillis != Long.MIN_VALUE && now - lastRoundMillis < ROUND_MILLIS) {
            return 0;
        }
        lastRoundMillis = now;
        int work = scan(clock.currentTimeMillis());
        advance();
        backlog = Math.max(0, store.maxOffset(TopicNames.TRANS_HALF_TOPIC, 0) - resolvedBelow);
        if (dirty) {
            persist();
        }
        return work;
    }

    @Override
    public long millisUntilNextRound() {
        if (lastRoundMillis == Long.MIN_VALUE) {
            return 0;
        }
        return Math.max(0, ROUND_MILLIS - (clock.monotonicMillis() - lastRoundMillis));
    }

    private Rejection apply(EndTransactionHeader h) {
        Decision d = Decision.ofWire(h.commitOrRollback());
        if (d == null) {
            return new Rejection(ResponseCode.INVALID_PARAMETER, "commitOrRollback " + h.commitOrRollback()
                    + " is none of 0 (unknown), 8 (commit), 12 (rollback)");
        }
        ByteBuffer stored = store.messageAt(h.commitLogOffset());
        DecodedMessage half = stored == null ? null : MessageDecoder.decode(stored.duplicate());
        if (half == null) {
            return new Rejection(ResponseCode.SYSTEM_ERROR, "no half message at commitLogOffset "
                    + h.commitLogOffset() + " on broker " + brokerName + " (wrong offset, or aged out of the log)");
        }
        if (!TopicNames.TRANS_HALF_TOPIC.equals(half.topic())) {
            return new Rejection(ResponseCode.SYSTEM_ERROR, "the message at commitLogOffset " + h.commitLogOffset()
                    + " is not a half message (topic " + half.topic() + ")");
        }
        if (half.queueOffset() != h.tranStateTableOffset()) {
            return new Rejection(ResponseCode.SYSTEM_ERROR, "tranStateTableOffset " + h.tranStateTableOffset()
                    + " does not match the half message at commitLogOffset " + h.commitLogOffset()
                    + " (half-queue offset " + half.queueOffset() + ")");
        }
        String group = half.properties().get(MessageConst.PROPERTY_PRODUCER_GROUP);
        if (group != null && !group.equals(h.producerGroup())) {
            return new Rejection(ResponseCode.SYSTEM_ERROR, "the half message at commitLogOffset "
                    + h.commitLogOffset() + " belongs to producer group " + group + ", not " + h.producerGroup());
        }
        long offset = half.queueOffset();
        if (d == Decision.UNKNOWN) {
            log.debug("producer group {} does not know the state of half message {} yet; it will be checked",
                    group, half.uniqKey());
            return null;
        }
        if (offset < resolvedBelow || decided.containsKey(offset)) {
            log.info("half message {} (offset {}) was already decided; ignoring a later {}", half.uniqKey(), offset, d);
            return null;
        }
        if (d == Decision.COMMIT) {
            ReplicatedPuts.Outcome o = writeCopy(offset, HalfMessages.committed(half, storeHost));
            if (!o.acknowledged()) {
                String what = "committing half message " + half.uniqKey() + " (offset " + offset + ") on broker "
                        + brokerName + " is not acknowledged: " + o.describe()
                        + "; the broker will ask the producer again";
                if (o.stored()) {
                    faults.record("transaction.commit_not_replicated", what);
                    return new Rejection(SyncAck.responseCode(o.ack()), what);
                }
                return new Rejection(ResponseCode.SYSTEM_ERROR, what);
            }
            committed++;
        } else {
            rolledBack++;
        }
        markDecided(offset, half);
        return null;
    }

    /** Reads op records from {@code opReplayFrom} and marks their half offsets decided. */
    private long replayOpRecords() {
        long[] count = {0};
        long from = Math.max(opReplayFrom, store.minOffset(TopicNames.TRANS_OP_HALF_TOPIC, 0));
        QueueScan.walk(store, TopicNames.TRANS_OP_HALF_TOPIC, from, store.maxOffset(TopicNames.TRANS_OP_HALF_TOPIC, 0),
                READ_BATCH, (opOffset, bytes) -> {
                    DecodedMessage op = MessageDecoder.decode(bytes);
                    long half = op == null ? -1 : HalfMessages.opHalfOffset(op);
                    if (half < 0) {
                        faults.record("transaction.bad_op_record", "op record at offset " + opOffset
                                + " does not name a half-queue offset; skipped");
                    } else if (half >= resolvedBelow) {
                        decided.putIfAbsent(half, opOffset);
                    }
                    count[0]++;
                    return true;
                });
        return count[0];
    }

    private int scan(long now) {
        long min = store.minOffset(TopicNames.TRANS_HALF_TOPIC, 0);
        if (min > resolvedBelow) {
            log.warn("half messages below offset {} aged out of the store before a decision", min);
            faults.record("transaction.half_aged_out", "half messages " + resolvedBelow + ".." + (min - 1)
                    + " were removed by retention before a decision");
            resolvedBelow = min;
            decided.headMap(min).clear();
            checks.keySet().removeIf(o -> o < min);
            dirty = true;
        }
        int[] scanned = {0};
        int[] work = {0};
        QueueScan.walk(store, TopicNames.TRANS_HALF_TOPIC, resolvedBelow,
                store.maxOffset(TopicNames.TRANS_HALF_TOPIC, 0), READ_BATCH, (half, bytes) -> {
                    if (!decided.containsKey(half)) {
                        work[0] += checkOne(half, MessageDecoder.decode(bytes), now);
                    }
                    return ++scanned[0] < MAX_SCAN_PER_ROUND;
                });
        return work[0];
    }

    /** Checks, settles or discards one undecided half message; returns 1 when it did something. */
    private int checkOne(long offset, DecodedMessage half, long now) {
        if (half == null || HalfMessages.realTopic(half) == null
                || half.properties().get(MessageConst.PROPERTY_PRODUCER_GROUP) == null) {
            faults.record("transaction.bad_half_message", "half message at offset " + offset
                    + " has no REAL_TOPIC or PGROUP; dropped");
            markDecided(offset, half);
            return 1;
        }
        if (now - half.storeTimestamp() < HalfMessages.immunityMillis(half, settings.transactionTimeOut())) {
            return 0;
        }
        CheckState st = checks.get(offset);
        int done = st == null ? 0 : st.count();
        if (st != null && now - st.lastMillis() < settings.transactionCheckInterval()) {
            return 0;
        }
        long copyEnd = committedCopyEnd(half, offset);
        if (copyEnd >= 0) {
            // a commit stored before a restart (or not replicated in time): decided once the slaves hold it
            if (puts.awaitSlaves(copyEnd) != io.ferrymq.store.ha.ReplicaAck.OK) {
                faults.record("transaction.commit_not_replicated", "the committed copy of half message "
                        + half.uniqKey() + " (offset " + offset + ") is not confirmed by the slaves yet");
                return 0;
            }
            log.info("half message {} (offset {}) was committed before; recording the decision", half.uniqKey(),
                    offset);
            unreplicated.remove(offset);
            markDecided(offset, half);
            return 1;
        }
        if (done >= settings.transactionCheckMax()) {
            discard(offset, half, done);
            return 1;
        }
        String group = half.properties().get(MessageConst.PROPERTY_PRODUCER_GROUP);
        String to = sender.send(group, HalfMessages.checkRequest(half, done + 1, brokerName));
        checks.put(offset, new CheckState(done + 1, now));
        dirty = true;
        checksSent++;
        if (to == null) {
            log.debug("no producer of group {} is connected to check half message {} (check {} of {})", group,
                    half.uniqKey(), done + 1, settings.transactionCheckMax());
        }
        return 1;
    }

    private void discard(long offset, DecodedMessage half, int checksDone) {
        ReplicatedPuts.Outcome o = writeCopy(offset, HalfMessages.discarded(half, checksDone, storeHost));
        if (!o.acknowledged()) {
            faults.record("transaction.discard_failed", "keeping half message " + half.uniqKey() + " in "
                    + TopicNames.TRANS_CHECK_MAX_TIME_TOPIC + " is not acknowledged (" + o.describe()
                    + "); will retry");
            return;
        }
        discarded++;
        String what = "half message " + half.uniqKey() + " of producer group "
                + half.properties().get(MessageConst.PROPERTY_PRODUCER_GROUP) + " for topic "
                + HalfMessages.realTopic(half) + " discarded after " + checksDone + " checks; kept in "
                + TopicNames.TRANS_CHECK_MAX_TIME_TOPIC;
        log.warn(what);
        faults.record("transaction.check_max_exceeded", what);
        markDecided(offset, half);
    }

    /** Commit-log end offset of a committed copy of the half message already in the store, or -1. */
    private long committedCopyEnd(DecodedMessage half, long offset) {
        PutResult earlier = unreplicated.get(offset);
        if (earlier != null) {
            return earlier.wroteOffset() + earlier.wroteBytes();
        }
        String uniq = half.uniqKey();
        if (uniq == null) {
            return -1;
        }
        QueryResult q = store.queryByUniqKey(HalfMessages.realTopic(half), uniq, 64);
        for (ByteBuffer b : q.messages()) {
            DecodedMessage c = MessageDecoder.decode(b.duplicate());
            if (c != null && HalfMessages.isCommittedCopyOf(c, offset)) {
                return c.commitLogOffset() + c.storeSize();
            }
        }
        return -1;
    }

    /**
     * Stores the copy a decision writes (or, when the last attempt stored it without its slave copies, waits for
     * that one again) and remembers it while it is not replicated.
     */
    private ReplicatedPuts.Outcome writeCopy(long halfOffset, MessageToStore copy) {
        PutResult earlier = unreplicated.get(halfOffset);
        ReplicatedPuts.Outcome o = ReplicatedPuts.await(earlier != null ? puts.replicate(earlier) : puts.put(copy));
        if (o.acknowledged() || !o.stored()) {
            unreplicated.remove(halfOffset);
        } else {
            unreplicated.put(halfOffset, o.result());
        }
        return o;
    }

    /** Appends the op record and marks {@code offset} decided in memory (even when the op write fails). */
    private void markDecided(long offset, DecodedMessage half) {
        PutResult r = putAndWait(HalfMessages.opRecord(offset, storeHost, clock.currentTimeMillis()));
        long opOffset = -1;
        if (r != null && r.status().stored()) {
            opOffset = r.queueOffset();
        } else {
            faults.record("transaction.op_write_failed", "op record for half message at offset " + offset
                    + (half == null ? "" : " (" + half.uniqKey() + ")") + " not stored: "
                    + (r == null ? "no answer" : r.status() + " " + r.reason())
                    + "; after a restart the producer is asked again");
        }
        decided.put(offset, opOffset);
        checks.remove(offset);
        dirty = true;
    }

    /** Moves {@code resolvedBelow} over decided offsets and recomputes where op replay must start. */
    private void advance() {
        while (decided.containsKey(resolvedBelow)) {
            decided.remove(resolvedBelow);
            checks.remove(resolvedBelow);
            resolvedBelow++;
            dirty = true;
        }
        long from = store.maxOffset(TopicNames.TRANS_OP_HALF_TOPIC, 0);
        for (long op : decided.values()) {
            if (op >= 0) {
                from = Math.min(from, op);
            }
        }
        if (from != opReplayFrom) {
            opReplayFrom = from;
            dirty = true;
        }
    }

    /**
     * Stores an op record without waiting for slaves: losing one only makes the broker ask the producer again
     * (and a committed copy found in the store settles it), so it needs no replicated acknowledgement.
     */
    private PutResult putAndWait(MessageToStore m) {
        try {
            return store.put(m).get(ReplicatedPuts.MAX_WAIT_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (Exception e) {
            log.warn("store put to {} failed: {}", m.topic(), e.toString());
            return null;
        }
    }

    private void persist() {
        Map<Long, Integer> counts = new HashMap<>();
        checks.forEach((half, state) -> counts.put(half, state.count()));
        try {
            file.write(new TransactionProgressFile.Progress(resolvedBelow, opReplayFrom, counts));
            faults.recovered("transaction.progress_not_persisted");
            dirty = false;
        } catch (IOException e) {
            faults.failing("transaction.progress_not_persisted", "cannot write " + file.path() + ": " + e
                    + "; a restart repeats check-backs");
        }
    }
}
