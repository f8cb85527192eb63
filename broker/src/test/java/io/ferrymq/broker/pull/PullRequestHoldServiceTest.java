package io.ferrymq.broker.pull;

import io.ferrymq.common.Clock;
import io.ferrymq.common.ManualClock;
import io.ferrymq.common.fault.FaultRegistry;
import io.ferrymq.broker.client.Subscription;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Long polling: wake-up by dispatch, tag-aware wake-up, timeouts with a fake clock, no lost wake-up. */
class PullRequestHoldServiceTest {
    private final ManualClock clock = new ManualClock();
    private final Map<String, Long> maxOffsets = new ConcurrentHashMap<>();
    private final List<ParkedPull> released = new CopyOnWriteArrayList<>();
    private final FaultRegistry faults = new FaultRegistry(clock);
    private final PullRequestHoldService hold = new PullRequestHoldService(clock,
            (t, q) -> maxOffsets.getOrDefault(t + "@" + q, 0L), released::add, faults);

    private ParkedPull parked(String topic, long offset, String tags, long holdMillis) {
        return new ParkedPull(null, null, topic, 0, offset, Subscription.ofTagExpression(topic, tags, 1),
                clock.monotonicMillis() + holdMillis);
    }

    @Test
    void dispatchOfAMatchingMessageReleasesAtOnce() {
        ParkedPull p = parked("T", 5, "*", 15_000);
        maxOffsets.put("T@0", 5L);
        hold.handle(p);
        assertTrue(released.isEmpty());
        hold.onDispatched("T", 0, 5, 0);
        hold.step();
        assertEquals(List.of(p), released);
    }

    @Test
    void nonMatchingTagKeepsWaitingUntilTimeout() {
        ParkedPull p = parked("T", 0, "TagA", 15_000);
        hold.handle(p);
        hold.onDispatched("T", 0, 0, "TagB".hashCode());
        hold.step();
        assertTrue(released.isEmpty());
        hold.onDispatched("T", 0, 1, "TagA".hashCode());
        hold.step();
        assertEquals(List.of(p), released);
    }

    @Test
    void timeoutReleasesWithoutArrival() {
        ParkedPull p = parked("T", 0, "*", 1000);
        hold.handle(p);
        clock.advance(999);
        hold.doTimeouts();
        assertTrue(released.isEmpty());
        clock.advance(2);
        hold.doTimeouts();
        assertEquals(List.of(p), released);
    }

    @Test
    void messageThatArrivedBeforeParkingIsNotMissed() {
        maxOffsets.put("T@0", 3L);
        hold.onDispatched("T", 0, 2, 0);
        ParkedPull p = parked("T", 2, "*", 15_000);
        hold.handle(p);
        assertEquals(List.of(p), released);
    }

    @Test
    void aPullTheReleaserCannotTakeIsAnsweredWithAnErrorAndCounted() {
        List<String> refusals = new CopyOnWriteArrayList<>();
        PullRequestHoldService failing = new PullRequestHoldService(clock, (t, q) -> 0L,
                new PullRequestHoldService.Releaser() {
                    @Override
                    public void release(ParkedPull pull) {
                        throw new IllegalStateException("pull executor gone");
                    }

                    @Override
                    public void refuse(ParkedPull pull, String why) {
                        refusals.add(why);
                    }
                }, faults);
        failing.handle(parked("T", 0, "*", 1000));
        clock.advance(1001);
        failing.doTimeouts();

        assertEquals(1, refusals.size(), "the held pull is answered instead of left waiting");
        assertTrue(refusals.get(0).contains("T@0") && refusals.get(0).contains("pull executor gone"),
                refusals.get(0));
        assertEquals(1, faults.count(PullRequestHoldService.RERUN_FAILED));
        assertEquals(0, failing.parkedCount());
    }

    @Test
    void runningServiceReleasesAParkedPullOnArrivalBeforeItsHoldTime() throws Exception {
        LinkedBlockingQueue<ParkedPull> woken = new LinkedBlockingQueue<>();
        // The store's max offset stays 0, so only the arrival (not the periodic re-check) can release the pull.
        PullRequestHoldService live = new PullRequestHoldService(Clock.SYSTEM, (t, q) -> 0L, woken::add,
                new FaultRegistry(Clock.SYSTEM));
        live.start();
        try {
            live.park(new ParkedPull(null, null, "L", 0, 0, null, Clock.SYSTEM.monotonicMillis() + 60_000));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (live.parkedCount() == 0 || !live.isWaitingOn("L", 0)) {
                assertTrue(System.nanoTime() < deadline, "pull was never parked");
                Thread.onSpinWait();
            }
            live.onDispatched("L", 0, 0, 0);
            assertNotNull(woken.poll(30, TimeUnit.SECONDS), "parked pull was not released by the arrival");
        } finally {
            live.shutdown();
        }
    }
}
