package io.ferrymq.broker.client;

import io.ferrymq.broker.config.BrokerConfig;
import io.ferrymq.common.Clock;
import io.ferrymq.common.fault.FaultRegistry;
import io.ferrymq.common.worker.Duty;
import io.ferrymq.common.worker.DutyCycleWorker;
import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.remoting.protocol.RequestCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Sends NOTIFY_CONSUMER_IDS_CHANGED (oneway, header {@code consumerGroup}) to every member of a clustering group
 * whose membership or subscriptions changed, so clients rebalance now instead of within 20 s: {@code delayMillis}
 * after the change; then, once the group has been quiet for {@code againMillis}, once more.
 *
 * <p>Why the delay: a client heartbeats (and unregisters from) the brokers one after the other, 0.1 s or more
 * apart on a busy machine. RocketMQ's broker notifies at once, so a member woken by the first broker to see a
 * newcomer asks a broker picked at random for the member list, may get the list of one that has not seen it yet,
 * and cannot correct that for a second (the official client rebalances at most once a second): two owners or none
 * for a second after every join and leave (fault 12, measured). Announced {@code delayMillis} later, every broker
 * answers the same list.
 *
 * <p>Why a second notice: the official client (5.3.3) rebalances at most once a second, asks one broker group
 * picked at random for the member list, and when that request fails (a master just killed or stopped, still in its
 * cached route) it logs the failure, keeps its old allocation and counts itself balanced: it sleeps 20 s unless
 * notified again. A member whose first rebalance after a join or leave hit such a broker would own the wrong
 * queues until then. The second notice, sent after every broker had time to see the change, makes each member
 * rebalance once more; a member whose allocation is already right does nothing with it. When the broker's member
 * lists were held back after a start or a pause ({@link ConsumerListSettling}), the members of those groups are
 * told once they are answered again.
 *
 * <p>Runs on its own {@code consumer-ids-notifier} worker so heartbeat and close handling never wait on a socket;
 * tests leave the worker stopped and call {@link #doWork()} with a {@link io.ferrymq.common.ManualClock}.
 */
public final class ConsumerIdsChangeNotifier implements Duty {
    private static final Logger log = LoggerFactory.getLogger(ConsumerIdsChangeNotifier.class);
    private static final long TIMEOUT_MILLIS = 3000;

    /** Delivers one notice to one member. */
    @FunctionalInterface
    public interface Sender {
        void send(ClientChannel member, String group) throws Exception;
    }

    /** The production sender: a oneway NOTIFY_CONSUMER_IDS_CHANGED on the member's connection. */
    public static final Sender ONEWAY = (member, group) -> member.channel().invokeOneway(
            RemotingCommand.request(RequestCode.NOTIFY_CONSUMER_IDS_CHANGED).putExt("consumerGroup", group),
            TIMEOUT_MILLIS);

    private final BooleanSupplier enabled;
    private final LongSupplier againMillis;
    private final LongSupplier delayMillis;
    private final Clock clock;
    private final Sender sender;
    private final DutyCycleWorker worker;
    /** Groups changed and not announced yet, with their first unannounced change (any thread adds). */
    private final ConcurrentHashMap<String, Pending> changed = new ConcurrentHashMap<>();
    /** Second notices due, by group (worker thread only). */
    private final Map<String, Due> again = new HashMap<>();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private ConsumerListSettling settling;
    private ConsumerRegistry registry;

    private record Due(ConsumerGroup group, long atMillis) {
    }

    private record Pending(ConsumerGroup group, long sinceMillis) {
    }

    /**
     * @param enabled     notifyConsumerIdsChangedEnable
     * @param delayMillis how long after a group's change it is announced (every broker has seen it by then)
     * @param againMillis quiet time after a group's last change before the second notice; 0 sends none
     */
    public ConsumerIdsChangeNotifier(BooleanSupplier enabled, LongSupplier delayMillis, LongSupplier againMillis,
                                     Clock clock, Sender sender, FaultRegistry faults) {
        this.enabled = enabled;
        this.delayMillis = delayMillis;
        this.againMillis = againMillis;
        this.clock = clock;
        this.sender = sender;
        this.worker = new DutyCycleWorker("consumer-ids-notifier", this, 1000, faults);
    }

    /**
     * The broker's notifier (its config's switches, oneway notices), listening to {@code registry}, started; its
     * member lists settle first ({@link ConsumerListSettling}) for the groups {@code consumingHere} names.
     */
    public static ConsumerIdsChangeNotifier started(BrokerConfig config, Clock clock, FaultRegistry faults,
                                                    ConsumerRegistry registry, Supplier<Set<String>> consumingHere) {
        ConsumerIdsChangeNotifier n = new ConsumerIdsChangeNotifier(config::notifyConsumerIdsChangedEnable,
                config::notifyConsumerIdsChangedDelayMillis, config::notifyConsumerIdsChangedAgainMillis, clock,
                ONEWAY, faults);
        n.settleWith(new ConsumerListSettling(clock, config::consumerListSettleMillis, consumingHere), registry);
        n.settling.begin("broker starting");
        registry.setChangeListener(n::groupChanged);
        n.worker.start();
        return n;
    }

    /**
     * Also tells the members of a group whose member list {@code settling} held back when it is answered again
     * (before the worker starts).
     */
    void settleWith(ConsumerListSettling settling, ConsumerRegistry registry) {
        this.settling = settling;
        this.registry = registry;
    }

    /** Whose member lists are held back, or null without settling. */
    public ConsumerListSettling settling() {
        return settling;
    }

    public void shutdown() {
        worker.close();
    }

    /** Schedules a notice to the group's members (any thread; never blocks). */
    public void groupChanged(ConsumerGroup group) {
        if (!enabled.getAsBoolean() || group.isBroadcasting()) {
            return;
        }
        Pending p = new Pending(group, clock.monotonicMillis());
        changed.merge(group.name(), p, (old, neu) -> new Pending(neu.group(), old.sinceMillis()));
        worker.wakeup();
    }

    /** One round: the notices of groups changed since the last round, then the second notices now due. */
    @Override
    public int doWork() {
        int work = 0;
        if (settling != null) {
            for (String name : settling.observe()) {
                ConsumerGroup g = registry.group(name);
                if (g != null && enabled.getAsBoolean() && !g.isBroadcasting()) {
                    // told below like a change (without the wait: every broker's list is complete by now)
                    changed.put(name, new Pending(g, Long.MIN_VALUE / 2));
                }
            }
        }
        long now = clock.monotonicMillis();
        long delay = againMillis.getAsLong();
        long wait = delayMillis.getAsLong();
        for (Map.Entry<String, Pending> e : List.copyOf(changed.entrySet())) {
            Pending p = e.getValue();
            // a change arriving from here on is a new entry, announced in its own time
            if (now - p.sinceMillis() < wait || !changed.remove(e.getKey(), p)) {
                continue;
            }
            ConsumerGroup g = p.group();
            notifyMembers(g);
            work++;
            if (delay > 0) {
                again.put(g.name(), new Due(g, now + delay)); // a later change pushes the second notice back
            } else {
                again.remove(g.name());
            }
        }
        for (Iterator<Due> it = again.values().iterator(); it.hasNext(); ) {
            Due d = it.next();
            if (d.atMillis() <= now) {
                it.remove();
                if (enabled.getAsBoolean()) {
                    notifyMembers(d.group());
                    work++;
                }
            }
        }
        return work;
    }

    @Override
    public long millisUntilNextRound() {
        long now = clock.monotonicMillis();
        long next = Long.MAX_VALUE;
        for (Due d : again.values()) {
            next = Math.min(next, Math.max(0, d.atMillis() - now));
        }
        for (Pending p : changed.values()) {
            next = Math.min(next, Math.max(0, p.sinceMillis() + delayMillis.getAsLong() - now));
        }
        long settle = settling == null ? 0 : settling.millisLeft();
        return settle > 0 ? Math.min(next, settle) : next;
    }

    private void notifyMembers(ConsumerGroup group) {
        for (ClientChannel c : group.members()) {
            if (!c.channel().isActive()) {
                continue;
            }
            try {
                sender.send(c, group.name());
                sent.incrementAndGet();
            } catch (Exception e) {
                // the member will learn of the change at its next periodic rebalance (20 s); counted, not lost
                failed.incrementAndGet();
                log.warn("cannot notify {} of a change in group {}: {}", c, group.name(), e.toString());
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Notices delivered to the transport so far. */
    public long sentCount() {
        return sent.get();
    }

    /** Notices that could not be sent (counted and logged). */
    public long failedCount() {
        return failed.get();
    }

    /** Groups with a second notice still to send (tests, diagnostics). */
    int secondNoticesPending() {
        return again.size();
    }
}
