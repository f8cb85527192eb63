package io.ferrymq.store;

import io.ferrymq.common.fault.FaultRegistry;
import io.ferrymq.common.message.MessageDecoder;
import io.ferrymq.common.message.MessageIds;
import io.ferrymq.common.message.MessageView;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The read side: gets by queue offset (with filters), offset and time lookups of a queue, messages by physical
 * offset or offset message id, and key and unique-key queries through the index.
 *
 * <p>Every message a get returns is checked first (magic, lengths, body CRC): a corrupt one (a bit flipped on the
 * disk, a torn write the recovery scan did not cover) is never served; it is skipped like a missing entry,
 * counted as {@value #CORRUPT} with its place, and logged.
 *
 * <p>Threads: any thread; it only reads consume queues, the commit log and the index, which are safe for
 * concurrent readers.
 */
final class StoreReader {
    private static final int MAX_SCAN_PER_GET = 16_000;
    /** Fault: a stored message failed its check (CRC) on the read path and was not served. */
    static final String CORRUPT = "store.corrupt_message_skipped";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(StoreReader.class);

    private final CommitLog commitLog;
    private final ConsumeQueueTable queues;
    private final StoreStatus status;
    private final StoreCounters counters;
    private final FaultRegistry faults;
    /** Commit-log offset → size of corrupt messages found by reads and not repaired (bounded). */
    private final java.util.concurrent.ConcurrentSkipListMap<Long, Integer> corrupt =
        new java.util.concurrent.ConcurrentSkipListMap<>();
    private static final int MAX_CORRUPT_REMEMBERED = 1024;
    private volatile MessageIndex index;
    private volatile Dispatcher dispatcher;

    StoreReader(CommitLog commitLog, ConsumeQueueTable queues, StoreStatus status, StoreCounters counters,
                FaultRegistry faults) {
        this.faults = faults;
        this.commitLog = commitLog;
        this.queues = queues;
        this.status = status;
        this.counters = counters;
    }

    /** Wires the index and the dispatcher (its indexing progress) created during start-up. */
    void attach(MessageIndex index, Dispatcher dispatcher) {
        this.index = index;
        this.dispatcher = dispatcher;
    }

    private MessageIndex index() {
        return index;
    }

    private Dispatcher dispatcher() {
        return dispatcher;
    }

    GetResult get(String topic, int queueId, long offset, int maxMsgs, int maxBytes, MessageFilter filter) {
        if (status.state() == StoreStatus.State.SHUT_DOWN) {
            return GetResult.empty(GetStatus.SERVICE_NOT_AVAILABLE, offset, 0, 0);
        }
        ConsumeQueue cq = queues.find(topic, queueId);
        if (cq == null) {
            counters.getMiss.incrementAndGet();
            return GetResult.empty(GetStatus.NO_MATCHED_LOGIC_QUEUE, 0, 0, 0);
        }
        long min = cq.minOffset();
        long max = cq.maxOffset();
        GetResult r;
        if (max == 0) {
            r = GetResult.empty(GetStatus.NO_MESSAGE_IN_QUEUE, 0, min, max);
        } else if (offset < min) {
            r = GetResult.empty(GetStatus.OFFSET_TOO_SMALL, min, min, max);
        } else if (offset == max) {
            r = GetResult.empty(GetStatus.OFFSET_OVERFLOW_ONE, offset, min, max);
        } else if (offset > max) {
            r = GetResult.empty(GetStatus.OFFSET_OVERFLOW_BADLY, max, min, max);
        } else {
            r = read(cq, offset, min, max, Math.max(1, maxMsgs), maxBytes, filter == null ? MessageFilter.ALL
                : filter);
        }
        (r.status() == GetStatus.FOUND ? counters.getFound : counters.getMiss).incrementAndGet();
        return r;
    }

    private GetResult read(ConsumeQueue cq, long offset, long min, long max, int maxMsgs, int maxBytes,
                           MessageFilter filter) {
        List<ByteBuffer> msgs = new ArrayList<>(Math.min(maxMsgs, 32));
        List<Long> offsets = new ArrayList<>(Math.min(maxMsgs, 32));
        long[] e = new long[3];
        long next = offset;
        int bytes = 0;
        boolean sawMissing = false;
        long clMin = commitLog.minOffset();
        long end = Math.min(max, offset + MAX_SCAN_PER_GET);
        for (long q = offset; q < end; q++) {
            if (!cq.read(q, e)) {
                sawMissing = true;
                next = q + 1;
                continue;
            }
            long phys = e[0];
            int size = (int) e[1];
            if (size <= 0 || phys < clMin) {
                sawMissing = true;
                next = q + 1;
                continue;
            }
            if (!msgs.isEmpty() && bytes + size > maxBytes) {
                break;
            }
            next = q + 1;
            if (!filter.matchesTagsCode(e[2])) {
                continue;
            }
            ByteBuffer slice = commitLog.slice(phys, size);
            if (slice == null) {
                sawMissing = true;
                continue;
            }
            if (MessageDecoder.check(slice, 0, size, true) != size) {
                String where = cq.topic() + "-" + cq.queueId() + " queue offset " + q + " (commit-log offset " + phys
                    + ", " + size + " bytes)";
                faults.record(CORRUPT, "corrupt message at " + where + " not served");
                if (corrupt.size() < MAX_CORRUPT_REMEMBERED) {
                    corrupt.put(phys, size);
                }
                LOG.error("store: the message at {} fails its check (body CRC, magic or length); skipped, never "
                    + "served", where);
                sawMissing = true;
                continue;
            }
            if (!filter.matchesMessage(slice.duplicate())) {
                continue;
            }
            msgs.add(slice);
            offsets.add(q);
            bytes += size;
            if (msgs.size() >= maxMsgs) {
                break;
            }
        }
        GetStatus st = !msgs.isEmpty() ? GetStatus.FOUND
            : sawMissing ? GetStatus.OFFSET_FOUND_NULL : GetStatus.NO_MATCHED_MESSAGE;
        return new GetResult(st, next, min, max, msgs, offsets, bytes);
    }

    /** The oldest corrupt message found by a read and not yet repaired, or -1. */
    long corruptEntryToRepair() {
        Long first = corrupt.isEmpty() ? null : corrupt.firstKey();
        return first == null ? -1 : first;
    }

    /** Takes {@code offset} off the repair list; returns the size its consume-queue entry gave (-1: not listed). */
    int takeCorrupt(long offset) {
        Integer size = corrupt.remove(offset);
        return size == null ? -1 : size;
    }

    /** Raw consume-queue entries of one queue (see {@link MessageStore#consumeQueueEntries}); null: no queue. */
    List<ConsumeQueueEntry> consumeQueueEntries(String topic, int queueId, long fromOffset, int count) {
        ConsumeQueue cq = queues.find(topic, queueId);
        if (cq == null) {
            return null;
        }
        List<ConsumeQueueEntry> out = new ArrayList<>();
        long[] e = new long[3];
        long end = Math.min(cq.maxOffset(), Math.max(fromOffset, 0) + Math.max(0, count));
        for (long q = Math.max(fromOffset, cq.minOffset()); q < end; q++) {
            if (cq.read(q, e)) {
                out.add(new ConsumeQueueEntry(q, e[0], (int) e[1], e[2]));
            }
        }
        return out;
    }

    long maxOffset(String topic, int queueId) {
        ConsumeQueue cq = queues.find(topic, queueId);
        return cq == null ? 0 : cq.maxOffset();
    }

    long minOffset(String topic, int queueId) {
        ConsumeQueue cq = queues.find(topic, queueId);
        return cq == null ? 0 : cq.minOffset();
    }

    private long storeTime(ConsumeQueue cq, long q) {
        long phys = cq.physOffset(q);
        return phys < 0 ? -1 : commitLog.storeTimestampAt(phys);
    }

    long offsetByTime(String topic, int queueId, long timestamp, TimeBoundary boundary) {
        ConsumeQueue cq = queues.find(topic, queueId);
        if (cq == null) {
            return 0;
        }
        long min = cq.minOffset();
        long max = cq.maxOffset();
        if (boundary == TimeBoundary.LOWER) {
            long lo = min;
            long hi = max;
            while (lo < hi) { // first offset with storeTime >= timestamp
                long mid = (lo + hi) >>> 1;
                if (storeTime(cq, mid) < timestamp) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }
        long lo = min;
        long hi = max;
        while (lo < hi) { // first offset with storeTime > timestamp
            long mid = (lo + hi) >>> 1;
            if (storeTime(cq, mid) <= timestamp) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo == min ? min : lo - 1;
    }

    long earliestStoreTime(String topic, int queueId) {
        ConsumeQueue cq = queues.find(topic, queueId);
        return cq == null || cq.minOffset() >= cq.maxOffset() ? -1 : storeTime(cq, cq.minOffset());
    }

    long storeTimeAt(String topic, int queueId, long offset) {
        ConsumeQueue cq = queues.find(topic, queueId);
        if (cq == null || offset < cq.minOffset() || offset >= cq.maxOffset()) {
            return -1;
        }
        return storeTime(cq, offset);
    }

    ByteBuffer messageAt(long commitLogOffset) {
        return commitLog.messageAt(commitLogOffset);
    }

    ByteBuffer messageByOffsetMsgId(String offsetMsgId) {
        try {
            return messageAt(MessageIds.decodeOffsetMsgId(offsetMsgId).commitLogOffset());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    QueryResult query(String topic, String key, int maxNum, long beginTimestamp, long endTimestamp) {
        if (!status.running()) {
            return new QueryResult(List.of(), List.of(), 0, -1);
        }
        return resolve(topic, index().queryKey(topic, key, maxNum, beginTimestamp, endTimestamp));
    }

    QueryResult queryByUniqKey(String topic, String uniqKey, int maxNum) {
        if (!status.running()) {
            return new QueryResult(List.of(), List.of(), 0, -1);
        }
        return resolve(topic, index().queryUniq(topic, uniqKey, maxNum));
    }

    private QueryResult resolve(String topic, List<Long> offsets) {
        List<ByteBuffer> msgs = new ArrayList<>();
        List<Long> found = new ArrayList<>();
        MessageView v = new MessageView();
        for (long off : offsets) {
            ByteBuffer m = commitLog.messageAt(off);
            if (m != null && topic.equals(v.wrap(m, 0).topic())) {
                msgs.add(m);
                found.add(off);
            }
        }
        return new QueryResult(msgs, found, dispatcher().lastIndexedTimestamp(), dispatcher().lastIndexedOffset());
    }
}
