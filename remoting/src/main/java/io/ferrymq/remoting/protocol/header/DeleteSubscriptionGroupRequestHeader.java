package io.ferrymq.remoting.protocol.header;

import io.ferrymq.remoting.CommandHeader;
import io.ferrymq.remoting.ExtFields;
import io.ferrymq.remoting.HeaderFieldException;

import java.util.Map;

/**
 * DELETE_SUBSCRIPTIONGROUP (207) request header.
 *
 * <p>Required: {@code groupName}. Handwritten codec, no reflection.
 */
public final class DeleteSubscriptionGroupRequestHeader implements CommandHeader {
    private String groupName;
    private boolean cleanOffset = false;
    /** Target broker name the 5.x client adds to queue-scoped requests; informational. */
    private String bname;

    public DeleteSubscriptionGroupRequestHeader() {
    }

    /**
     * Reads the header from a request's extFields.
     *
     * @throws HeaderFieldException naming the first missing or malformed field
     */
    public static DeleteSubscriptionGroupRequestHeader decode(ExtFields f) throws HeaderFieldException {
        DeleteSubscriptionGroupRequestHeader h = new DeleteSubscriptionGroupRequestHeader();
        h.groupName = f.requireString("groupName");
        h.cleanOffset = f.optBoolean("cleanOffset", false);
        h.bname = f.get("bname");
        return h;
    }

    @Override
    public void writeTo(Map<String, String> ext) {
        if (groupName != null) {
            ext.put("groupName", groupName);
        }
        ext.put("cleanOffset", String.valueOf(cleanOffset));
        if (bname != null) {
            ext.put("bname", bname);
        }
    }

    public String groupName() {
        return groupName;
    }

    public DeleteSubscriptionGroupRequestHeader groupName(String groupName) {
        this.groupName = groupName;
        return this;
    }

    public boolean cleanOffset() {
        return cleanOffset;
    }

    public DeleteSubscriptionGroupRequestHeader cleanOffset(boolean cleanOffset) {
        this.cleanOffset = cleanOffset;
        return this;
    }

    public String bname() {
        return bname;
    }

    public DeleteSubscriptionGroupRequestHeader bname(String bname) {
        this.bname = bname;
        return this;
    }

    @Override
    public String toString() {
        return "DeleteSubscriptionGroupRequestHeader{" + "groupName=" + groupName + ", cleanOffset=" + cleanOffset + ", bname=" + bname + '}';
    }
}
