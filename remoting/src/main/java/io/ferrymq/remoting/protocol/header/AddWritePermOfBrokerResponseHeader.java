package io.ferrymq.remoting.protocol.header;

import io.ferrymq.remoting.CommandHeader;
import io.ferrymq.remoting.ExtFields;
import io.ferrymq.remoting.HeaderFieldException;

import java.util.Map;

/**
 * ADD_WRITE_PERM_OF_BROKER (327) response header: how many topics regained write permission.
 *
 * <p>Required: {@code addTopicCount}. Handwritten codec, no reflection.
 */
public final class AddWritePermOfBrokerResponseHeader implements CommandHeader {
    private int addTopicCount;

    public AddWritePermOfBrokerResponseHeader() {
    }

    /**
     * Reads the header from a request's extFields.
     *
     * @throws HeaderFieldException naming the first missing or malformed field
     */
    public static AddWritePermOfBrokerResponseHeader decode(ExtFields f) throws HeaderFieldException {
        AddWritePermOfBrokerResponseHeader h = new AddWritePermOfBrokerResponseHeader();
        h.addTopicCount = f.requireInt("addTopicCount");
        return h;
    }

    @Override
    public void writeTo(Map<String, String> ext) {
        ext.put("addTopicCount", String.valueOf(addTopicCount));
    }

    public int addTopicCount() {
        return addTopicCount;
    }

    public AddWritePermOfBrokerResponseHeader addTopicCount(int addTopicCount) {
        this.addTopicCount = addTopicCount;
        return this;
    }

    @Override
    public String toString() {
        return "AddWritePermOfBrokerResponseHeader{" + "addTopicCount=" + addTopicCount + '}';
    }
}
