package io.ferrymq.remoting.protocol.header;

import io.ferrymq.remoting.CommandHeader;
import io.ferrymq.remoting.ExtFields;
import io.ferrymq.remoting.HeaderFieldException;

import java.util.Map;

/**
 * GET_SUBSCRIPTIONGROUP_CONFIG (352) request header.
 *
 * <p>Required: {@code group}. Handwritten codec, no reflection.
 */
public final class GetSubscriptionGroupConfigRequestHeader implements CommandHeader {
    private String group;
    /** Target broker name the 5.x client adds to queue-scoped requests; informational. */
    private String bname;

    public GetSubscriptionGroupConfigRequestHeader() {
    }

    /**
     * Reads the header from a request's extFields.
     *
     * @throws HeaderFieldException naming the first missing or malformed field
     */
    public static GetSubscriptionGroupConfigRequestHeader decode(ExtFields f) throws HeaderFieldException {
        GetSubscriptionGroupConfigRequestHeader h = new GetSubscriptionGroupConfigRequestHeader();
        h.group = f.requireString("group");
        h.bname = f.get("bname");
        return h;
    }

    @Override
    public void writeTo(Map<String, String> ext) {
        if (group != null) {
            ext.put("group", group);
        }
        if (bname != null) {
            ext.put("bname", bname);
        }
    }

    public String group() {
        return group;
    }

    public GetSubscriptionGroupConfigRequestHeader group(String group) {
        this.group = group;
        return this;
    }

    public String bname() {
        return bname;
    }

    public GetSubscriptionGroupConfigRequestHeader bname(String bname) {
        this.bname = bname;
        return this;
    }

    @Override
    public String toString() {
        return "GetSubscriptionGroupConfigRequestHeader{" + "group=" + group + ", bname=" + bname + '}';
    }
}
