package io.ferrymq.remoting.protocol.header;

import io.ferrymq.remoting.CommandHeader;
import io.ferrymq.remoting.ExtFields;
import io.ferrymq.remoting.HeaderFieldException;

import java.util.Map;

/**
 * WIPE_WRITE_PERM_OF_BROKER (205) request header.
 *
 * <p>Required: {@code brokerName}. Handwritten codec, no reflection.
 */
public final class WipeWritePermOfBrokerRequestHeader implements CommandHeader {
    private String brokerName;

    public WipeWritePermOfBrokerRequestHeader() {
    }

    /**
     * Reads the header from a request's extFields.
     *
     * @throws HeaderFieldException naming the first missing or malformed field
     */
    public static WipeWritePermOfBrokerRequestHeader decode(ExtFields f) throws HeaderFieldException {
        WipeWritePermOfBrokerRequestHeader h = new WipeWritePermOfBrokerRequestHeader();
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

    public WipeWritePermOfBrokerRequestHeader brokerName(String brokerName) {
        this.brokerName = brokerName;
        return this;
    }

    @Override
    public String toString() {
        return "WipeWritePermOfBrokerRequestHeader{" + "brokerName=" + brokerName + '}';
    }
}
