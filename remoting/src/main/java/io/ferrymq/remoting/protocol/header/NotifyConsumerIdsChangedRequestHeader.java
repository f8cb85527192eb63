package io.ferrymq.remoting.protocol.header;

import io.ferrymq.remoting.CommandHeader;
import io.ferrymq.remoting.ExtFields;
import io.ferrymq.remoting.HeaderFieldException;

import java.util.Map;

/**
 * NOTIFY_CONSUMER_IDS_CHANGED (40) request header, broker to client (oneway).
 *
 * <p>Required: {@code consumerGroup}. Handwritten codec, no reflection.
 */
public final class NotifyConsumerIdsChangedRequestHeader implements CommandHeader {
    private String consumerGroup;

    public NotifyConsumerIdsChangedRequestHeader() {
    }

    /**
     * Reads the header from a request's extFields.
     *
     * @throws HeaderFieldException naming the first missing or malformed field
     */
    public static NotifyConsumerIdsChangedRequestHeader decode(ExtFields f) throws HeaderFieldException {
        NotifyConsumerIdsChangedRequestHeader h = new NotifyConsumerIdsChangedRequestHeader();
        h.consumerGroup = f.requireString("consumerGroup");
        return h;
    }

    @Override
    public void writeTo(Map<String, String> ext) {
        if (consumerGroup != null) {
            ext.put("consumerGroup", consumerGroup);
        }
    }

    public String consumerGroup() {
        return consumerGroup;
    }

    public NotifyConsumerIdsChangedRequestHeader consumerGroup(String consumerGroup) {
        this.consumerGroup = consumerGroup;
        return this;
    }

    @Override
    public String toString() {
        return "NotifyConsumerIdsChangedRequestHeader{" + "consumerGroup=" + consumerGroup + '}';
    }
}
