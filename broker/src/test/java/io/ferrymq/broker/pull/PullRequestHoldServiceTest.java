package io.ferrymq.broker.pull;

import io.ferrymq.common.Clock;
import io.ferrymq.common.ManualClock;
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
    private final PullRequestHoldService hold = new PullRequestHoldService(clock,
            (t, q) -> maxOffsets.getOrDefault(t + "@" + q, 0L), released::add);

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
        hold.drainInbox();
        assertEquals(List.of(p), released);
    }

    @Test
    void nonMatchingTagKeepsWaitingUntilTimeout() {
        ParkedPull p = parked("T", 0, "TagA", 15_000);
        hold.handle(p);
        hold.onDispatched("T", 0, 0, "TagB".hashCode());
        hold.drainInbox();
        assertTrue(released.isEmpty());
        hold.onDispatched("T", 0, 1, "TagA".hashCode());
        hold.drainInbox();
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
    void runningServiceWakesWellUnderASecond() throws Exception {
        LinkedBlockingQueue<Long> wokenAt = new LinkedBlockingQueue<>();
        PullRequestHoldService live = new PullRequestHoldService(io.ferrymq.common.Clock.SYSTEM,
                (t, q) -> maxOffsets.getOrDefault(t + "@" + q, 0L), p -> wokenAt.add(System.nanoTime()));
        live.start();
        try {
            live.park(new ParkedPull(null, null, "L", 0, 0, null, io.ferrymq.common.Clock.SYSTEM.monotonicMillis()
                    + 15_000));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (live.parkedCount() == 0 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            Thread.sleep(50);
            long sent = System.nanoTime();
            maxOffsets.put("L@0", 1L);
            live.onDispatched("L", 0, 0, 0);
            Long at = wokenAt.poll(5, TimeUnit.SECONDS);
            assertNotNull(at, "parked pull was not released");
            assertTrue((at - sent) / 1_000_000 < 200, "released after " + (at - sent) / 1_000_000 + " ms");
        } finally {
            live.shutdown();
        }
    }
}
