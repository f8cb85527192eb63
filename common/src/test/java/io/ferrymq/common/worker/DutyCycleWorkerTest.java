package io.ferrymq.common.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferrymq.common.ManualClock;
import io.ferrymq.common.fault.FaultRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DutyCycleWorkerTest {
    private final ManualClock clock = new ManualClock();
    private final FaultRegistry faults = new FaultRegistry(clock);

    @Test
    void periodicDutyRunsAtOnceThenOncePerPeriodOfTheClock() {
        AtomicInteger runs = new AtomicInteger();
        DutyCycleWorker worker = DutyCycleWorker.periodic("tick", clock, 1000, runs::incrementAndGet, faults);

        worker.step();
        assertEquals(1, runs.get());
        worker.step();
        clock.advance(999);
        worker.step();
        assertEquals(1, runs.get(), "not due before a full period");
        clock.advance(1);
        worker.step();
        assertEquals(2, runs.get());
    }

    @Test
    void aFailingRoundIsCountedAndLaterRoundsStillRun() {
        AtomicInteger runs = new AtomicInteger();
        DutyCycleWorker worker = DutyCycleWorker.periodic("flaky", clock, 10, () -> {
            if (runs.incrementAndGet() == 1) {
                throw new IllegalStateException("disk said no");
            }
        }, faults);

        assertEquals(0, worker.step());
        clock.advance(10);
        assertEquals(1, worker.step());

        assertEquals(2, runs.get());
        assertEquals(1, worker.failures());
        assertEquals(1, faults.count("worker.flaky.round_failed"));
        assertTrue(faults.snapshot().get(0).lastMessage().contains("disk said no"));
    }

    @Test
    void commandsRunOnTheWorkersThreadBeforeTheNextRound() throws Exception {
        List<String> order = new ArrayList<>();
        DutyCycleWorker worker = new DutyCycleWorker("cmd", () -> {
            order.add("round");
            return 0;
        }, 1000, faults);
        worker.execute(() -> order.add("command"));
        worker.step();
        assertEquals(List.of("command", "round"), order);
    }

    @Test
    void aStartedWorkerIsWokenByWakeupAndStopsOnClose() throws Exception {
        CountDownLatch second = new CountDownLatch(2);
        AtomicInteger seenThreadName = new AtomicInteger();
        DutyCycleWorker worker = new DutyCycleWorker("sleepy", () -> {
            if (Thread.currentThread().getName().equals("sleepy")) {
                seenThreadName.incrementAndGet();
            }
            second.countDown();
            return 0;
        }, 60_000, faults).start();
        try {
            // the first round runs at once; the second only because of wakeup (idle time is a minute)
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (second.getCount() > 0 && System.nanoTime() < deadline) {
                worker.wakeup();
                second.await(10, TimeUnit.MILLISECONDS);
            }
            assertEquals(0, second.getCount());
            assertThrows(IllegalStateException.class, worker::step);
        } finally {
            worker.close();
        }
        assertFalse(worker.isRunning());
        assertTrue(seenThreadName.get() >= 2);
        worker.close(); // idempotent
    }

    @Test
    void aWakeupDuringARoundIsNotLostWhenTheRoundThenFindsNothingToDo() throws Exception {
        CountDownLatch secondRound = new CountDownLatch(2);
        DutyCycleWorker[] self = new DutyCycleWorker[1];
        AtomicInteger rounds = new AtomicInteger();
        self[0] = new DutyCycleWorker("racy", () -> {
            if (rounds.incrementAndGet() == 1) {
                self[0].wakeup(); // work arrives while this round runs, after it looked for work
            }
            secondRound.countDown();
            return 0;
        }, 60_000, faults);
        self[0].start();
        try {
            assertTrue(secondRound.await(10, TimeUnit.SECONDS),
                    "the second round must follow the wakeup, not the one-minute idle time");
        } finally {
            self[0].close();
        }
    }
}
