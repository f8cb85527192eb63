package io.ferrymq.remoting.protocol.header;

import io.ferrymq.remoting.CommandHeader;
import io.ferrymq.remoting.ExtFields;
import io.ferrymq.remoting.HeaderFieldException;

import java.util.Map;

/**
 * UPDATE_AND_CREATE_TOPIC (17) request header (docs/protocol.md 2.9); attributes in the {@code +k=v,-k2} format.
 *
 * <p>Required: {@code topic}, {@code defaultTopic}, {@code readQueueNums}, {@code writeQueueNums}, {@code perm}, {@code topicFilterType}, {@code order}. Handwritten codec, no reflection.
 */
public final class CreateTopicRequestHeader implements CommandHeader {
    private String topic;
    private String defaultTopic;
    private int readQueueNums;
    private int writeQueueNums;
    private int perm;
    private String topicFilterType;
    private Integer topicSysFlag;
    private boolean order;
    private String attributes;
    private Boolean force;
    /** Target broker name the 5.x client adds to queue-scoped requests; informational. */
    private String bname;

    public CreateTopicRequestHeader() {
    }

    /**
     * Reads the header from a request's extFields.
     *
     * @throws HeaderFieldException naming the first missing or malformed field
     */
    public static CreateTopicRequestHeader decode(ExtFields f) throws HeaderFieldException {
        CreateTopicRequestHeader h = new CreateTopicRequestHeader();
        h.topic = f.requireString("topic");
        h.defaultTopic = f.requireString("defaultTopic");
        h.readQueueNums = f.requireInt("readQueueNums");
        h.writeQueueNums = f.requireInt("writeQueueNums");
        h.perm = f.requireInt("perm");
        h.topicFilterType = f.requireString("topicFilterType");
        h.topicSysFlag = f.optInteger("topicSysFlag");
        h.order = f.requireBoolean("order");
        h.attributes = f.get("attributes");
        h.force = f.has("force") ? Boolean.valueOf(f.requireBoolean("force")) : null;
        h.bname = f.get("bname");
        return h;
    }

    @Override
    public void writeTo(Map<String, String> ext) {
        if (topic != null) {
            ext.put("topic", topic);
        }
        if (defaultTopic != null) {
            ext.put("defaultTopic", defaultTopic);
        }
        ext.put("readQueueNums", String.valueOf(readQueueNums));
        ext.put("writeQueueNums", String.valueOf(writeQueueNums));
        ext.put("perm", String.valueOf(perm));
        if (topicFilterType != null) {
            ext.put("topicFilterType", topicFilterType);
        }
        if (topicSysFlag != null) {
            ext.put("topicSysFlag", topicSysFlag.toString());
        }
        ext.put("order", String.valueOf(order));
        if (attributes != null) {
            ext.put("attributes", attributes);
        }
        if (force != null) {
            ext.put("force", force.toString());
        }
        if (bname != null) {
            ext.put("bname", bname);
        }
    }

    public String topic() {
        return topic;
    }

    public CreateTopicRequestHeader topic(String topic) {
        this.topic = topic;
        return this;
    }

    public String defaultTopic() {
        return defaultTopic;
    }

    public CreateTopicRequestHeader defaultTopic(String defaultTopic) {
        this.defaultTopic = defaultTopic;
        return this;
    }

    public int readQueueNums() {
        return readQueueNums;
    }

    public CreateTopicRequestHeader readQueueNums(int readQueueNums) {
        this.readQueueNums = readQueueNums;
        return this;
    }

    public int writeQueueNums() {
        return writeQueueNums;
    }

    public CreateTopicRequestHeader writeQueueNums(int writeQueueNums) {
        this.writeQueueNums = writeQueueNums;
        return this;
    }

    public int perm() {
        return perm;
    }

    public CreateTopicRequestHeader perm(int perm) {
        this.perm = perm;
        return this;
    }

    public String topicFilterType() {
        return topicFilterType;
    }

    public CreateTopicRequestHeader topicFilterType(String topicFilterType) {
        this.topicFilterType = topicFilterType;
        return this;
    }

    public Integer topicSysFlag() {
        return topicSysFlag;
    }

    public CreateTopicRequestHeader topicSysFlag(Integer topicSysFlag) {
        this.topicSysFlag = topicSysFlag;
        return this;
    }

    public boolean order() {
        return order;
    }

    public CreateTopicRequestHeader order(boolean order) {
        this.order = order;
        return this;
    }

    public String attributes() {
        return attributes;
    }

    public CreateTopicRequestHeader attributes(String attributes) {
        this.attributes = attributes;
        return this;
    }

    public Boolean force() {
        return force;
    }

    public CreateTopicRequestHeader force(Boolean force) {
        this.force = force;
        return this;
    }

    public String bname() {
        return bname;
    }

    public CreateTopicRequestHeader bname(String bname) {
        this.bname = bname;
        return this;
    }

    @Override
    public String toString() {
        return "CreateTopicRequestHeader{" + "topic=" + topic + ", defaultTopic=" + defaultTopic + ", readQueueNums=" + readQueueNums
                + ", writeQueueNums=" + writeQueueNums + ", perm=" + perm + ", topicFilterType=" + topicFilterType
                + ", topicSysFlag=" + topicSysFlag + ", order=" + order + ", attributes=" + attributes
                + ", force=" + force + ", bname=" + bname + '}';
    }
}
