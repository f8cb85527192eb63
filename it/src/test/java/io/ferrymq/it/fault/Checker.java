package io.ferrymq.it.fault;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Checks a {@link History} against the promises of an at-least-once queue with SYNC_MASTER replication:
 * <ul>
 *   <li><b>lost</b>: a SEND_OK message a subscribed group never received (run after healing and draining);</li>
 *   <li><b>duplicates</b>: counted, not a failure;</li>
 *   <li><b>inconsistent offsets</b>: one queue offset seen holding two different messages (SEND_OK results and
 *       deliveries together);</li>
 *   <li><b>order violations</b>: on a group's first deliveries from one queue, an acknowledged ordered message of a
 *       producer arriving after a later acknowledged ordered message of the same producer;</li>
 *   <li><b>commits ahead of processing</b>: a committed offset observed at time T while an acknowledged message
 *       below it on that queue had not been delivered to the group by T;</li>
 *   <li><b>false acknowledgements</b>: a SEND_OK from a group for a send made entirely inside a
 *       {@link NoAckWindow} of that group;</li>
 *   <li><b>not on the slave</b>: recorded from outside ({@link History#notOnSlave});</li>
 *   <li><b>unavailability windows</b> per producer: from the start of its first failed send to the end of its next
 *       acknowledged one;</li>
 *   <li><b>ownership violations</b>: a churning group's queue without exactly one owner more than
 *       {@link ChurnConsumers#OWNERSHIP_SETTLE_MILLIS} after the group's last membership change;</li>
 *   <li><b>deadlines</b>: the measured bounds of the run ({@link History#deadline}), each met or missed.</li>
 * </ul>
 * Pure: reads the history, returns a {@link Verdict}.
 */
public final class Checker {
    private Checker() {
    }

    public static Verdict check(String run, History h) {
        List<SendRecord> sends = h.sends();
        List<DeliveryRecord> deliveries = h.deliveries();
        Map<String, SendRecord> acked = new LinkedHashMap<>();
        for (SendRecord s : sends) {
            if (s.outcome() == Outcome.OK) {
                acked.putIfAbsent(s.id(), s);
            }
        }
        Map<String, Map<String, Integer>> countsByGroup = new LinkedHashMap<>();
        for (DeliveryRecord d : deliveries) {
            countsByGroup.computeIfAbsent(d.group(), g -> new HashMap<>()).merge(d.id(), 1, Integer::sum);
        }

        Map<String, List<String>> lostByGroup = new TreeMap<>();
        Set<String> lost = new TreeSet<>();
        for (Map.Entry<String, Set<String>> sub : h.subscriptions().entrySet()) {
            Map<String, Integer> got = countsByGroup.getOrDefault(sub.getKey(), Map.of());
            List<String> missing = new ArrayList<>();
            for (SendRecord s : acked.values()) {
                if (sub.getValue().contains(s.topic()) && !got.containsKey(s.id())) {
                    missing.add(s.id());
                }
            }
            lostByGroup.put(sub.getKey(), missing);
            lost.addAll(missing);
        }
        long duplicates = 0;
        for (Map<String, Integer> got : countsByGroup.values()) {
            for (int n : got.values()) {
                duplicates += n - 1;
            }
        }
        return new Verdict(run, sends.size(), acked.size(), lostByGroup, List.copyOf(lost), duplicates,
                inconsistentOffsets(acked.values(), deliveries), orderViolations(acked, deliveries),
                commitsAhead(acked.values(), deliveries, h.commits()), falseAcks(acked.values(), h.noAckWindows()),
                h.notOnSlave(), windows(sends), ownershipViolations(h.members(), h.ownership()), h.deadlines());
    }

    /**
     * Samples of wrongly owned queues taken more than the settle time after the last membership change before them
     * (samples before the first change are the group forming).
     */
    static List<String> ownershipViolations(List<TimedNote> members, List<TimedNote> samples) {
        List<TimedNote> changes = new ArrayList<>(members);
        changes.sort(Comparator.comparingLong(TimedNote::timeMillis));
        List<String> out = new ArrayList<>();
        for (TimedNote s : samples) {
            TimedNote last = null;
            for (TimedNote c : changes) {
                if (c.timeMillis() <= s.timeMillis()) {
                    last = c;
                }
            }
            if (last != null && s.timeMillis() - last.timeMillis() > ChurnConsumers.OWNERSHIP_SETTLE_MILLIS) {
                out.add(String.format("at %d, %.1f s after '%s': %s", s.timeMillis(),
                        (s.timeMillis() - last.timeMillis()) / 1000.0, last.what(), s.what()));
            }
        }
        return out;
    }

    private static List<String> inconsistentOffsets(Iterable<SendRecord> acked, List<DeliveryRecord> deliveries) {
        Map<String, Set<String>> idsAt = new TreeMap<>();
        for (SendRecord s : acked) {
            if (!s.queue().isEmpty() && s.queueOffset() >= 0) {
                idsAt.computeIfAbsent(s.queue() + "@" + s.queueOffset(), k -> new TreeSet<>()).add(s.id());
            }
        }
        for (DeliveryRecord d : deliveries) {
            idsAt.computeIfAbsent(d.queue() + "@" + d.queueOffset(), k -> new TreeSet<>()).add(d.id());
        }
        List<String> out = new ArrayList<>();
        idsAt.forEach((at, ids) -> {
            if (ids.size() > 1) {
                out.add(at + ": " + String.join(" ", ids));
            }
        });
        return out;
    }

    /** Per group and queue, first deliveries of each producer's acknowledged ordered messages must rise. */
    private static List<String> orderViolations(Map<String, SendRecord> acked, List<DeliveryRecord> deliveries) {
        Map<String, Set<String>> seen = new HashMap<>();            // group -> ids delivered so far
        Map<String, Long> highest = new HashMap<>();                // group|queue|producer -> highest seq so far
        List<String> out = new ArrayList<>();
        for (DeliveryRecord d : deliveries) {
            SendRecord s = acked.get(d.id());
            if (!seen.computeIfAbsent(d.group(), g -> new HashSet<>()).add(d.id()) || s == null || !s.ordered()) {
                continue;
            }
            String stream = d.group() + "|" + d.queue() + "|" + s.producer();
            Long before = highest.get(stream);
            if (before != null && s.seq() < before) {
                out.add(d.group() + " on " + d.queue() + ": " + s.id() + " after " + s.producer() + ":" + before);
            } else {
                highest.put(stream, s.seq());
            }
        }
        return out;
    }

    /**
     * A commit of offset C at time T on a queue is ahead when some acknowledged message at an offset below C on
     * that queue was first delivered to the group after T, or never.
     */
    /**
     * Commits whose offset passes an acknowledged message the committing group had not yet received. Linear in the
     * history: per group and queue the latest first-delivery time of each prefix of the queue's acknowledged
     * offsets is computed once, so each commit is one binary search (a 30-minute soak commits about a million times).
     */
    private static List<String> commitsAhead(Iterable<SendRecord> acked, List<DeliveryRecord> deliveries,
                                             List<CommitRecord> commits) {
        Map<String, TreeMap<Long, String>> ackedByQueue = new HashMap<>(); // queue -> offset -> id
        for (SendRecord s : acked) {
            if (!s.queue().isEmpty() && s.queueOffset() >= 0) {
                ackedByQueue.computeIfAbsent(s.queue(), q -> new TreeMap<>()).put(s.queueOffset(), s.id());
            }
        }
        Map<String, Long> firstDelivery = new HashMap<>(); // group|id -> time
        for (DeliveryRecord d : deliveries) {
            firstDelivery.merge(d.group() + "|" + d.id(), d.timeMillis(), Math::min);
        }
        Map<String, QueuePrefix> prefixes = new HashMap<>(); // group|queue -> prefix maxima
        List<String> out = new ArrayList<>();
        for (CommitRecord c : commits) {
            TreeMap<Long, String> queue = ackedByQueue.get(c.queue());
            if (queue == null) {
                continue;
            }
            QueuePrefix p = prefixes.computeIfAbsent(c.group() + "|" + c.queue(),
                    k -> QueuePrefix.of(c.group(), queue, firstDelivery));
            int below = p.countBelow(c.offset());
            if (below == 0 || p.latestFirstDelivery[below - 1] <= c.timeMillis()) {
                continue;
            }
            for (int i = 0; i < below; i++) { // a violation: name the first message it passed
                long t = p.firstDelivery[i];
                if (t > c.timeMillis()) {
                    out.add(String.format("%s committed %d on %s (from %s) at %d but %s at offset %d was %s",
                            c.group(), c.offset(), c.queue(), c.source(), c.timeMillis(), p.ids[i], p.offsets[i],
                            t == Long.MAX_VALUE ? "never delivered" : "delivered only at " + t));
                    break;
                }
            }
        }
        return out;
    }

    /** One group's view of one queue: acknowledged offsets in order, their first delivery, and its running maximum. */
    private record QueuePrefix(long[] offsets, String[] ids, long[] firstDelivery, long[] latestFirstDelivery) {
        static QueuePrefix of(String group, TreeMap<Long, String> queue, Map<String, Long> firstDeliveries) {
            int n = queue.size();
            long[] offsets = new long[n];
            String[] ids = new String[n];
            long[] first = new long[n];
            long[] latest = new long[n];
            int i = 0;
            for (Map.Entry<Long, String> e : queue.entrySet()) {
                offsets[i] = e.getKey();
                ids[i] = e.getValue();
                first[i] = firstDeliveries.getOrDefault(group + "|" + e.getValue(), Long.MAX_VALUE);
                latest[i] = i == 0 ? first[i] : Math.max(latest[i - 1], first[i]);
                i++;
            }
            return new QueuePrefix(offsets, ids, first, latest);
        }

        /** How many acknowledged offsets lie below {@code offset}. */
        int countBelow(long offset) {
            int at = java.util.Arrays.binarySearch(offsets, offset);
            return at >= 0 ? at : -at - 1;
        }
    }

    private static List<String> falseAcks(Iterable<SendRecord> acked, List<NoAckWindow> windows) {
        List<String> out = new ArrayList<>();
        for (SendRecord s : acked) {
            String broker = Queues.brokerName(s.queue());
            for (NoAckWindow w : windows) {
                if (w.brokerName().equals(broker) && s.startMillis() >= w.fromMillis()
                        && s.endMillis() <= w.toMillis()) {
                    out.add(s.id() + " on " + s.queue() + " during " + w.reason());
                    break;
                }
            }
        }
        return out;
    }

    private static List<Verdict.Unavailability> windows(List<SendRecord> sends) {
        Map<String, List<SendRecord>> byProducer = new TreeMap<>();
        for (SendRecord s : sends) {
            byProducer.computeIfAbsent(s.producer(), p -> new ArrayList<>()).add(s);
        }
        List<Verdict.Unavailability> out = new ArrayList<>();
        for (Map.Entry<String, List<SendRecord>> e : byProducer.entrySet()) {
            List<SendRecord> ss = new ArrayList<>(e.getValue());
            ss.sort(Comparator.comparingLong(SendRecord::startMillis).thenComparingLong(SendRecord::seq));
            long openedAt = -1;
            int failed = 0;
            long lastEnd = 0;
            for (SendRecord s : ss) {
                lastEnd = Math.max(lastEnd, s.endMillis());
                if (s.outcome() != Outcome.OK) {
                    if (openedAt < 0) {
                        openedAt = s.startMillis();
                    }
                    failed++;
                } else if (openedAt >= 0) {
                    out.add(new Verdict.Unavailability(e.getKey(), openedAt, s.endMillis(), failed, true));
                    openedAt = -1;
                    failed = 0;
                }
            }
            if (openedAt >= 0) {
                out.add(new Verdict.Unavailability(e.getKey(), openedAt, lastEnd, failed, false));
            }
        }
        return out;
    }
}
