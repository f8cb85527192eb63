package io.ferrymq.broker.metrics;

import io.ferrymq.store.ConsumedOffsetsView;
import io.ferrymq.store.ConsumedOffsetsView.CommittedOffset;
import io.ferrymq.store.MessageStore;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Consumer lag from committed offsets: for every group and topic, the messages stored but not yet committed
 * (queue max offset minus committed offset, summed over queues) and the age in seconds of the oldest of them.
 * Groups or topics past the label cap are summed under {@code other} (the age is the oldest among them); queue
 * rows exist only for groups and topics under the cap. Pure computation over the store and offsets: run by the
 * metrics refresh thread, tested by calling {@link #compute}.
 */
final class ConsumerLag {
    /** Lag of one group on one topic (labels already capped). */
    record GroupLag(String group, String topic, long messages, double oldestAgeSeconds) {
    }

    /** Lag of one queue of a group under the cap. */
    record QueueLag(String group, String topic, int queueId, long messages) {
    }

    record Snapshot(List<GroupLag> groups, List<QueueLag> queues) {
        static final Snapshot EMPTY = new Snapshot(List.of(), List.of());
    }

    private final MessageStore store;
    private final ConsumedOffsetsView offsets;
    private final LabelLimit topics;
    private final LabelLimit groups;

    ConsumerLag(MessageStore store, ConsumedOffsetsView offsets, LabelLimit topics, LabelLimit groups) {
        this.store = store;
        this.offsets = offsets;
        this.topics = topics;
        this.groups = groups;
    }

    Snapshot compute(long nowMillis) {
        Map<List<String>, long[]> lagByLabels = new LinkedHashMap<>();
        Map<List<String>, Long> oldestByLabels = new LinkedHashMap<>();
        List<QueueLag> queues = new ArrayList<>();
        for (CommittedOffset c : offsets.committedOffsets()) {
            long max = store.maxOffset(c.topic(), c.queueId());
            long committed = Math.max(c.offset(), store.minOffset(c.topic(), c.queueId()));
            long lag = Math.max(0, max - committed);
            String group = groups.label(c.group());
            String topic = topics.label(c.topic());
            List<String> key = List.of(group, topic);
            lagByLabels.computeIfAbsent(key, k -> new long[1])[0] += lag;
            if (lag > 0) {
                long stored = store.storeTimeAt(c.topic(), c.queueId(), committed);
                if (stored > 0) {
                    oldestByLabels.merge(key, stored, Math::min);
                }
            }
            if (!LabelLimit.OTHER.equals(group) && !LabelLimit.OTHER.equals(topic)) {
                queues.add(new QueueLag(group, topic, c.queueId(), lag));
            }
        }
        List<GroupLag> rows = new ArrayList<>(lagByLabels.size());
        lagByLabels.forEach((k, v) -> {
            Long oldest = oldestByLabels.get(k);
            double age = oldest == null ? 0 : Math.max(0, nowMillis - oldest) / 1000.0;
            rows.add(new GroupLag(k.get(0), k.get(1), v[0], age));
        });
        return new Snapshot(List.copyOf(rows), List.copyOf(queues));
    }
}
