package io.ferrymq.remoting.protocol.header;

import io.ferrymq.remoting.CommandHeader;
import io.ferrymq.remoting.ExtFields;
import io.ferrymq.remoting.HeaderFieldException;

import java.util.Map;

/**
 * INVOKE_BROKER_TO_GET_CONSUMER_STATUS (223) / GET_CONSUMER_STATUS_FROM_CLIENT (221) request header.
 *
 * <p>Required: {@code topic}, {@code group}. Handwritten codec, no reflection.
 */
public final class GetConsumerStatusRequestHeader implements CommandHeader {
    private String topic;
    private String group;
    private String clientAddr;
    /** Target broker name the 5.x client adds to queue-scoped requests; informational. */
    private String bname;

    public GetConsumerStatusRequestHeader() {
    }

    /**
     * Reads the header from a request's extFields.
     *
     * @throws HeaderFieldException naming the first missing or malformed field
     */
    public static GetConsumerStatusRequestHeader decode(ExtFields f) throws HeaderFieldException {
        GetConsumerStatusRequestHeader h = new GetConsumerStatusRequestHeader();
        h.topic = f.requireString("topic");
        h.group = f.requireString("group");
        h.clientAddr = f.get("clientAddr");
        h.bname = f.get("bname");
        return h;
    }

    @Override
    public void writeTo(Map<String, String> ext) {
        if (topic != null) {
            ext.put("topic", topic);
        }
        if (group != null) {
            ext.put("group", group);
        }
        if (clientAddr != null) {
            ext.put("clientAddr", clientAddr);
        }
        if (bname != null) {
            ext.put("bname", bname);
        }
    }

    public String topic() {
        return topic;
    }

    public GetConsumerStatusRequestHeader topic(String topic) {
        this.topic = topic;
        return this;
    }

    public String group() {
        return group;
    }

    public GetConsumerStatusRequestHeader group(String group) {
        this.group = group;
        return this;
    }

    public String clientAddr() {
        return clientAddr;
    }

    public GetConsumerStatusRequestHeader clientAddr(String clientAddr) {
        this.clientAddr = clientAddr;
        return this;
    }

    public String bname() {
        return bname;
    }

    public GetConsumerStatusRequestHeader bname(String bname) {
        this.bname = bname;
        return this;
    }

    @Override
    public String toString() {
        return "GetConsumerStatusRequestHeader{" + "topic=" + topic + ", group=" + group + ", clientAddr=" + clientAddr
                + ", bname=" + bname + '}';
    }
}
