package io.ferrymq.broker.pull;

import io.ferrymq.remoting.protocol.ResponseCode;
import io.ferrymq.store.GetStatus;

/**
 * The pull status table of docs/protocol.md 5.7: which response code and next offset a store read result means.
 * Pure function, unit-tested row by row.
 *
 * @param code            SUCCESS, PULL_NOT_FOUND, PULL_RETRY_IMMEDIATELY, PULL_OFFSET_MOVED or SYSTEM_ERROR
 * @param nextBeginOffset where the client continues
 */
public record PullOutcome(int code, long nextBeginOffset) {

    /**
     * @param requested the offset the client asked for
     * @param storeNext the store's nextBeginOffset for this status
     */
    public static PullOutcome of(GetStatus status, long requested, long storeNext, long minOffset, long maxOffset) {
        return switch (status) {
            case FOUND -> new PullOutcome(ResponseCode.SUCCESS, storeNext);
            case NO_MATCHED_MESSAGE -> new PullOutcome(ResponseCode.PULL_RETRY_IMMEDIATELY, storeNext);
            case NO_MESSAGE_IN_QUEUE, NO_MATCHED_LOGIC_QUEUE -> requested != 0
                    ? new PullOutcome(ResponseCode.PULL_OFFSET_MOVED, 0)
                    : new PullOutcome(ResponseCode.PULL_NOT_FOUND, 0);
            case OFFSET_TOO_SMALL -> new PullOutcome(ResponseCode.PULL_OFFSET_MOVED, minOffset);
            case OFFSET_OVERFLOW_ONE -> new PullOutcome(ResponseCode.PULL_NOT_FOUND, requested);
            case OFFSET_OVERFLOW_BADLY -> new PullOutcome(ResponseCode.PULL_OFFSET_MOVED, maxOffset);
            case OFFSET_FOUND_NULL -> new PullOutcome(ResponseCode.PULL_RETRY_IMMEDIATELY,
                    Math.max(storeNext, requested + 1));
            case SERVICE_NOT_AVAILABLE -> new PullOutcome(ResponseCode.SYSTEM_ERROR, requested);
        };
    }

    /** Whether a long-polling pull may be parked instead of answered. */
    public boolean suspendable() {
        return code == ResponseCode.PULL_NOT_FOUND;
    }
}
