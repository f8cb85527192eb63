package io.ferrymq.console.alert.hint;

import io.ferrymq.console.alert.Alert;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The "what to do" card of every alert condition, built from the alert's evidence. Stateless and thread-safe.
 */
public final class HintCatalog {
    private HintCatalog() {
    }

    public static Hint forAlert(Alert a) {
        Map<String, String> e = a.evidence();
        String target = a.target().name();
        List<String> ev = new ArrayList<>();
        ev.add(a.condition().unit() + ": " + fmt(a.value()) + " (fires above " + fmt(a.threshold())
                + ", resolves at or below " + fmt(a.resolveThreshold()) + ")");
        ev.add((a.firing() ? "firing since " + time(a.firedAt()) : "pending since " + time(a.pendingSince())));
        String enc = encode(target);
        Hint base = switch (a.condition()) {
            case GROUP_BACKLOG -> {
                ev.add("backlog " + e.getOrDefault("backlog", "?") + " messages on " + e.getOrDefault("topics", "?"));
                ev.add("online consumers " + e.getOrDefault("onlineConsumers", "?") + ", consuming "
                        + e.getOrDefault("consumeTps", "?") + " msg/s");
                yield card(a.condition().id(), "Group " + target + " is falling behind",
                        "Consumer group " + target + " has " + e.getOrDefault("backlog", "?")
                                + " unconsumed messages.", "Consumers slower than producers: too few consumer "
                        + "instances or threads, a slow downstream (database, API), or a burst of traffic.",
                        "Open the group: if consume TPS is near zero, check the consumers' logs; if it is steady but "
                                + "below the send rate, add consumer instances (up to the number of queues) or "
                                + "threads. To drop a backlog that is no longer needed, use 'skip backlog'.",
                        List.of(new Hint.Action("Open group " + target, "#/groups/" + enc)));
            }
            case GROUP_LAG_SECONDS -> {
                ev.add("oldest unconsumed message stored at "
                        + time(num(e.get("oldestUnconsumedStoredAt"))));
                ev.add("backlog " + e.getOrDefault("backlog", "?") + " messages, online consumers "
                        + e.getOrDefault("onlineConsumers", "?"));
                yield card(a.condition().id(), "Group " + target + " consumes old messages",
                        "The oldest message group " + target + " has not consumed is " + fmt(a.value())
                                + " seconds old.", "The consumers are stuck or too slow, or a queue is not "
                        + "assigned to any consumer.", "Open the group and look for queues whose offset does "
                        + "not move; restart or scale its consumers. Messages older than the retention time are "
                        + "deleted before they are consumed.",
                        List.of(new Hint.Action("Open group " + target, "#/groups/" + enc)));
            }
            case BACKLOG_NO_CONSUMER -> {
                String last = e.containsKey("lastConsumer")
                        ? "its last consumer was " + e.get("lastConsumer") + " at " + e.get("lastConsumerAddress")
                        + ", seen online " + time(num(e.get("lastConsumerSeenAt")))
                        : "the console has not seen a consumer of it online";
                ev.add("backlog " + e.getOrDefault("backlog", "?") + " messages on " + e.getOrDefault("topics", "?"));
                ev.add("no consumer online; " + last);
                yield card(a.condition().id(), "Group " + target + " has a backlog and no consumer",
                        "Consumer group " + target + " has " + e.getOrDefault("backlog", "?")
                                + " messages waiting and no consumer online; " + last + ".",
                        "The group's application is stopped, crashed, or cannot reach the name server or brokers.",
                        "Start the consumers of " + target + (e.containsKey("lastConsumerAddress")
                                ? " (last seen on " + host(e.get("lastConsumerAddress")) + ")" : "")
                                + ". If the group is retired, delete it (with its retry and DLQ topics) on the "
                                + "Groups page so it stops holding messages.",
                        List.of(new Hint.Action("Open group " + target, "#/groups/" + enc)));
            }
            case CONSUMER_STUCK -> {
                ev.add("backlog " + e.getOrDefault("backlog", "?") + " messages on " + e.getOrDefault("topics", "?"));
                ev.add("online consumers " + e.getOrDefault("onlineConsumers", "?") + ", consuming "
                        + e.getOrDefault("consumeTps", "?") + " msg/s");
                yield card(a.condition().id(), "Consumers of " + target + " make no progress",
                        "Group " + target + " has " + e.getOrDefault("onlineConsumers", "?") + " consumer(s) online "
                                + "and " + e.getOrDefault("backlog", "?") + " messages waiting, but its committed "
                                + "offsets do not move.", "The listener blocks (a lock, a call without a timeout, "
                        + "an endless retry loop), a queue is held by a consumer that stopped pulling, or offsets "
                        + "cannot be committed.", "Open the group, see which client holds the queues that do not "
                        + "move, and take a thread dump of it (jstack); restarting that client hands its queues "
                        + "to the others.", List.of(new Hint.Action("Open group " + target, "#/groups/" + enc)));
            }
            case DLQ_GROWING -> {
                ev.add("DLQ depth " + e.getOrDefault("dlqDepth", "?") + " on " + e.getOrDefault("dlqTopic", "?"));
                yield card(a.condition().id(), "Dead letters of " + target + " are growing",
                        fmt(a.value()) + " messages of group " + target + " went to its dead-letter queue in the "
                                + "window.", "The consumer fails the same messages until maxReconsumeTimes: a bug, a "
                        + "poison message, or a downstream that refuses them.",
                        "Look at the dead letters (body and properties) and the consumer's logs; after the fix, "
                                + "resend them to the topic from the Dead letters page.",
                        List.of(new Hint.Action("Dead letters of " + target, "#/dlq/" + enc)));
            }
            case OFFSET_AHEAD -> {
                ev.add(e.getOrDefault("queuesAhead", "?") + " queue(s): " + e.getOrDefault("aheadQueues", "?"));
                ev.add("online consumers " + e.getOrDefault("onlineConsumers", "?"));
                String path = "/api/sets/" + encode(a.target().set()) + "/groups/" + enc + "/skip-backlog";
                yield card(a.condition().id(), "Group " + target + " is ahead of its queues",
                        "Group " + target + " has committed offsets beyond the end of " + fmt(a.value())
                                + " queue(s): a negative lag, which the backlog counts as 0. The next messages "
                                + "stored on those queues are not consumed until the queue passes the committed "
                                + "offset.", "The queue was truncated or lost its messages (a broker's store "
                        + "deleted or restored from an older copy, a slave promoted that had not replicated "
                        + "everything), or an offset was committed by hand beyond the end.",
                        "Reset the group to the latest offsets (the queue ends) so it consumes from there, then "
                                + "find out why the queues went back (the broker's log, its fault counters).",
                        List.of(Hint.Action.call("Reset " + target + " to the latest offsets", "POST", path,
                                        "Move every committed offset of group " + target + " to the end of its "
                                                + "queues? The queues whose offset is ahead go back to their end; "
                                                + "the others skip any messages not consumed yet."),
                                new Hint.Action("Open group " + target, "#/groups/" + enc)));
            }
            case SUBSCRIPTION_MISMATCH -> {
                e.forEach((k, v) -> {
                    if (k.startsWith("variant")) {
                        ev.add(v);
                    }
                });
                yield card(a.condition().id(), "Consumers of " + target + " subscribe differently",
                        fmt(a.value()) + " of the " + e.getOrDefault("onlineConsumers", "?") + " online consumers of "
                                + "group " + target + " subscribe differently from the others ("
                                + e.getOrDefault("subscriptionVariants", "?") + " variants).",
                        "One group, several subscriptions: a rolling deployment half done, or two applications "
                                + "sharing a group name. Brokers keep one subscription per group and topic, so each "
                                + "heartbeat overwrites the other's: messages are filtered by whichever came last "
                                + "and some are never consumed by anyone.",
                        "Give every member of the group the same topics and tag expression (finish the "
                                + "deployment), or give the other application its own group name.",
                        List.of(new Hint.Action("Consumers of " + target, "#/groups/" + enc)));
            }
            case BROKER_MISSING -> {
                ev.add(e.getOrDefault("role", "broker") + ", last listed " + time(num(e.get("lastListedAt"))));
                yield card(a.condition().id(), "Broker " + target + " is missing from the routes",
                        "Broker " + a.target().broker() + " of group " + a.target().brokerGroup()
                                + " is no longer registered with the name servers.",
                        "The broker process stopped or crashed, or it cannot reach the name servers.",
                        "Check the broker process and its log on " + host(a.target().broker()) + " and restart "
                                + "it; if it was decommissioned on purpose, silence this alert or disable the rule "
                                + "for it.", List.of(new Hint.Action("Brokers", "#/brokers")));
            }
            case SLAVE_LAG -> {
                ev.add("slave at " + e.getOrDefault("slaveMaxOffset", "?") + ", master "
                        + e.getOrDefault("master", "?") + " at " + e.getOrDefault("masterMaxOffset", "?"));
                yield card(a.condition().id(), "Slave " + target + " lags its master",
                        "The slave is " + fmt(a.value()) + " bytes behind its master.",
                        "Network between master and slave too slow, a slow disk on the slave, or a burst of "
                                + "writes.", "Check the network and the slave's disk; while it lags, reads from the "
                        + "slave are behind and a failover would lose the difference.",
                        List.of(new Hint.Action("Brokers", "#/brokers")));
            }
            case SLAVE_DISCONNECTED -> {
                ev.add("known slaves " + e.getOrDefault("knownSlaves", "?") + ", connected "
                        + e.getOrDefault("connectedSlaves", "?"));
                yield card(a.condition().id(), "A slave of " + target + " is not replicating",
                        fmt(a.value()) + " slave(s) of broker group " + target + " are not connected to master "
                                + e.getOrDefault("master", "?") + ".",
                        "The slave process is down, or it cannot reach the master's HA port.",
                        "Start the slave (or fix the network to the master's haListenPort); until then the group "
                                + "has no copy of new messages.", List.of(new Hint.Action("Brokers", "#/brokers")));
            }
            case SYNC_MASTER_NO_IN_SYNC_SLAVE -> {
                ev.add("brokerRole " + e.getOrDefault("brokerRole", "?") + ", in-sync slaves "
                        + e.getOrDefault("inSyncSlaves", "?"));
                yield card(a.condition().id(), "SYNC_MASTER " + target + " has no in-sync slave",
                        "Master " + e.getOrDefault("master", "?") + " is a SYNC_MASTER but no slave is in sync.",
                        "Its slaves are down or too far behind; sends wait for slaveAckTimeoutMillis and answer "
                                + "FLUSH_SLAVE_TIMEOUT or SLAVE_NOT_AVAILABLE.",
                        "Bring a slave back in sync; if that takes long, consider switching the master to "
                                + "ASYNC_MASTER knowingly (a failover may then lose messages).",
                        List.of(new Hint.Action("Brokers", "#/brokers")));
            }
            case DISK_RATIO -> {
                ev.add("storeDiskFull " + e.getOrDefault("storeDiskFull", "?"));
                yield card(a.condition().id(), "Disk of " + target + " is filling up",
                        "Broker " + a.target().broker() + " uses " + Math.round(a.value() * 100)
                                + "% of its store disk.", "More messages kept than the disk holds: traffic grew, "
                        + "fileReservedTime is long, or other files share the disk.",
                        "Free space or grow the disk; shorten fileReservedTime; the broker refuses writes once "
                                + "the disk is full.", List.of(new Hint.Action("Brokers", "#/brokers")));
            }
            case SYSTEM_BUSY -> {
                ev.add("SYSTEM_BUSY answers so far " + e.getOrDefault("systemBusyRejections", "?")
                        + "; send queue " + e.getOrDefault("sendThreadPoolQueueSize", "?") + ", pull queue "
                        + e.getOrDefault("pullThreadPoolQueueSize", "?"));
                yield card(a.condition().id(), "Broker " + target + " is overloaded",
                        "Broker " + a.target().broker() + " answered SYSTEM_BUSY " + fmt(a.value())
                                + " times in the window.", "Its request queues are full: more traffic than it can "
                        + "store, a slow disk, or too small sendThreadPoolQueueCapacity.",
                        "Spread traffic over more broker groups (more write queues on other masters), check the "
                                + "disk, or raise the queue capacity with care.",
                        List.of(new Hint.Action("Brokers", "#/brokers")));
            }
            case FAULTS_RISING -> {
                e.forEach((k, v) -> {
                    if (!k.equals("healthy") && !k.equals("failingConditions")) {
                        ev.add(k + ": " + v);
                    }
                });
                ev.add("healthy " + e.getOrDefault("healthy", "?") + ", failing "
                        + e.getOrDefault("failingConditions", ""));
                yield card(a.condition().id(), "Broker " + target + " records faults",
                        "Broker " + a.target().broker() + " recorded " + fmt(a.value())
                                + " new faults in the window.", "See the fault names and last messages: each names "
                        + "what failed (a disk write, a registration, a replication call).",
                        "Open the broker's runtime info and its log around the fault times; fix what the last "
                                + "message names.", List.of(new Hint.Action("Brokers", "#/brokers")));
            }
        };
        return new Hint(base.problem(), base.title(), base.what(), List.copyOf(ev), base.cause(), base.next(),
                base.actions());
    }

    private static Hint card(String problem, String title, String what, String cause, String next,
                             List<Hint.Action> actions) {
        return new Hint(problem, title, what, List.of(), cause, next, actions);
    }

    private static String encode(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String host(String addr) {
        int i = addr == null ? -1 : addr.lastIndexOf(':');
        return i > 0 ? addr.substring(0, i) : String.valueOf(addr);
    }

    private static long num(String s) {
        try {
            return s == null ? 0 : Long.parseLong(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static String time(long ms) {
        return ms <= 0 ? "unknown" : Instant.ofEpochMilli(ms).toString();
    }

    static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d)
                : String.format(java.util.Locale.ROOT, "%.2f", d);
    }
}
