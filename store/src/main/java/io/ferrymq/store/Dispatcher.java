package io.ferrymq.store;

import io.ferrymq.common.message.MessageConst;
import io.ferrymq.common.message.MessageDecoder;
import io.ferrymq.common.message.MessageSysFlag;
import io.ferrymq.common.message.MessageView;
import io.ferrymq.common.message.PropertyScan;
import io.ferrymq.common.message.TagHash;
import io.ferrymq.common.fault.FaultRegistry;
import io.ferrymq.common.worker.Duty;
import io.ferrymq.common.worker.DutyCycleWorker;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the commit log after {@link #dispatchedOffset()} and builds consume queues and indexes, then tells the
 * {@link DispatchListener}s.
 *
 * <p>Threads: one {@link DutyCycleWorker}, "store-dispatch", owns every consume-queue write and index write; other
 * threads hand it work as commands ({@link #submit}) instead of sharing locks, e.g. topic deletion and
 * consume-queue cleanup after retention. Appenders {@link #wakeup()} it (cheap while it is busy). During start-up
 * and shutdown, and in tests, rounds run on the caller's thread while the worker is not running ({@link #step()}).
 */
final class Dispatcher implements Duty {
    /** Fault name of a dispatch listener that threw. */
    static final String LISTENER_FAILED = "store.dispatch_listener_failed";
    /** Fault name of a commit-log position the dispatcher cannot read past. */
    static final String STUCK = "store.dispatch_stuck";
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    private static final int MAX_PER_ROUND = 1024;
    /** Longest pause of an idle dispatcher: bounds the delay of a wakeup that raced with going idle. */
    static final long IDLE_MILLIS = 10;
    /** Poll period while appends flow: appenders then leave the dispatcher alone (see {@link #wakeup()}). */
    static final long POLL_NANOS = 200_000;
    /**
     * Rounds in a row without anything to dispatch after which polling stops (about 1 ms without appends): only a
     * flow of more than a few thousand messages a second keeps the dispatcher polling; slower ones wake it.
     */
    static final int QUIET_ROUNDS = 5;
    /** Indexes of the names {@link #indexed} reads. */
    private static final int TAGS = 0;
    private static final int KEYS = 1;
    private static final int UNIQ_KEY = 2;
    private static final PropertyScan.Names INDEXED = PropertyScan.Names.of(MessageConst.PROPERTY_TAGS,
        MessageConst.PROPERTY_KEYS, MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX);

    private final CommitLog commitLog;
    private final ConsumeQueues queues;
    private final MessageIndex index;
    private final List<DispatchListener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong errors;
    private final FaultRegistry faults;
    private final DutyCycleWorker worker;
    private final MessageView view = new MessageView();
    /**
     * The properties every dispatched message is indexed by, read in one pass: a {@code MessageProperties.get}
     * per name scanned each message's properties three times (8% of broker CPU under batch sends).
     */
    private final PropertyScan indexed = new PropertyScan(INDEXED);
    private volatile long dispatchedOffset;
    private volatile long lastIndexedOffset = -1;
    private volatile long lastIndexedTimestamp;
    private boolean stuckLogged;
    /** Set by {@link #wakeup()}, cleared by the dispatch thread at the start of each round. */
    private volatile boolean wakeRequested;
    /** True from a round that dispatched until {@link #QUIET_ROUNDS} rounds found nothing; read by appenders. */
    private volatile boolean polling;
    /** Rounds in a row that found nothing; dispatch thread only. */
    private int quietRounds;

    /** Lookup/creation of consume queues; implemented by the store. */
    interface ConsumeQueues {
        ConsumeQueue getOrCreate(String topic, int queueId);
    }

    Dispatcher(CommitLog commitLog, ConsumeQueues queues, MessageIndex index, AtomicLong errors,
               FaultRegistry faults) {
        this.commitLog = commitLog;
        this.queues = queues;
        this.index = index;
        this.errors = errors;
        this.faults = faults;
        this.worker = new DutyCycleWorker("store-dispatch", this, IDLE_MILLIS, faults);
    }

    void addListener(DispatchListener l) {
        listeners.add(l);
    }

    long dispatchedOffset() {
        return dispatchedOffset;
    }

    /** Sets the restart point; only while the thread is not running. */
    void resetTo(long offset) {
        dispatchedOffset = offset;
    }

    long lastIndexedOffset() {
        return lastIndexedOffset;
    }

    long lastIndexedTimestamp() {
        return lastIndexedTimestamp;
    }

    void start() {
        worker.start();
    }

    /** Stops the worker, then runs the commands and dispatches whatever is left on the caller's thread. */
    void stop() {
        worker.close();
        worker.step();
        catchUp();
    }

    /**
     * Ends the worker's idle pause so new appends are dispatched now, unless it is polling. At most one wake-up per
     * round reaches the worker: {@link DutyCycleWorker#wakeup()} unparks whenever the thread still counts as idle,
     * which it does from the first unpark until it is back on a CPU, so every append in that window paid an unpark
     * (6% of the appender's samples). The flag is cleared at the start of each round, before it reads the
     * commit-log end, so an append that saw it set is dispatched by that round.
     *
     * <p>While appends flow the dispatcher polls every {@value #POLL_NANOS} ns instead, and appenders do not wake
     * it: a dispatcher that keeps up finishes each round before the next append, so the flag above still cost one
     * unpark and one context switch per message, 11% of the sending I/O thread's CPU in row 4a. Consumers see a
     * message at most one poll later: a 1 ms poll (RocketMQ's dispatch thread sleeps 1 ms between its rounds)
     * added about 0.4 ms to row 3's median born-to-received latency.
     */
    void wakeup() {
        if (!polling && !wakeRequested) {
            wakeRequested = true;
            worker.wakeup();
        }
    }

    /** Whether the dispatcher is polling, so appends need not wake it (tests). */
    boolean polling() {
        return polling;
    }

    @Override
    public long nanosUntilNextRound() {
        return polling ? POLL_NANOS : Long.MAX_VALUE;
    }

    /** Whether a wake-up is pending for the next round (tests). */
    boolean wakeRequested() {
        return wakeRequested;
    }

    /** Runs {@code command} on the dispatch thread (or right here if it is not running). */
    CompletableFuture<Void> submit(Runnable command) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        Runnable wrapped = () -> {
            try {
                command.run();
                f.complete(null);
            } catch (RuntimeException e) {
                f.completeExceptionally(e);
            }
        };
        if (worker.isRunning()) {
            worker.execute(wrapped);
        } else {
            wrapped.run();
        }
        return f;
    }

    /**
     * One round of the worker: queued commands ran first; dispatches at most {@value #MAX_PER_ROUND} entries.
     * A failed round is counted (and retried from its start by the next one).
     */
    @Override
    public int doWork() {
        int n;
        try {
            n = doWork(MAX_PER_ROUND);
        } catch (RuntimeException e) {
            errors.incrementAndGet();
            throw e;
        }
        if (n > 0) {
            quietRounds = 0;
            polling = true;
        } else if (polling && ++quietRounds >= QUIET_ROUNDS) {
            // Dekker-style with the appenders, which publish the commit-log end and then read polling: an append
            // that still saw polling is seen here and polled for, instead of waiting out an idle pause
            polling = false;
            if (commitLog.maxOffset() > dispatchedOffset) {
                polling = true;
                quietRounds = 0;
            }
        }
        return n;
    }

    /** Runs one worker round on the caller's thread (commands, then dispatch); the worker must not be running. */
    int step() {
        return worker.step();
    }

    /** Dispatches until the end of the commit log; start-up and shutdown only. */
    void catchUp() {
        while (doWork(MAX_PER_ROUND) > 0) {
            // loop
        }
    }

    /** One round: dispatches at most {@code max} messages; returns how many entries were consumed. */
    int doWork(int max) {
        wakeRequested = false; // before reading the end: a later append wakes the worker again
        long start = dispatchedOffset;
        try {
            return round(max, commitLog.maxOffset(), true);
        } catch (RuntimeException e) {
            // the round's index batch was not written: go back to its start so its index entries are redone
            // (consume-queue puts and listener calls are idempotent)
            dispatchedOffset = start;
            throw e;
        }
    }

    /**
     * Index-only pass over commit-log range [from, to) (start-up, thread not running): rebuilds index entries that
     * a crash took from RocksDB (see {@link MessageIndex}); consume queues and listeners are not touched.
     */
    void reindex(long from, long to) {
        long saved = dispatchedOffset;
        dispatchedOffset = from;
        try {
            while (dispatchedOffset < to && round(MAX_PER_ROUND, to, false) > 0) {
                // loop
            }
        } finally {
            dispatchedOffset = saved;
        }
    }

    /**
     * Dispatches from {@link #dispatchedOffset} up to {@code end}, at most {@code max} entries; with {@code full}
     * also consume queues and listeners. The index batch carries the new progress, written atomically with the
     * entries.
     */
    private int round(int max, long end, boolean full) {
        int n = 0;
        index.beginBatch();
        long roundStart = dispatchedOffset;
        long lastOff = -1;
        long lastTs = 0;
        while (dispatchedOffset < end && n < max) {
            long off = dispatchedOffset;
            if (off < commitLog.minOffset()) {
                dispatchedOffset = commitLog.minOffset();
                continue;
            }
            MappedSegment seg = commitLog.segmentFor(off);
            if (seg == null) {
                break;
            }
            int pos = (int) (off - seg.startOffset());
            int limit = (int) (Math.min(seg.endOffset(), end) - seg.startOffset());
            ByteBuffer buf = seg.buffer();
            int r = MessageDecoder.check(buf, pos, limit, false);
            if (r == MessageDecoder.CHECK_BLANK) {
                dispatchedOffset = seg.endOffset();
                n++;
                continue;
            }
            if (r <= 0) {
                if (!stuckLogged) {
                    stuckLogged = true;
                    errors.incrementAndGet();
                    faults.record(STUCK, "no valid message at commit-log offset " + off + " (end " + end + ")");
                    LOG.error("dispatch: no valid message at commit-log offset {} (end {}); waiting", off, end);
                }
                break;
            }
            stuckLogged = false;
            view.wrap(buf, pos);
            String topic = view.topic();
            int queueId = view.queueId();
            long queueOffset = view.queueOffset();
            long storeTs = view.storeTimestamp();
            indexed.scan(view.propertiesString());
            long tagsCode = TagHash.tagsCode(indexed, TAGS); // no String of the tags: only the code is kept
            int tran = MessageSysFlag.transactionValue(view.sysFlag());
            boolean toQueue = tran == MessageSysFlag.TRANSACTION_NOT_TYPE
                || tran == MessageSysFlag.TRANSACTION_COMMIT_TYPE;
            if (full && toQueue) {
                try {
                    queues.getOrCreate(topic, queueId).put(queueOffset, off, r, tagsCode);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException("consume queue write failed for " + topic + "-"
                        + queueId, e);
                }
            }
            index.add(topic, indexed.value(KEYS), indexed.value(UNIQ_KEY), off, storeTs);
            dispatchedOffset = off + r;
            lastOff = off;
            lastTs = storeTs;
            n++;
            if (full && toQueue) {
                for (DispatchListener l : listeners) {
                    try {
                        l.onDispatched(topic, queueId, queueOffset, tagsCode, storeTs);
                    } catch (RuntimeException e) {
                        errors.incrementAndGet();
                        faults.record(LISTENER_FAILED, e);
                        LOG.warn("dispatch listener {} failed", l, e);
                    }
                }
            }
        }
        try {
            if (dispatchedOffset != roundStart) {
                index.setProgress(dispatchedOffset);
            }
            index.write();
        } catch (org.rocksdb.RocksDBException e) {
            throw new IllegalStateException("index write failed: " + e.getMessage(), e);
        }
        if (lastOff >= 0) {
            lastIndexedOffset = lastOff;
            lastIndexedTimestamp = lastTs;
        }
        return n;
    }
}
