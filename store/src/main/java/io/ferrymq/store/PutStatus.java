package io.ferrymq.store;

/** Outcome of a put; {@link #retriable()} says whether sending the same message again may succeed. */
public enum PutStatus {
    /** Stored (and forced, under SYNC_FLUSH). */
    PUT_OK(false),
    /** Stored in the page cache but not forced within syncFlushTimeout; it will be forced later. */
    FLUSH_DISK_TIMEOUT(true),
    /** Rejected: bad topic, too large, empty batch... see the reason. */
    MESSAGE_ILLEGAL(false),
    /** Rejected: encoded properties longer than 32767 bytes. */
    PROPERTIES_SIZE_EXCEEDED(false),
    /** Rejected: store not started, shut down, disk full or failed; see the reason. */
    SERVICE_NOT_AVAILABLE(true),
    /** Rejected: the appender was busy for too long. */
    OS_PAGE_CACHE_BUSY(true),
    /** Rejected: unexpected error (I/O); see the reason and the log. */
    UNKNOWN_ERROR(true);

    private final boolean retriable;

    PutStatus(boolean retriable) {
        this.retriable = retriable;
    }

    public boolean retriable() {
        return retriable;
    }

    /** True when the message is in the store (PUT_OK or FLUSH_DISK_TIMEOUT). */
    public boolean stored() {
        return this == PUT_OK || this == FLUSH_DISK_TIMEOUT;
    }
}
