package io.ferrymq.remoting.protocol.header;

import io.ferrymq.remoting.CommandHeader;
import io.ferrymq.remoting.ExtFields;
import io.ferrymq.remoting.HeaderFieldException;

import java.util.Map;

/**
 * PULL_MESSAGE response header; the four offsets are required for codes 0, 19, 20 and 21 (docs/protocol.md 2.5).
 *
 * <p>Required: {@code suggestWhichBrokerId}, {@code nextBeginOffset}, {@code minOffset}, {@code maxOffset}. Handwritten codec, no reflection.
 */
public final class PullMessageResponseHeader implements CommandHeader {
    private long suggestWhichBrokerId;
    private long nextBeginOffset;
    private long minOffset;
    private long maxOffset;
    private Long offsetDelta;
    private Integer topicSysFlag;
    private Integer groupSysFlag;
    private Integer forbiddenType;

    public PullMessageResponseHeader() {
    }

    /**
     * Reads the header from a request's extFields.
     *
     * @throws HeaderFieldException naming the first missing or malformed field
     */
    public static PullMessageResponseHeader decode(ExtFields f) throws HeaderFieldException {
        PullMessageResponseHeader h = new PullMessageResponseHeader();
        h.suggestWhichBrokerId = f.requireLong("suggestWhichBrokerId");
        h.nextBeginOffset = f.requireLong("nextBeginOffset");
        h.minOffset = f.requireLong("minOffset");
        h.maxOffset = f.requireLong("maxOffset");
        h.offsetDelta = f.optLongObject("offsetDelta");
        h.topicSysFlag = f.optInteger("topicSysFlag");
        h.groupSysFlag = f.optInteger("groupSysFlag");
        h.forbiddenType = f.optInteger("forbiddenType");
        return h;
    }

    @Override
    public void writeTo(Map<String, String> ext) {
        ext.put("suggestWhichBrokerId", String.valueOf(suggestWhichBrokerId));
        ext.put("nextBeginOffset", String.valueOf(nextBeginOffset));
        ext.put("minOffset", String.valueOf(minOffset));
        ext.put("maxOffset", String.valueOf(maxOffset));
        if (offsetDelta != null) {
            ext.put("offsetDelta", offsetDelta.toString());
        }
        if (topicSysFlag != null) {
            ext.put("topicSysFlag", topicSysFlag.toString());
        }
        if (groupSysFlag != null) {
            ext.put("groupSysFlag", groupSysFlag.toString());
        }
        if (forbiddenType != null) {
            ext.put("forbiddenType", forbiddenType.toString());
        }
    }

    public long suggestWhichBrokerId() {
        return suggestWhichBrokerId;
    }

    public PullMessageResponseHeader suggestWhichBrokerId(long suggestWhichBrokerId) {
        this.suggestWhichBrokerId = suggestWhichBrokerId;
        return this;
    }

    public long nextBeginOffset() {
        return nextBeginOffset;
    }

    public PullMessageResponseHeader nextBeginOffset(long nextBeginOffset) {
        this.nextBeginOffset = nextBeginOffset;
        return this;
    }

    public long minOffset() {
        return minOffset;
    }

    public PullMessageResponseHeader minOffset(long minOffset) {
        this.minOffset = minOffset;
        return this;
    }

    public long maxOffset() {
        return maxOffset;
    }

    public PullMessageResponseHeader maxOffset(long maxOffset) {
        this.maxOffset = maxOffset;
        return this;
    }

    public Long offsetDelta() {
        return offsetDelta;
    }

    public PullMessageResponseHeader offsetDelta(Long offsetDelta) {
        this.offsetDelta = offsetDelta;
        return this;
    }

    public Integer topicSysFlag() {
        return topicSysFlag;
    }

    public PullMessageResponseHeader topicSysFlag(Integer topicSysFlag) {
        this.topicSysFlag = topicSysFlag;
        return this;
    }

    public Integer groupSysFlag() {
        return groupSysFlag;
    }

    public PullMessageResponseHeader groupSysFlag(Integer groupSysFlag) {
        this.groupSysFlag = groupSysFlag;
        return this;
    }

    public Integer forbiddenType() {
        return forbiddenType;
    }

    public PullMessageResponseHeader forbiddenType(Integer forbiddenType) {
        this.forbiddenType = forbiddenType;
        return this;
    }

    @Override
    public String toString() {
        return "PullMessageResponseHeader{" + "suggestWhichBrokerId=" + suggestWhichBrokerId + ", nextBeginOffset=" + nextBeginOffset + ", minOffset=" + minOffset
                + ", maxOffset=" + maxOffset + ", offsetDelta=" + offsetDelta + ", topicSysFlag=" + topicSysFlag
                + ", groupSysFlag=" + groupSysFlag + ", forbiddenType=" + forbiddenType + '}';
    }
}
