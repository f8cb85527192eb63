package io.ferrymq.store;

/**
 * One consume-queue entry as stored (fact sheet 3.6): where the message sits in the commit log, its size and the
 * tags code (hash of its tag, or 0). Read by admin tools ({@code mqadmin queryCq}).
 *
 * @param queueOffset     logical index of the entry in its queue
 * @param commitLogOffset physical offset of the message in the commit log
 * @param size            stored size of the message in bytes
 * @param tagsCode        tag hash code (0 for no tag)
 */
public record ConsumeQueueEntry(long queueOffset, long commitLogOffset, int size, long tagsCode) {
}
