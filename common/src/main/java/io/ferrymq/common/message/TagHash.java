package io.ferrymq.common.message;

/**
 * The consume-queue tags code: Java {@link String#hashCode()} of the TAGS property, sign-extended to
 * long, and 0 when the message has no tag (RocketMQ {@code MessageExtBrokerInner#tagsString2tagsCode}).
 * Subscriptions hash their tags with the same function (as int).
 */
public final class TagHash {
    private TagHash() {
    }

    public static long tagsCode(String tags) {
        if (tags == null || tags.isEmpty()) {
            return 0L;
        }
        return tags.hashCode();
    }

    /**
     * {@link #tagsCode(String)} of the TAGS value {@code scan} found at {@code tagsIndex}, without cutting it out:
     * the dispatcher needs only the code. A scanned value is never empty, so "no value" is the only 0 by rule.
     */
    public static long tagsCode(PropertyScan scan, int tagsIndex) {
        return scan.valueHashCode(tagsIndex);
    }
}
