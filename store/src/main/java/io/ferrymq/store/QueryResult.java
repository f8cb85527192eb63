package io.ferrymq.store;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Messages found by an index lookup ({@link MessageStore#query}, {@link MessageStore#queryByUniqKey}):
 * read-only slices of the commit log, oldest first, plus the commit-log offsets. {@code indexLastUpdateTimestamp}
 * and {@code indexLastUpdatePhyoffset} are the store time and commit-log offset of the last indexed message
 * (the query response header needs them).
 */
public record QueryResult(
    List<ByteBuffer> messages,
    List<Long> commitLogOffsets,
    long indexLastUpdateTimestamp,
    long indexLastUpdatePhyoffset) {
}
