package io.ferrymq.broker.pull;

import io.ferrymq.remoting.protocol.ResponseCode;
import io.ferrymq.store.GetStatus;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pull status table of docs/protocol.md 5.7, row by row. */
class PullOutcomeTest {
    private static void row(GetStatus s, long requested, long storeNext, long min, long max, int code, long next) {
        PullOutcome o = PullOutcome.of(s, requested, storeNext, min, max);
        assertEquals(code, o.code(), s + " requested " + requested);
        assertEquals(next, o.nextBeginOffset(), s + " requested " + requested);
    }

    @Test
    void table() {
        row(GetStatus.NO_MESSAGE_IN_QUEUE, 0, 0, 0, 0, ResponseCode.PULL_NOT_FOUND, 0);
        row(GetStatus.NO_MESSAGE_IN_QUEUE, 5, 0, 0, 0, ResponseCode.PULL_OFFSET_MOVED, 0);
        row(GetStatus.NO_MATCHED_LOGIC_QUEUE, 0, 0, 0, 0, ResponseCode.PULL_NOT_FOUND, 0);
        row(GetStatus.NO_MATCHED_LOGIC_QUEUE, 3, 0, 0, 0, ResponseCode.PULL_OFFSET_MOVED, 0);
        row(GetStatus.OFFSET_TOO_SMALL, 2, 10, 10, 20, ResponseCode.PULL_OFFSET_MOVED, 10);
        row(GetStatus.OFFSET_OVERFLOW_ONE, 20, 20, 0, 20, ResponseCode.PULL_NOT_FOUND, 20);
        row(GetStatus.OFFSET_OVERFLOW_BADLY, 25, 20, 0, 20, ResponseCode.PULL_OFFSET_MOVED, 20);
        row(GetStatus.FOUND, 4, 8, 0, 20, ResponseCode.SUCCESS, 8);
        row(GetStatus.NO_MATCHED_MESSAGE, 4, 12, 0, 20, ResponseCode.PULL_RETRY_IMMEDIATELY, 12);
    }

    @Test
    void onlyNotFoundIsSuspendable() {
        assertTrue(PullOutcome.of(GetStatus.OFFSET_OVERFLOW_ONE, 1, 1, 0, 1).suspendable());
        assertFalse(PullOutcome.of(GetStatus.NO_MATCHED_MESSAGE, 1, 2, 0, 3).suspendable());
        assertFalse(PullOutcome.of(GetStatus.OFFSET_OVERFLOW_BADLY, 9, 1, 0, 1).suspendable());
    }
}
