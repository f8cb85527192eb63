package io.ferrymq.store;

import java.nio.ByteBuffer;

/**
 * One consume-queue entry; the entry of logical offset k sits at byte k * 20 of the queue (segment files
 * named by the 20-digit byte offset of their first entry, under consumequeue/&lt;topic&gt;/&lt;queueId&gt;/).
 *
 * <pre>
 *  offset size
 *   0     8   commit-log offset of the message
 *   8     4   stored message size
 *  12     8   tags code ({@link io.ferrymq.common.message.TagHash})
 * </pre>
 *
 * An all-zero entry (size 0) was never written.
 */
public final class ConsumeQueueLayout {
    public static final int ENTRY_SIZE = 20;
    public static final int COMMIT_LOG_OFFSET_OFFSET = 0;
    public static final int SIZE_OFFSET = 8;
    public static final int TAGS_CODE_OFFSET = 12;

    private ConsumeQueueLayout() {
    }

    static void write(ByteBuffer buf, int index, long commitLogOffset, int size, long tagsCode) {
        buf.putLong(index + COMMIT_LOG_OFFSET_OFFSET, commitLogOffset);
        buf.putInt(index + SIZE_OFFSET, size);
        buf.putLong(index + TAGS_CODE_OFFSET, tagsCode);
    }
}
