package io.ferrymq.remoting.protocol.header;

import io.ferrymq.remoting.CommandHeader;
import io.ferrymq.remoting.ExtFields;
import io.ferrymq.remoting.HeaderFieldException;

import java.util.Map;

/**
 * REGISTER_BROKER (103) response header: for slaves, the master's address and HA address.
 *
 * <p>Required: none. Handwritten codec, no reflection.
 */
public final class RegisterBrokerResponseHeader implements CommandHeader {
    private String haServerAddr;
    private String masterAddr;

    public RegisterBrokerResponseHeader() {
    }

    /**
     * Reads the header from a request's extFields.
     *
     * @throws HeaderFieldException naming the first missing or malformed field
     */
    public static RegisterBrokerResponseHeader decode(ExtFields f) throws HeaderFieldException {
        RegisterBrokerResponseHeader h = new RegisterBrokerResponseHeader();
        h.haServerAddr = f.get("haServerAddr");
        h.masterAddr = f.get("masterAddr");
        return h;
    }

    @Override
    public void writeTo(Map<String, String> ext) {
        if (haServerAddr != null) {
            ext.put("haServerAddr", haServerAddr);
        }
        if (masterAddr != null) {
            ext.put("masterAddr", masterAddr);
        }
    }

    public String haServerAddr() {
        return haServerAddr;
    }

    public RegisterBrokerResponseHeader haServerAddr(String haServerAddr) {
        this.haServerAddr = haServerAddr;
        return this;
    }

    public String masterAddr() {
        return masterAddr;
    }

    public RegisterBrokerResponseHeader masterAddr(String masterAddr) {
        this.masterAddr = masterAddr;
        return this;
    }

    @Override
    public String toString() {
        return "RegisterBrokerResponseHeader{" + "haServerAddr=" + haServerAddr + ", masterAddr=" + masterAddr + '}';
    }
}
