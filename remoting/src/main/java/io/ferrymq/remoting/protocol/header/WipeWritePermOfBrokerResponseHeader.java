package io.ferrymq.remoting.protocol.header;

import io.ferrymq.remoting.CommandHeader;
import io.ferrymq.remoting.ExtFields;
import io.ferrymq.remoting.HeaderFieldException;

import java.util.Map;

/**
 * WIPE_WRITE_PERM_OF_BROKER (205) response header: how many topics lost write permission.
 *
 * <p>Required: {@code wipeTopicCount}. Handwritten codec, no reflection.
 */
public final class WipeWritePermOfBrokerResponseHeader implements CommandHeader {
    private int wipeTopicCount;

    public WipeWritePermOfBrokerResponseHeader() {
    }

    /**
     * Reads the header from a request's extFields.
     *
     * @throws HeaderFieldException naming the first missing or malformed field
     */
    public static WipeWritePermOfBrokerResponseHeader decode(ExtFields f) throws HeaderFieldException {
        WipeWritePermOfBrokerResponseHeader h = new WipeWritePermOfBrokerResponseHeader();
        h.wipeTopicCount = f.requireInt("wipeTopicCount");
        return h;
    }

    @Override
    public void writeTo(Map<String, String> ext) {
        ext.put("wipeTopicCount", String.valueOf(wipeTopicCount));
    }

    public int wipeTopicCount() {
        return wipeTopicCount;
    }

    public WipeWritePermOfBrokerResponseHeader wipeTopicCount(int wipeTopicCount) {
        this.wipeTopicCount = wipeTopicCount;
        return this;
    }

    @Override
    public String toString() {
        return "WipeWritePermOfBrokerResponseHeader{" + "wipeTopicCount=" + wipeTopicCount + '}';
    }
}
