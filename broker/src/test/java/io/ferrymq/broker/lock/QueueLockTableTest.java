package io.ferrymq.broker.lock;

import io.ferrymq.common.ManualClock;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QueueLockTableTest {
    private final ManualClock clock = new ManualClock();
    private final QueueLockTable<String> locks = new QueueLockTable<>(clock, () -> 60_000);

    @Test
    void holderKeepsAndRenewsOthersWait() {
        assertEquals(Set.of("q0", "q1"), locks.tryLock("G", List.of("q0", "q1"), "c1"));
        assertEquals(Set.of("q2"), locks.tryLock("G", List.of("q1", "q2"), "c2"));
        clock.advance(50_000);
        assertEquals(Set.of("q0"), locks.tryLock("G", List.of("q0"), "c1"), "renewal");
        clock.advance(20_000);
        assertEquals(Set.of("q1"), locks.tryLock("G", List.of("q0", "q1"), "c2"),
                "q1 expired 70 s after its grant, q0 renewed 20 s ago");
        assertTrue(locks.isLocked("G", "q0"));
    }

    @Test
    void expiryAfterSixtySeconds() {
        locks.tryLock("G", List.of("q0"), "c1");
        clock.advance(60_000);
        assertTrue(locks.isLocked("G", "q0"));
        clock.advance(1);
        assertFalse(locks.isLocked("G", "q0"));
        assertEquals(Set.of("q0"), locks.tryLock("G", List.of("q0"), "c2"));
    }

    @Test
    void unlockOnlyReleasesOwnLocks() {
        locks.tryLock("G", List.of("q0"), "c1");
        locks.unlock("G", List.of("q0"), "c2");
        assertTrue(locks.isLocked("G", "q0"));
        locks.unlock("G", List.of("q0"), "c1");
        assertFalse(locks.isLocked("G", "q0"));
        assertFalse(locks.hasLiveLocks("G"));
        assertEquals(Set.of("q0"), locks.tryLock("G", List.of("q0"), "c2"));
    }
}
