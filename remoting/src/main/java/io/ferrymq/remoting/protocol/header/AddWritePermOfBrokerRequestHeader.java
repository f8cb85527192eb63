package io.ferrymq.remoting.protocol.header;

import io.ferrymq.remoting.CommandHeader;
import io.ferrymq.remoting.ExtFields;
import io.ferrymq.remoting.HeaderFieldException;

import java.util.Map;

/**
 * ADD_WRITE_PERM_OF_BROKER (327) request header.
 *
 * <p>Required: {@code brokerName}. Handwritten codec, no reflection.
 */
public final class AddWritePermOfBrokerRequestHeader implements CommandHeader {
    private String brokerName;

    public AddWritePermOfBrokerRequestHeader() {
    }

    /**
     * Reads the header from a request's extFields.
     *
     * @throws HeaderFieldException naming the first missing or malformed field
     */
    public static AddWritePermOfBrokerRequestHeader decode(ExtFields f) throws HeaderFieldException {
        AddWritePermOfBrokerRequestHeader h = new AddWritePermOfBrokerRequestHeader();
        h.brokerName = f.requireString("brokerName");
        return h;
    }

    @Override
    public void writeTo(Map<String, String> ext) {
        if (brokerName != null) {
            ext.put("brokerName", brokerName);
        }
    }

    public String brokerName() {
        return brokerName;
    }

    public AddWritePermOfBrokerRequestHeader brokerName(String brokerName) {
        this.brokerName = brokerName;
        return this;
    }

    @Override
    public String toString() {
        return "AddWritePermOfBrokerRequestHeader{" + "brokerName=" + brokerName + '}';
    }
}
