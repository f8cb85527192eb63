package io.ferrymq.remoting.protocol.body;

import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * One subscription of a consumer group (docs/protocol.md 4.2): topic, expression, and for TAG expressions the tags and
 * their hash codes. Equality ignores {@code subVersion} (as RocketMQ's does), so a re-sent identical subscription
 * is the same subscription. Ordered by {@code topic@subString}.
 */
public class SubscriptionData implements Comparable<SubscriptionData> {
    /** The TAG expression that matches every message. */
    public static final String SUB_ALL = "*";

    private boolean classFilterMode;
    private String topic;
    private String subString;
    private Set<String> tagsSet = new HashSet<>();
    private Set<Integer> codeSet = new HashSet<>();
    private long subVersion;
    private String expressionType = ExpressionType.TAG;

    public SubscriptionData() {
    }

    public SubscriptionData(String topic, String subString) {
        this.topic = topic;
        this.subString = subString;
    }

    /**
     * Builds a TAG subscription exactly as RocketMQ's FilterAPI does: null, empty or {@code *} subscribes to all
     * (empty tag and code sets, subString {@code *}); otherwise tags are separated by {@code ||}, each trimmed,
     * empty ones dropped, and each tag's code is {@link String#hashCode()}. {@code subVersion} is now (ms).
     */
    public static SubscriptionData build(String topic, String subString) {
        return build(topic, subString, System.currentTimeMillis());
    }

    /** As {@link #build(String, String)} with an explicit {@code subVersion}. */
    public static SubscriptionData build(String topic, String subString, long subVersion) {
        SubscriptionData sd = new SubscriptionData();
        sd.topic = topic;
        sd.subVersion = subVersion;
        sd.expressionType = ExpressionType.TAG;
        if (subString == null || subString.isEmpty() || SUB_ALL.equals(subString)) {
            sd.subString = SUB_ALL;
            return sd;
        }
        sd.subString = subString;
        for (String tag : subString.split("\\|\\|")) {
            String t = tag.trim();
            if (!t.isEmpty()) {
                sd.tagsSet.add(t);
                sd.codeSet.add(t.hashCode());
            }
        }
        return sd;
    }

    /**
     * Builds a subscription of any expression type: TAG via {@link #build(String, String, long)}; other types
     * (SQL92) keep the expression as is with empty tag sets.
     */
    public static SubscriptionData build(String topic, String subString, String expressionType, long subVersion) {
        if (ExpressionType.isTagType(expressionType)) {
            return build(topic, subString, subVersion);
        }
        SubscriptionData sd = new SubscriptionData(topic, subString);
        sd.expressionType = expressionType;
        sd.subVersion = subVersion;
        return sd;
    }

    /** The tag code stored in consume-queue entries for {@code tag} (0 for null or empty). */
    public static int tagCode(String tag) {
        return tag == null || tag.isEmpty() ? 0 : tag.hashCode();
    }

    /**
     * Broker-side TAG match on a consume-queue entry's tag code: true for subscribe-all, for non-TAG expressions
     * (decided elsewhere) and when the code is one of the subscribed tags'. The client re-checks the tag string.
     */
    public boolean acceptsTagCode(long tagsCode) {
        if (!ExpressionType.isTagType(expressionType) || SUB_ALL.equals(subString) || codeSet == null
                || codeSet.isEmpty()) {
            return true;
        }
        return codeSet.contains((int) tagsCode);
    }

    public boolean isClassFilterMode() {
        return classFilterMode;
    }

    public void setClassFilterMode(boolean classFilterMode) {
        this.classFilterMode = classFilterMode;
    }

    public String getTopic() {
        return topic;
    }

    public void setTopic(String topic) {
        this.topic = topic;
    }

    public String getSubString() {
        return subString;
    }

    public void setSubString(String subString) {
        this.subString = subString;
    }

    public Set<String> getTagsSet() {
        return tagsSet;
    }

    public void setTagsSet(Set<String> tagsSet) {
        this.tagsSet = tagsSet;
    }

    public Set<Integer> getCodeSet() {
        return codeSet;
    }

    public void setCodeSet(Set<Integer> codeSet) {
        this.codeSet = codeSet;
    }

    public long getSubVersion() {
        return subVersion;
    }

    public void setSubVersion(long subVersion) {
        this.subVersion = subVersion;
    }

    public String getExpressionType() {
        return expressionType;
    }

    public void setExpressionType(String expressionType) {
        this.expressionType = expressionType;
    }

    @Override
    public int compareTo(SubscriptionData o) {
        return (topic + "@" + subString).compareTo(o.topic + "@" + o.subString);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof SubscriptionData s)) {
            return false;
        }
        return classFilterMode == s.classFilterMode && Objects.equals(topic, s.topic)
                && Objects.equals(subString, s.subString) && Objects.equals(tagsSet, s.tagsSet)
                && Objects.equals(codeSet, s.codeSet) && Objects.equals(expressionType, s.expressionType);
    }

    @Override
    public int hashCode() {
        return Objects.hash(classFilterMode, topic, subString, tagsSet, codeSet, expressionType);
    }

    @Override
    public String toString() {
        return "SubscriptionData{topic=" + topic + ", subString=" + subString + ", expressionType=" + expressionType
                + ", tagsSet=" + tagsSet + ", codeSet=" + codeSet + ", subVersion=" + subVersion + '}';
    }
}
