package io.ferrymq.store;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Result of {@link MessageStore#get}. {@code messages} are read-only slices of the mapped commit log, one
 * stored message each, in queue order, ready to be shipped as a pull body without copying. They stay valid
 * after retention deletes their segment (segments are never unmapped explicitly; the mapping lives until the
 * slices are garbage), so {@link #release()} is a no-op today; call it anyway when done so a future
 * ref-counted implementation can reclaim early.
 *
 * @param nextBeginOffset queue offset to read from next (after the last examined entry, or the corrected
 *                        offset for OFFSET_* statuses)
 * @param minOffset       queue bounds at the time of the read
 * @param maxOffset       queue bounds at the time of the read (offset of the next message to be written)
 * @param messageQueueOffsets queue offset of each returned message
 */
public record GetResult(
    GetStatus status,
    long nextBeginOffset,
    long minOffset,
    long maxOffset,
    List<ByteBuffer> messages,
    List<Long> messageQueueOffsets,
    int totalBytes) {

    static GetResult empty(GetStatus status, long next, long min, long max) {
        return new GetResult(status, next, min, max, List.of(), List.of(), 0);
    }

    public int messageCount() {
        return messages.size();
    }

    /** Releases the mapped slices (no-op, see class doc). */
    public void release() {
    }
}
