package io.ferrymq.broker.ha;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The consumer-offset merge between a slave and its master: for each (topic@group, queue) the larger committed
 * offset wins. Offsets the master holds higher are adopted by the slave; offsets the slave holds higher (or
 * alone) were committed by consumers against the slave while the master was gone, and are pushed back to the
 * master so its consumers do not consume those messages again. Pure function.
 *
 * <p>Consequence: an administrative reset of offsets to an earlier point on the master is undone by a slave
 * that still holds the later ones; reset offsets while the slaves are in sync (within one sync interval).
 */
public final class OffsetMerge {
    /** One committed offset; {@code key} is the table key {@code topic@group}. */
    public record Entry(String key, int queueId, long offset) {
    }

    /** What the slave adopts locally and what it pushes to the master. */
    public record Plan(List<Entry> adopt, List<Entry> push) {
    }

    private OffsetMerge() {
    }

    /**
     * @param master the master's table ({@code topic@group} → queue → offset)
     * @param slave  the slave's table, same shape
     */
    public static Plan plan(Map<String, Map<Integer, Long>> master, Map<String, Map<Integer, Long>> slave) {
        List<Entry> adopt = new ArrayList<>();
        List<Entry> push = new ArrayList<>();
        master.forEach((key, queues) -> {
            Map<Integer, Long> mine = slave.getOrDefault(key, Map.of());
            queues.forEach((q, off) -> {
                Long local = mine.get(q);
                if (off != null && (local == null || off > local)) {
                    adopt.add(new Entry(key, q, off));
                }
            });
        });
        slave.forEach((key, queues) -> {
            Map<Integer, Long> theirs = master.getOrDefault(key, Map.of());
            queues.forEach((q, off) -> {
                Long remote = theirs.get(q);
                if (off != null && (remote == null || off > remote)) {
                    push.add(new Entry(key, q, off));
                }
            });
        });
        return new Plan(adopt, push);
    }

    /** The topic of a {@code topic@group} key. */
    public static String topicOf(String key) {
        return key.substring(0, key.lastIndexOf('@'));
    }

    /** The group of a {@code topic@group} key. */
    public static String groupOf(String key) {
        return key.substring(key.lastIndexOf('@') + 1);
    }
}
