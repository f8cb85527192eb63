package io.ferrymq.console.api;

import io.ferrymq.client.MessageQueue;
import io.ferrymq.client.ReceivedMessage;
import io.ferrymq.client.admin.QueueStats;
import io.ferrymq.console.cluster.ClusterSet;
import io.ferrymq.console.cluster.Snapshot;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The last messages one broker stored, newest first. There is no call that reads a commit log backwards, so the
 * tails of the topics' queues are read in the order of their last store time (from the snapshot) and merged by
 * commit-log offset; the walk stops as soon as the next topic's last message is older than the oldest kept, or
 * after {@value #MAX_TOPICS} topics ({@code cutShort} then says the list may miss older topics' messages).
 */
final class RecentMessages {
    static final int MAX_TOPICS = 200;

    private RecentMessages() {
    }

    static Map<String, Object> of(ClusterSet s, String addr, int limit, int maxBody) {
        Snapshot snap = s.snapshot();
        String group = null;
        for (Snapshot.BrokerState b : snap.brokers()) {
            if (b.address().equals(addr)) {
                group = b.group();
            }
        }
        String brokerGroup = group;
        List<Snapshot.TopicState> topics = snap.topics().values().stream()
                .filter(t -> t.brokerGroups().contains(brokerGroup) && t.lastStoreTime() > 0)
                .sorted(Comparator.comparingLong(Snapshot.TopicState::lastStoreTime).reversed()).toList();
        Comparator<ReceivedMessage> newestFirst = Comparator.comparingLong(ReceivedMessage::commitLogOffset).reversed();
        List<ReceivedMessage> kept = new ArrayList<>();
        int visited = 0;
        boolean cutShort = false;
        for (Snapshot.TopicState t : topics) {
            if (kept.size() >= limit && kept.get(limit - 1).storeTimestamp() > t.lastStoreTime()) {
                break; // every message of this topic and the ones after it is older than all kept
            }
            if (visited++ >= MAX_TOPICS) {
                cutShort = true;
                break;
            }
            for (Map.Entry<MessageQueue, QueueStats> q : s.admin().topicStatsOn(addr, t.name()).entrySet()) {
                long max = q.getValue().maxOffset();
                long from = Math.max(q.getValue().minOffset(), max - limit);
                while (from < max) {
                    List<ReceivedMessage> batch = s.admin().browse(addr, q.getKey(), from, 32);
                    if (batch.isEmpty()) {
                        break;
                    }
                    kept.addAll(batch);
                    from = batch.get(batch.size() - 1).queueOffset() + 1;
                }
            }
            kept.sort(newestFirst);
            if (kept.size() > limit) {
                kept.subList(limit, kept.size()).clear();
            }
        }
        List<Map<String, Object>> items = new ArrayList<>();
        kept.forEach(m -> items.add(MessageView.of(m, maxBody)));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("broker", addr);
        out.put("topicsRead", Math.min(visited, topics.size()));
        out.put("cutShort", cutShort);
        out.put("items", items);
        return out;
    }
}
