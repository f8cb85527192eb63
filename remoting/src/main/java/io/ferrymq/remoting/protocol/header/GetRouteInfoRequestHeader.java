package io.ferrymq.remoting.protocol.header;

import io.ferrymq.remoting.CommandHeader;
import io.ferrymq.remoting.ExtFields;
import io.ferrymq.remoting.HeaderFieldException;

import java.util.Map;

/**
 * GET_ROUTEINFO_BY_TOPIC (105) request header.
 *
 * <p>Required: {@code topic}. Handwritten codec, no reflection.
 */
public final class GetRouteInfoRequestHeader implements CommandHeader {
    private String topic;
    private Boolean acceptStandardJsonOnly;
    /** Target broker name the 5.x client adds to queue-scoped requests; informational. */
    private String bname;

    public GetRouteInfoRequestHeader() {
    }

    /**
     * Reads the header from a request's extFields.
     *
     * @throws HeaderFieldException naming the first missing or malformed field
     */
    public static GetRouteInfoRequestHeader decode(ExtFields f) throws HeaderFieldException {
        GetRouteInfoRequestHeader h = new GetRouteInfoRequestHeader();
        h.topic = f.requireString("topic");
        h.acceptStandardJsonOnly = f.has("acceptStandardJsonOnly") ? Boolean.valueOf(f.requireBoolean("acceptStandardJsonOnly")) : null;
        h.bname = f.get("bname");
        return h;
    }

    @Override
    public void writeTo(Map<String, String> ext) {
        if (topic != null) {
            ext.put("topic", topic);
        }
        if (acceptStandardJsonOnly != null) {
            ext.put("acceptStandardJsonOnly", acceptStandardJsonOnly.toString());
        }
        if (bname != null) {
            ext.put("bname", bname);
        }
    }

    public String topic() {
        return topic;
    }

    public GetRouteInfoRequestHeader topic(String topic) {
        this.topic = topic;
        return this;
    }

    public Boolean acceptStandardJsonOnly() {
        return acceptStandardJsonOnly;
    }

    public GetRouteInfoRequestHeader acceptStandardJsonOnly(Boolean acceptStandardJsonOnly) {
        this.acceptStandardJsonOnly = acceptStandardJsonOnly;
        return this;
    }

    public String bname() {
        return bname;
    }

    public GetRouteInfoRequestHeader bname(String bname) {
        this.bname = bname;
        return this;
    }

    @Override
    public String toString() {
        return "GetRouteInfoRequestHeader{" + "topic=" + topic + ", acceptStandardJsonOnly=" + acceptStandardJsonOnly + ", bname=" + bname + '}';
    }
}
