package io.ferrymq.remoting.protocol.body;

import io.ferrymq.remoting.protocol.Json;
import io.ferrymq.remoting.protocol.route.PermName;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A topic's configuration on one broker (docs/protocol.md 4.4): queue counts, permission, filter type, flags.
 * JSON element of {@link TopicConfigSerializeWrapper} and GET_TOPIC_CONFIG answers. Defaults as RocketMQ:
 * 16 read and 16 write queues, perm READ|WRITE, SINGLE_TAG.
 */
public class TopicConfig {
    public static final int DEFAULT_READ_QUEUE_NUMS = 16;
    public static final int DEFAULT_WRITE_QUEUE_NUMS = 16;
    private static final String SEPARATOR = " ";

    private String topicName;
    private int readQueueNums = DEFAULT_READ_QUEUE_NUMS;
    private int writeQueueNums = DEFAULT_WRITE_QUEUE_NUMS;
    private int perm = PermName.PERM_READ | PermName.PERM_WRITE;
    private TopicFilterType topicFilterType = TopicFilterType.SINGLE_TAG;
    private int topicSysFlag;
    private boolean order;
    private Map<String, String> attributes = new HashMap<>();

    public TopicConfig() {
    }

    public TopicConfig(String topicName) {
        this.topicName = topicName;
    }

    public TopicConfig(String topicName, int readQueueNums, int writeQueueNums, int perm) {
        this.topicName = topicName;
        this.readQueueNums = readQueueNums;
        this.writeQueueNums = writeQueueNums;
        this.perm = perm;
    }

    /** A copy (attributes copied). */
    public TopicConfig copy() {
        TopicConfig c = new TopicConfig(topicName, readQueueNums, writeQueueNums, perm);
        c.topicFilterType = topicFilterType;
        c.topicSysFlag = topicSysFlag;
        c.order = order;
        c.attributes = attributes == null ? new HashMap<>() : new HashMap<>(attributes);
        return c;
    }

    /**
     * The one-line form used inside compressed registration bodies:
     * {@code name readQueueNums writeQueueNums perm filterType attributesJson}.
     */
    public String toCompactLine() {
        StringBuilder sb = new StringBuilder();
        sb.append(topicName).append(SEPARATOR).append(readQueueNums).append(SEPARATOR).append(writeQueueNums)
                .append(SEPARATOR).append(perm).append(SEPARATOR).append(topicFilterType);
        if (attributes != null) {
            sb.append(SEPARATOR).append(Json.toJson(attributes));
        }
        return sb.toString();
    }

    /**
     * Parses {@link #toCompactLine()}.
     *
     * @throws IllegalArgumentException when the line has fewer than five fields or a field is malformed
     */
    public static TopicConfig parseCompactLine(String line) {
        String[] parts = line.split(SEPARATOR, 6);
        if (parts.length < 5) {
            throw new IllegalArgumentException("topic config line needs at least 5 space-separated fields: " + line);
        }
        TopicConfig c = new TopicConfig(parts[0]);
        try {
            c.readQueueNums = Integer.parseInt(parts[1]);
            c.writeQueueNums = Integer.parseInt(parts[2]);
            c.perm = Integer.parseInt(parts[3]);
            c.topicFilterType = TopicFilterType.valueOf(parts[4]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed topic config line '" + line + "': " + e.getMessage(), e);
        }
        if (parts.length == 6) {
            Map<?, ?> attrs = Json.parse(parts[5], Map.class);
            c.attributes = new HashMap<>();
            if (attrs != null) {
                attrs.forEach((k, v) -> c.attributes.put(String.valueOf(k), v == null ? null : String.valueOf(v)));
            }
        }
        return c;
    }

    public String getTopicName() {
        return topicName;
    }

    public void setTopicName(String topicName) {
        this.topicName = topicName;
    }

    public int getReadQueueNums() {
        return readQueueNums;
    }

    public void setReadQueueNums(int readQueueNums) {
        this.readQueueNums = readQueueNums;
    }

    public int getWriteQueueNums() {
        return writeQueueNums;
    }

    public void setWriteQueueNums(int writeQueueNums) {
        this.writeQueueNums = writeQueueNums;
    }

    public int getPerm() {
        return perm;
    }

    public void setPerm(int perm) {
        this.perm = perm;
    }

    public TopicFilterType getTopicFilterType() {
        return topicFilterType;
    }

    public void setTopicFilterType(TopicFilterType topicFilterType) {
        this.topicFilterType = topicFilterType;
    }

    public int getTopicSysFlag() {
        return topicSysFlag;
    }

    public void setTopicSysFlag(int topicSysFlag) {
        this.topicSysFlag = topicSysFlag;
    }

    public boolean isOrder() {
        return order;
    }

    public void setOrder(boolean order) {
        this.order = order;
    }

    public Map<String, String> getAttributes() {
        return attributes;
    }

    public void setAttributes(Map<String, String> attributes) {
        this.attributes = attributes;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof TopicConfig t)) {
            return false;
        }
        return readQueueNums == t.readQueueNums && writeQueueNums == t.writeQueueNums && perm == t.perm
                && topicSysFlag == t.topicSysFlag && order == t.order && Objects.equals(topicName, t.topicName)
                && topicFilterType == t.topicFilterType && Objects.equals(attributes, t.attributes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(topicName, readQueueNums, writeQueueNums, perm, topicFilterType, topicSysFlag, order,
                attributes);
    }

    @Override
    public String toString() {
        return "TopicConfig{topicName=" + topicName + ", readQueueNums=" + readQueueNums + ", writeQueueNums="
                + writeQueueNums + ", perm=" + PermName.toString(perm) + ", topicFilterType=" + topicFilterType
                + ", topicSysFlag=" + topicSysFlag + ", order=" + order + ", attributes=" + attributes + '}';
    }
}
