package io.ferrymq.remoting.protocol.header;

import io.ferrymq.remoting.CommandHeader;
import io.ferrymq.remoting.ExtFields;
import io.ferrymq.remoting.HeaderFieldException;

import java.util.Map;

/**
 * CONSUMER_SEND_MSG_BACK (36) request header (docs/protocol.md 2.4); no body.
 *
 * <p>Required: {@code offset}, {@code group}, {@code delayLevel}. Handwritten codec, no reflection.
 */
public final class ConsumerSendMsgBackRequestHeader implements CommandHeader {
    /** Commit-log offset of the consumed message. */
    private long offset;
    private String group;
    /** 0 = let the broker choose. */
    private int delayLevel;
    private String originMsgId;
    private String originTopic;
    private boolean unitMode = false;
    private Integer maxReconsumeTimes;
    /** Target broker name the 5.x client adds to queue-scoped requests; informational. */
    private String bname;

    public ConsumerSendMsgBackRequestHeader() {
    }

    /**
     * Reads the header from a request's extFields.
     *
     * @throws HeaderFieldException naming the first missing or malformed field
     */
    public static ConsumerSendMsgBackRequestHeader decode(ExtFields f) throws HeaderFieldException {
        ConsumerSendMsgBackRequestHeader h = new ConsumerSendMsgBackRequestHeader();
        h.offset = f.requireLong("offset");
        h.group = f.requireString("group");
        h.delayLevel = f.requireInt("delayLevel");
        h.originMsgId = f.get("originMsgId");
        h.originTopic = f.get("originTopic");
        h.unitMode = f.optBoolean("unitMode", false);
        h.maxReconsumeTimes = f.optInteger("maxReconsumeTimes");
        h.bname = f.get("bname");
        return h;
    }

    @Override
    public void writeTo(Map<String, String> ext) {
        ext.put("offset", String.valueOf(offset));
        if (group != null) {
            ext.put("group", group);
        }
        ext.put("delayLevel", String.valueOf(delayLevel));
        if (originMsgId != null) {
            ext.put("originMsgId", originMsgId);
        }
        if (originTopic != null) {
            ext.put("originTopic", originTopic);
        }
        ext.put("unitMode", String.valueOf(unitMode));
        if (maxReconsumeTimes != null) {
            ext.put("maxReconsumeTimes", maxReconsumeTimes.toString());
        }
        if (bname != null) {
            ext.put("bname", bname);
        }
    }

    public long offset() {
        return offset;
    }

    public ConsumerSendMsgBackRequestHeader offset(long offset) {
        this.offset = offset;
        return this;
    }

    public String group() {
        return group;
    }

    public ConsumerSendMsgBackRequestHeader group(String group) {
        this.group = group;
        return this;
    }

    public int delayLevel() {
        return delayLevel;
    }

    public ConsumerSendMsgBackRequestHeader delayLevel(int delayLevel) {
        this.delayLevel = delayLevel;
        return this;
    }

    public String originMsgId() {
        return originMsgId;
    }

    public ConsumerSendMsgBackRequestHeader originMsgId(String originMsgId) {
        this.originMsgId = originMsgId;
        return this;
    }

    public String originTopic() {
        return originTopic;
    }

    public ConsumerSendMsgBackRequestHeader originTopic(String originTopic) {
        this.originTopic = originTopic;
        return this;
    }

    public boolean unitMode() {
        return unitMode;
    }

    public ConsumerSendMsgBackRequestHeader unitMode(boolean unitMode) {
        this.unitMode = unitMode;
        return this;
    }

    public Integer maxReconsumeTimes() {
        return maxReconsumeTimes;
    }

    public ConsumerSendMsgBackRequestHeader maxReconsumeTimes(Integer maxReconsumeTimes) {
        this.maxReconsumeTimes = maxReconsumeTimes;
        return this;
    }

    public String bname() {
        return bname;
    }

    public ConsumerSendMsgBackRequestHeader bname(String bname) {
        this.bname = bname;
        return this;
    }

    @Override
    public String toString() {
        return "ConsumerSendMsgBackRequestHeader{" + "offset=" + offset + ", group=" + group + ", delayLevel=" + delayLevel
                + ", originMsgId=" + originMsgId + ", originTopic=" + originTopic + ", unitMode=" + unitMode
                + ", maxReconsumeTimes=" + maxReconsumeTimes + ", bname=" + bname + '}';
    }
}
