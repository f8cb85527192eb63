package io.ferrymq.remoting.protocol.header;

import io.ferrymq.remoting.CommandHeader;
import io.ferrymq.remoting.ExtFields;
import io.ferrymq.remoting.HeaderFieldException;

import java.util.Map;

/**
 * PUSH_REPLY_MESSAGE_TO_CLIENT (326) request header, broker to the requesting client (docs/protocol.md 5.10).
 *
 * <p>Required: {@code producerGroup}, {@code topic}, {@code defaultTopic}, {@code defaultTopicQueueNums}, {@code queueId}, {@code sysFlag}, {@code bornTimestamp}, {@code flag}, {@code bornHost}, {@code storeHost}, {@code storeTimestamp}. Handwritten codec, no reflection.
 */
public final class ReplyMessageRequestHeader implements CommandHeader {
    private String producerGroup;
    private String topic;
    private String defaultTopic;
    private int defaultTopicQueueNums;
    private int queueId;
    private int sysFlag;
    private long bornTimestamp;
    private int flag;
    private String properties;
    private Integer reconsumeTimes;
    private boolean unitMode = false;
    private String bornHost;
    private String storeHost;
    private long storeTimestamp;
    /** Target broker name the 5.x client adds to queue-scoped requests; informational. */
    private String bname;

    public ReplyMessageRequestHeader() {
    }

    /**
     * Reads the header from a request's extFields.
     *
     * @throws HeaderFieldException naming the first missing or malformed field
     */
    public static ReplyMessageRequestHeader decode(ExtFields f) throws HeaderFieldException {
        ReplyMessageRequestHeader h = new ReplyMessageRequestHeader();
        h.producerGroup = f.requireString("producerGroup");
        h.topic = f.requireString("topic");
        h.defaultTopic = f.requireString("defaultTopic");
        h.defaultTopicQueueNums = f.requireInt("defaultTopicQueueNums");
        h.queueId = f.requireInt("queueId");
        h.sysFlag = f.requireInt("sysFlag");
        h.bornTimestamp = f.requireLong("bornTimestamp");
        h.flag = f.requireInt("flag");
        h.properties = f.get("properties");
        h.reconsumeTimes = f.optInteger("reconsumeTimes");
        h.unitMode = f.optBoolean("unitMode", false);
        h.bornHost = f.requireString("bornHost");
        h.storeHost = f.requireString("storeHost");
        h.storeTimestamp = f.requireLong("storeTimestamp");
        h.bname = f.get("bname");
        return h;
    }

    @Override
    public void writeTo(Map<String, String> ext) {
        if (producerGroup != null) {
            ext.put("producerGroup", producerGroup);
        }
        if (topic != null) {
            ext.put("topic", topic);
        }
        if (defaultTopic != null) {
            ext.put("defaultTopic", defaultTopic);
        }
        ext.put("defaultTopicQueueNums", String.valueOf(defaultTopicQueueNums));
        ext.put("queueId", String.valueOf(queueId));
        ext.put("sysFlag", String.valueOf(sysFlag));
        ext.put("bornTimestamp", String.valueOf(bornTimestamp));
        ext.put("flag", String.valueOf(flag));
        if (properties != null) {
            ext.put("properties", properties);
        }
        if (reconsumeTimes != null) {
            ext.put("reconsumeTimes", reconsumeTimes.toString());
        }
        ext.put("unitMode", String.valueOf(unitMode));
        if (bornHost != null) {
            ext.put("bornHost", bornHost);
        }
        if (storeHost != null) {
            ext.put("storeHost", storeHost);
        }
        ext.put("storeTimestamp", String.valueOf(storeTimestamp));
        if (bname != null) {
            ext.put("bname", bname);
        }
    }

    public String producerGroup() {
        return producerGroup;
    }

    public ReplyMessageRequestHeader producerGroup(String producerGroup) {
        this.producerGroup = producerGroup;
        return this;
    }

    public String topic() {
        return topic;
    }

    public ReplyMessageRequestHeader topic(String topic) {
        this.topic = topic;
        return this;
    }

    public String defaultTopic() {
        return defaultTopic;
    }

    public ReplyMessageRequestHeader defaultTopic(String defaultTopic) {
        this.defaultTopic = defaultTopic;
        return this;
    }

    public int defaultTopicQueueNums() {
        return defaultTopicQueueNums;
    }

    public ReplyMessageRequestHeader defaultTopicQueueNums(int defaultTopicQueueNums) {
        this.defaultTopicQueueNums = defaultTopicQueueNums;
        return this;
    }

    public int queueId() {
        return queueId;
    }

    public ReplyMessageRequestHeader queueId(int queueId) {
        this.queueId = queueId;
        return this;
    }

    public int sysFlag() {
        return sysFlag;
    }

    public ReplyMessageRequestHeader sysFlag(int sysFlag) {
        this.sysFlag = sysFlag;
        return this;
    }

    public long bornTimestamp() {
        return bornTimestamp;
    }

    public ReplyMessageRequestHeader bornTimestamp(long bornTimestamp) {
        this.bornTimestamp = bornTimestamp;
        return this;
    }

    public int flag() {
        return flag;
    }

    public ReplyMessageRequestHeader flag(int flag) {
        this.flag = flag;
        return this;
    }

    public String properties() {
        return properties;
    }

    public ReplyMessageRequestHeader properties(String properties) {
        this.properties = properties;
        return this;
    }

    public Integer reconsumeTimes() {
        return reconsumeTimes;
    }

    public ReplyMessageRequestHeader reconsumeTimes(Integer reconsumeTimes) {
        this.reconsumeTimes = reconsumeTimes;
        return this;
    }

    public boolean unitMode() {
        return unitMode;
    }

    public ReplyMessageRequestHeader unitMode(boolean unitMode) {
        this.unitMode = unitMode;
        return this;
    }

    public String bornHost() {
        return bornHost;
    }

    public ReplyMessageRequestHeader bornHost(String bornHost) {
        this.bornHost = bornHost;
        return this;
    }

    public String storeHost() {
        return storeHost;
    }

    public ReplyMessageRequestHeader storeHost(String storeHost) {
        this.storeHost = storeHost;
        return this;
    }

    public long storeTimestamp() {
        return storeTimestamp;
    }

    public ReplyMessageRequestHeader storeTimestamp(long storeTimestamp) {
        this.storeTimestamp = storeTimestamp;
        return this;
    }

    public String bname() {
        return bname;
    }

    public ReplyMessageRequestHeader bname(String bname) {
        this.bname = bname;
        return this;
    }

    @Override
    public String toString() {
        return "ReplyMessageRequestHeader{" + "producerGroup=" + producerGroup + ", topic=" + topic + ", defaultTopic=" + defaultTopic
                + ", defaultTopicQueueNums=" + defaultTopicQueueNums + ", queueId=" + queueId + ", sysFlag=" + sysFlag
                + ", bornTimestamp=" + bornTimestamp + ", flag=" + flag + ", properties=" + properties
                + ", reconsumeTimes=" + reconsumeTimes + ", unitMode=" + unitMode + ", bornHost=" + bornHost
                + ", storeHost=" + storeHost + ", storeTimestamp=" + storeTimestamp + ", bname=" + bname + '}';
    }
}
