package io.ferrymq.store;

import io.ferrymq.common.message.TagHash;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * Decides which consume-queue entries a read returns. Called on the reading thread, must be cheap.
 * {@link #matchesTagsCode} sees only the consume-queue entry; {@link #matchesMessage} then sees the stored bytes
 * (e.g. for property or SQL filters).
 */
public interface MessageFilter {
    MessageFilter ALL = tagsCode -> true;

    boolean matchesTagsCode(long tagsCode);

    /** @param storedMessage one stored message (read-only slice of the commit log) */
    default boolean matchesMessage(ByteBuffer storedMessage) {
        return true;
    }

    /** Matches messages whose tags code is one of the hashes of {@code tags}; "*" or empty matches all. */
    static MessageFilter tags(Collection<String> tags) {
        if (tags == null || tags.isEmpty() || tags.contains("*")) {
            return ALL;
        }
        Set<Long> codes = new HashSet<>();
        for (String t : tags) {
            codes.add(TagHash.tagsCode(t));
        }
        return codes::contains;
    }
}
