package io.ferrymq.client.producer;

/**
 * Outcome of a send that the broker stored. Anything but {@link #SEND_OK} means the message is stored but the
 * configured durability (disk flush, slave copy) was not confirmed in time.
 */
public enum SendStatus {
    SEND_OK,
    FLUSH_DISK_TIMEOUT,
    FLUSH_SLAVE_TIMEOUT,
    SLAVE_NOT_AVAILABLE
}
