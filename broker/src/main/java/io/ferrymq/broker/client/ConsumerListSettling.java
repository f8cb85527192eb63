package io.ferrymq.broker.client;

import io.ferrymq.common.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Whether this broker's member list of a consumer group can be handed out yet. A broker that has just started,
 * or resumed after its process was stopped (its clients closed their connections meanwhile), knows only the
 * members that have heartbeated it since; they come back one by one, each on its own heartbeat schedule. The
 * official client allocates queues from whatever list the broker it picked answers, so a member reading such a
 * partial list takes queues the others still own (two owners), or leaves some to nobody, until every member
 * has come back and rebalanced again.
 *
 * <p>So for {@code consumerListSettleMillis} after the start, or after a pause, the broker does not answer the
 * member list of a group that was consuming here before (it has committed offsets here): GET_CONSUMER_LIST_BY_GROUP
 * answers SYSTEM_ERROR, and the official client then keeps its current allocation, which is right while nothing
 * else changes. When the period ends, every member of those groups is notified, so each rebalances once on the
 * full list. A group new to this broker is answered at once (there is nobody to come back).
 *
 * <p>A pause is noticed as a gap of {@link #PAUSE_MILLIS} or more between two {@link #observe()} calls, which the
 * notifier's worker makes at least every second. Thread-safe: {@link #holdsBack} is called by request threads,
 * {@link #begin} and {@link #observe} by one thread at a time.
 */
public final class ConsumerListSettling {
    private static final Logger log = LoggerFactory.getLogger(ConsumerListSettling.class);
    /** A gap between observations this long means the process did not run (SIGSTOP, a frozen VM). */
    public static final long PAUSE_MILLIS = 3000;

    private final Clock clock;
    private final LongSupplier settleMillis;
    private final Supplier<Set<String>> consumingHere;
    private volatile Set<String> heldBack = Set.of();
    private volatile long settledAtMillis;
    private long lastObservedMillis = Long.MIN_VALUE;

    /**
     * @param settleMillis  consumerListSettleMillis; 0 holds nothing back
     * @param consumingHere the groups with committed offsets on this broker
     */
    public ConsumerListSettling(Clock clock, LongSupplier settleMillis, Supplier<Set<String>> consumingHere) {
        this.clock = clock;
        this.settleMillis = settleMillis;
        this.consumingHere = consumingHere;
    }

    /** Starts a settle period now for the groups consuming here (the broker starts, or resumed). */
    public synchronized void begin(String why) {
        long settle = settleMillis.getAsLong();
        if (settle <= 0) {
            return;
        }
        Set<String> groups = Set.copyOf(consumingHere.get());
        if (groups.isEmpty()) {
            return;
        }
        settledAtMillis = clock.monotonicMillis() + settle;
        heldBack = groups;
        log.info("{}: the member lists of {} consumer group(s) that consumed here are held back for {} ms while "
                + "their members reconnect", why, groups.size(), settle);
    }

    /** True while the member list of {@code group} must not be answered. */
    public boolean holdsBack(String group) {
        Set<String> held = heldBack;
        return !held.isEmpty() && held.contains(group) && clock.monotonicMillis() < settledAtMillis;
    }

    /** How long until the settle period ends, for the answer's remark (0 when none is running). */
    public long millisLeft() {
        return heldBack.isEmpty() ? 0 : Math.max(0, settledAtMillis - clock.monotonicMillis());
    }

    /**
     * Called regularly (at least every second): notices a pause (and begins a settle period), and ends a settle
     * period that is over. Returns the groups whose lists were held back when one just ended (their members must
     * be told to rebalance), otherwise an empty set.
     */
    public synchronized Set<String> observe() {
        long now = clock.monotonicMillis();
        if (lastObservedMillis != Long.MIN_VALUE && now - lastObservedMillis >= PAUSE_MILLIS) {
            begin("the broker did not run for " + (now - lastObservedMillis) + " ms (stopped or frozen)");
        }
        lastObservedMillis = now;
        Set<String> held = heldBack;
        if (!held.isEmpty() && now >= settledAtMillis) {
            heldBack = Set.of();
            log.info("member lists of {} consumer group(s) answered again; their members are told to rebalance",
                    held.size());
            return held;
        }
        return Set.of();
    }
}
