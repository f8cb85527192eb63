package io.ferrymq.remoting.protocol.header;

import io.ferrymq.remoting.CommandHeader;
import io.ferrymq.remoting.ExtFields;
import io.ferrymq.remoting.HeaderFieldException;

import java.util.Map;

/**
 * PULL_MESSAGE (11) and LITE_PULL_MESSAGE (361) request header (docs/protocol.md 2.5).
 *
 * <p>Required: {@code consumerGroup}, {@code topic}, {@code queueId}, {@code queueOffset}, {@code maxMsgNums}, {@code sysFlag}, {@code commitOffset}, {@code suspendTimeoutMillis}, {@code subVersion}. Handwritten codec, no reflection.
 */
public final class PullMessageRequestHeader implements CommandHeader {
    private String consumerGroup;
    private String topic;
    private int queueId;
    private long queueOffset;
    private int maxMsgNums;
    /** PullSysFlag bits: 1 commit offset, 2 suspend, 4 subscription, 8 class filter, 16 lite pull. */
    private int sysFlag;
    private long commitOffset;
    private long suspendTimeoutMillis;
    private String subscription;
    private long subVersion;
    private String expressionType;
    private Integer maxMsgBytes;
    private Integer requestSource;
    private String proxyFrowardClientId;
    /** Target broker name the 5.x client adds to queue-scoped requests; informational. */
    private String bname;

    public PullMessageRequestHeader() {
    }

    /**
     * Reads the header from a request's extFields.
     *
     * @throws HeaderFieldException naming the first missing or malformed field
     */
    public static PullMessageRequestHeader decode(ExtFields f) throws HeaderFieldException {
        PullMessageRequestHeader h = new PullMessageRequestHeader();
        h.consumerGroup = f.requireString("consumerGroup");
        h.topic = f.requireString("topic");
        h.queueId = f.requireInt("queueId");
        h.queueOffset = f.requireLong("queueOffset");
        h.maxMsgNums = f.requireInt("maxMsgNums");
        h.sysFlag = f.requireInt("sysFlag");
        h.commitOffset = f.requireLong("commitOffset");
        h.suspendTimeoutMillis = f.requireLong("suspendTimeoutMillis");
        h.subscription = f.get("subscription");
        h.subVersion = f.requireLong("subVersion");
        h.expressionType = f.get("expressionType");
        h.maxMsgBytes = f.optInteger("maxMsgBytes");
        h.requestSource = f.optInteger("requestSource");
        h.proxyFrowardClientId = f.get("proxyFrowardClientId");
        h.bname = f.get("bname");
        return h;
    }

    @Override
    public void writeTo(Map<String, String> ext) {
        if (consumerGroup != null) {
            ext.put("consumerGroup", consumerGroup);
        }
        if (topic != null) {
            ext.put("topic", topic);
        }
        ext.put("queueId", String.valueOf(queueId));
        ext.put("queueOffset", String.valueOf(queueOffset));
        ext.put("maxMsgNums", String.valueOf(maxMsgNums));
        ext.put("sysFlag", String.valueOf(sysFlag));
        ext.put("commitOffset", String.valueOf(commitOffset));
        ext.put("suspendTimeoutMillis", String.valueOf(suspendTimeoutMillis));
        if (subscription != null) {
            ext.put("subscription", subscription);
        }
        ext.put("subVersion", String.valueOf(subVersion));
        if (expressionType != null) {
            ext.put("expressionType", expressionType);
        }
        if (maxMsgBytes != null) {
            ext.put("maxMsgBytes", maxMsgBytes.toString());
        }
        if (requestSource != null) {
            ext.put("requestSource", requestSource.toString());
        }
        if (proxyFrowardClientId != null) {
            ext.put("proxyFrowardClientId", proxyFrowardClientId);
        }
        if (bname != null) {
            ext.put("bname", bname);
        }
    }

    public String consumerGroup() {
        return consumerGroup;
    }

    public PullMessageRequestHeader consumerGroup(String consumerGroup) {
        this.consumerGroup = consumerGroup;
        return this;
    }

    public String topic() {
        return topic;
    }

    public PullMessageRequestHeader topic(String topic) {
        this.topic = topic;
        return this;
    }

    public int queueId() {
        return queueId;
    }

    public PullMessageRequestHeader queueId(int queueId) {
        this.queueId = queueId;
        return this;
    }

    public long queueOffset() {
        return queueOffset;
    }

    public PullMessageRequestHeader queueOffset(long queueOffset) {
        this.queueOffset = queueOffset;
        return this;
    }

    public int maxMsgNums() {
        return maxMsgNums;
    }

    public PullMessageRequestHeader maxMsgNums(int maxMsgNums) {
        this.maxMsgNums = maxMsgNums;
        return this;
    }

    public int sysFlag() {
        return sysFlag;
    }

    public PullMessageRequestHeader sysFlag(int sysFlag) {
        this.sysFlag = sysFlag;
        return this;
    }

    public long commitOffset() {
        return commitOffset;
    }

    public PullMessageRequestHeader commitOffset(long commitOffset) {
        this.commitOffset = commitOffset;
        return this;
    }

    public long suspendTimeoutMillis() {
        return suspendTimeoutMillis;
    }

    public PullMessageRequestHeader suspendTimeoutMillis(long suspendTimeoutMillis) {
        this.suspendTimeoutMillis = suspendTimeoutMillis;
        return this;
    }

    public String subscription() {
        return subscription;
    }

    public PullMessageRequestHeader subscription(String subscription) {
        this.subscription = subscription;
        return this;
    }

    public long subVersion() {
        return subVersion;
    }

    public PullMessageRequestHeader subVersion(long subVersion) {
        this.subVersion = subVersion;
        return this;
    }

    public String expressionType() {
        return expressionType;
    }

    public PullMessageRequestHeader expressionType(String expressionType) {
        this.expressionType = expressionType;
        return this;
    }

    public Integer maxMsgBytes() {
        return maxMsgBytes;
    }

    public PullMessageRequestHeader maxMsgBytes(Integer maxMsgBytes) {
        this.maxMsgBytes = maxMsgBytes;
        return this;
    }

    public Integer requestSource() {
        return requestSource;
    }

    public PullMessageRequestHeader requestSource(Integer requestSource) {
        this.requestSource = requestSource;
        return this;
    }

    public String proxyFrowardClientId() {
        return proxyFrowardClientId;
    }

    public PullMessageRequestHeader proxyFrowardClientId(String proxyFrowardClientId) {
        this.proxyFrowardClientId = proxyFrowardClientId;
        return this;
    }

    public String bname() {
        return bname;
    }

    public PullMessageRequestHeader bname(String bname) {
        this.bname = bname;
        return this;
    }

    @Override
    public String toString() {
        return "PullMessageRequestHeader{" + "consumerGroup=" + consumerGroup + ", topic=" + topic + ", queueId=" + queueId
                + ", queueOffset=" + queueOffset + ", maxMsgNums=" + maxMsgNums + ", sysFlag=" + sysFlag
                + ", commitOffset=" + commitOffset + ", suspendTimeoutMillis=" + suspendTimeoutMillis + ", subscription=" + subscription
                + ", subVersion=" + subVersion + ", expressionType=" + expressionType + ", maxMsgBytes=" + maxMsgBytes
                + ", requestSource=" + requestSource + ", proxyFrowardClientId=" + proxyFrowardClientId + ", bname=" + bname + '}';
    }
}
