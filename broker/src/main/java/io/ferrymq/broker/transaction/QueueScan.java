package io.ferrymq.broker.transaction;

import io.ferrymq.store.GetResult;
import io.ferrymq.store.GetStatus;
import io.ferrymq.store.MessageFilter;
import io.ferrymq.store.MessageStore;

import java.nio.ByteBuffer;

/**
 * Walks queue 0 of a system topic (the half and op topics) in batches, stepping over what retention removed,
 * so the coordinator's replay and check-back scan share one read loop. Runs on the caller's thread.
 */
final class QueueScan {
    /** Sees one stored message; returns false to stop the walk. */
    interface Visitor {
        boolean visit(long queueOffset, ByteBuffer message);
    }

    private QueueScan() {
    }

    /** Visits the messages at queue offsets {@code [from, until)} of {@code topic}, {@code batch} per read. */
    static void walk(MessageStore store, String topic, long from, long until, int batch, Visitor visitor) {
        long offset = from;
        while (offset < until) {
            GetResult g = store.get(topic, 0, offset, batch, Integer.MAX_VALUE, MessageFilter.ALL);
            try {
                if (g.status() == GetStatus.OFFSET_TOO_SMALL && g.nextBeginOffset() > offset) {
                    offset = g.nextBeginOffset();
                    continue;
                }
                if (g.status() != GetStatus.FOUND) {
                    return;
                }
                for (int i = 0; i < g.messageCount(); i++) {
                    long queueOffset = g.messageQueueOffsets().get(i);
                    offset = queueOffset + 1;
                    if (!visitor.visit(queueOffset, g.messages().get(i).duplicate())) {
                        return;
                    }
                }
            } finally {
                g.release();
            }
        }
    }
}
